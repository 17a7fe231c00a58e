package org.tcplifecycle.sim;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.core.PacketEncoder;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.wire.Checksum;
import org.tcplifecycle.wire.DecodeResult;

/**
 * Two engines with live connections between them (legitimate traffic keeps flowing), and a fuzzer that
 * throws mutated and random IP packets at either one. Mutations start from recent legitimate packets,
 * so they carry live 4-tuples and sequence numbers near the windows and reach deep into the state
 * machine; many are given correct checksums so the codec lets them through.
 */
final class FuzzRig {
    static final int CLIENT_IP = 0xC000_0202, SERVER_IP = 0xC000_0201;

    final TcpEngine client, server;
    final long listener;
    final SplittableRandom rnd;
    final ArrayDeque<byte[]> toServer = new ArrayDeque<>(), toClient = new ArrayDeque<>();
    final byte[][] recent = new byte[256][];
    int recentCount;
    final List<Long> clientConns = new ArrayList<>(), serverConns = new ArrayList<>();
    final boolean[] inRst = new boolean[2];
    long rstForRst;
    long now = 1_000_000_000L;
    /** Calls of onPacket per engine and how many were not OK (must match the engine's own counts). */
    final long[] calls = new long[2], rejected = new long[2];
    private final byte[] junk = new byte[64];

    FuzzRig(long seed) {
        rnd = new SplittableRandom(seed);
        client = new TcpEngine(SimPolicies.rfc(), new PacketEncoder((b, o, n) -> out(0, b, o, n)), new Events(0), 256);
        server = new TcpEngine(SimPolicies.rfc(), new PacketEncoder((b, o, n) -> out(1, b, o, n)), new Events(1), 256);
        listener = server.listen(Endpoint.v4(SERVER_IP, 80), 64);
    }

    private void out(int side, ByteBuffer b, int off, int len) {
        byte[] p = new byte[len];
        b.get(off, p, 0, len);
        int ihl = (p[0] & 0xF) * 4;
        if (inRst[side] && (p[ihl + 13] & TcpFlags.RST) != 0) {
            if (rstForRst++ < 3) examples.add("in " + describe(current) + " -> out " + describe(p));
        }
        recent[recentCount++ & 255] = p;
        (side == 0 ? toServer : toClient).add(p);
    }

    private final class Events implements TcpEventListener {
        final int side;

        Events(int side) {
            this.side = side;
        }
    }

    /** One step of legitimate life: deliver queued packets, open, write, read, close now and then. */
    void legit() {
        for (int i = 0; i < 4 && (!toServer.isEmpty() || !toClient.isEmpty()); i++) {
            if (!toServer.isEmpty()) deliver(1, toServer.poll());
            if (!toClient.isEmpty()) deliver(0, toClient.poll());
        }
        long h;
        while ((h = server.accept(listener)) != TcpEngine.NO_HANDLE) serverConns.add(h);
        if (clientConns.size() < 8 && rnd.nextInt(4) == 0) {
            try {
                clientConns.add(client.connect4(CLIENT_IP, 0, SERVER_IP, 80, now));
            } catch (TcpException ignored) {
                // ports exhausted: fine
            }
        }
        app(client, clientConns);
        app(server, serverConns);
        now += 1000 + rnd.nextInt(200_000);
        client.advance(now);
        server.advance(now);
    }

    private final ByteBuffer rb = ByteBuffer.allocate(1 << 16);

    private void app(TcpEngine e, List<Long> hs) {
        if (hs.isEmpty()) return;
        int i = rnd.nextInt(hs.size());
        long h = hs.get(i);
        try {
            rb.clear();
            int n = e.receive(h, rb, now);
            int op = rnd.nextInt(16);
            if (n < 0 || op == 0) {
                e.close(h, now);
                hs.remove(i);
            } else if (op == 1) {
                e.abort(h, now);
                hs.remove(i);
            } else if (op < 6) {
                rnd.nextBytes(junk);
                e.send(h, junk, 0, 1 + rnd.nextInt(junk.length), now);
            } else if (op == 6) {
                e.shutdownOutput(h, now);
            }
        } catch (TcpException ex) {
            try {
                e.close(h, now);
            } catch (TcpException ignored) {
                // already released
            }
            hs.remove(i);
        }
    }

    final List<String> examples = new ArrayList<>();
    private byte[] current;

    static String describe(byte[] p) {
        org.tcplifecycle.api.Segment s = new org.tcplifecycle.api.Segment();
        int r = org.tcplifecycle.wire.IpCodec.decode(ByteBuffer.wrap(p), 0, p.length, s, 0);
        return r == DecodeResult.OK ? s.toString() : DecodeResult.name(r) + " " + java.util.HexFormat.of().formatHex(p);
    }

    int deliver(int side, byte[] p) {
        TcpEngine e = side == 0 ? client : server;
        current = p;
        int ihl = p.length > 0 && (p[0] & 0xF0) == 0x40 ? (p[0] & 0xF) * 4 : 40;
        inRst[side] = p.length > ihl + 13 && (p[ihl + 13] & TcpFlags.RST) != 0;
        try {
            int r = e.onPacket(ByteBuffer.wrap(p), 0, p.length, now);
            calls[side]++;
            if (r != DecodeResult.OK) rejected[side]++;
            return r;
        } finally {
            inRst[side] = false;
        }
    }

    /** A fuzzed packet: a mutation of a recent legitimate one, or noise. */
    byte[] next() {
        int strategy = rnd.nextInt(100);
        if (strategy < 5 || recentCount == 0) {
            byte[] p = new byte[rnd.nextInt(80)];
            rnd.nextBytes(p);
            if (p.length > 0 && rnd.nextBoolean()) p[0] = (byte) (rnd.nextBoolean() ? 0x45 : 0x60);
            return p;
        }
        byte[] base = recent[rnd.nextInt(Math.min(recentCount, 256))];
        byte[] p = base.clone();
        int ihl = (p[0] & 0xF) * 4;
        if (strategy < 20) { // raw bit flips: the checksums must catch them
            int flips = 1 + rnd.nextInt(3);
            for (int i = 0; i < flips; i++) p[rnd.nextInt(p.length)] ^= (byte) (1 << rnd.nextInt(8));
            return p;
        }
        if (strategy < 28) { // truncated or padded
            int len = rnd.nextInt(p.length + 40);
            byte[] q = new byte[len];
            System.arraycopy(p, 0, q, 0, Math.min(len, p.length));
            if (rnd.nextBoolean()) fixIp(q);
            return q;
        }
        if (strategy < 36) return ipMutation(p, ihl);
        if (strategy < 44) return v6(p, ihl);
        return tcpMutation(p, ihl);
    }

    private byte[] tcpMutation(byte[] p, int ihl) {
        int t = ihl;
        int muts = 1 + rnd.nextInt(3);
        for (int m = 0; m < muts; m++) {
            switch (rnd.nextInt(10)) {
                case 0: putInt(p, t + 4, getInt(p, t + 4) + near()); break;           // seq near the original
                case 1: putInt(p, t + 8, getInt(p, t + 8) + near()); break;           // ack near
                case 2: putInt(p, t + 4, rnd.nextInt()); break;                        // blind seq
                case 3: p[t + 13] = (byte) rnd.nextInt(256); break;                    // any flags
                case 4: p[t + 13] = (byte) (new int[] {TcpFlags.RST, TcpFlags.SYN, TcpFlags.FIN | TcpFlags.ACK,
                        TcpFlags.RST | TcpFlags.ACK, TcpFlags.SYN | TcpFlags.ACK, TcpFlags.ACK, 0}[rnd.nextInt(7)]); break;
                case 5: p[t + 14] = (byte) rnd.nextInt(256); p[t + 15] = (byte) rnd.nextInt(256); break; // window
                case 6: p[t + 12] = (byte) (rnd.nextInt(16) << 4); break;               // data offset
                case 7: { // option bytes
                    int doff = (p[t + 12] >>> 4 & 0xF) * 4;
                    if (doff > 20 && t + doff <= p.length) p[t + 20 + rnd.nextInt(doff - 20)] = (byte) rnd.nextInt(256);
                    else p[t + 13] |= TcpFlags.URG;
                    break;
                }
                case 8: { // payload grows or shrinks
                    int doff = Math.max(20, (p[t + 12] >>> 4 & 0xF) * 4);
                    int extra = rnd.nextInt(1500);
                    byte[] q = new byte[Math.min(t + doff, p.length) + extra];
                    System.arraycopy(p, 0, q, 0, Math.min(q.length, p.length));
                    for (int i = p.length; i < q.length; i++) q[i] = (byte) rnd.nextInt(256);
                    p = q;
                    break;
                }
                default: { // ports swapped (a reflection) or one changed
                    if (rnd.nextBoolean()) {
                        byte a = p[t], b = p[t + 1];
                        p[t] = p[t + 2];
                        p[t + 1] = p[t + 3];
                        p[t + 2] = a;
                        p[t + 3] = b;
                    } else {
                        p[t + 1 + 2 * rnd.nextInt(2)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
            }
        }
        fixIp(p);
        fixTcp(p);
        return p;
    }

    private byte[] ipMutation(byte[] p, int ihl) {
        switch (rnd.nextInt(7)) {
            case 0: p[0] = (byte) (rnd.nextInt(16) << 4 | p[0] & 0xF); break;         // version
            case 1: p[0] = (byte) (p[0] & 0xF0 | rnd.nextInt(16)); break;             // IHL
            case 2: p[2] = (byte) rnd.nextInt(256); p[3] = (byte) rnd.nextInt(256); break; // total length
            case 3: p[9] = (byte) rnd.nextInt(256); break;                            // protocol
            case 4: p[6] = (byte) (rnd.nextInt(4) << 5 | rnd.nextInt(32)); p[7] = (byte) rnd.nextInt(256); break; // fragments
            case 5: p[8] = 0; break;                                                  // TTL 0
            default: putInt(p, 12 + 4 * rnd.nextInt(2), rnd.nextInt());              // an address
        }
        if (rnd.nextInt(4) != 0) fixIpChecksum(p);
        if (rnd.nextBoolean()) fixTcp(p);
        return p;
    }

    /** The same TCP segment in IPv6 (addresses unknown to the engines), with random extension headers. */
    private byte[] v6(byte[] p, int ihl) {
        int tcpLen = p.length - ihl;
        int ext = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0;
        byte[] q = new byte[40 + ext * 8 + tcpLen];
        q[0] = 0x60;
        int payload = q.length - 40;
        q[4] = (byte) (payload >>> 8);
        q[5] = (byte) payload;
        q[7] = 64;
        q[8 + 15] = 2;
        q[24 + 15] = 1;
        int[] kinds = {0, 43, 44, 60, 59, 6};
        int next = 6;
        int off = 40 + ext * 8;
        for (int i = ext - 1; i >= 0; i--) {
            int k = kinds[rnd.nextInt(kinds.length)];
            q[40 + i * 8] = (byte) next;
            q[40 + i * 8 + 1] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(4) : 0);
            next = k;
        }
        q[6] = (byte) next;
        System.arraycopy(p, ihl, q, off, tcpLen);
        if (rnd.nextInt(4) != 0) {
            q[off + 16] = 0;
            q[off + 17] = 0;
            int s = Checksum.sum(q, 8, 32, 0);
            s = Checksum.add(s, Checksum.fold((long) tcpLen + 6));
            s = Checksum.sum(q, off, tcpLen, s);
            int c = Checksum.finish(s);
            q[off + 16] = (byte) (c >>> 8);
            q[off + 17] = (byte) c;
        }
        return q;
    }

    private int near() {
        int r = rnd.nextInt(8);
        return r < 3 ? rnd.nextInt(3) - 1 : r < 6 ? rnd.nextInt(4096) - 2048 : rnd.nextInt(1 << 20) - (1 << 19);
    }

    static void fixIp(byte[] p) {
        if (p.length < 20 || (p[0] & 0xF0) != 0x40) return;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        fixIpChecksum(p);
    }

    static void fixIpChecksum(byte[] p) {
        if (p.length < 20) return;
        int ihl = Math.min(Math.max((p[0] & 0xF) * 4, 20), p.length);
        p[10] = 0;
        p[11] = 0;
        int c = Checksum.finish(Checksum.sum(p, 0, ihl, 0));
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
    }

    static void fixTcp(byte[] p) {
        if (p.length < 40 || (p[0] & 0xF0) != 0x40) return;
        int ihl = (p[0] & 0xF) * 4;
        if (ihl < 20 || ihl + 18 > p.length) return;
        int tcpLen = p.length - ihl;
        p[ihl + 16] = 0;
        p[ihl + 17] = 0;
        int s = Checksum.pseudoV4(getInt(p, 12), getInt(p, 16), 6, tcpLen);
        s = Checksum.sum(p, ihl, tcpLen, s);
        int c = Checksum.finish(s);
        p[ihl + 16] = (byte) (c >>> 8);
        p[ihl + 17] = (byte) c;
    }

    static int getInt(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | b[o + 3] & 0xFF;
    }

    static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    /** Let everything finish: applications close what they hold, time runs past every timer. */
    void drain() {
        for (long h : clientConns) closeQuietly(client, h);
        for (long h : serverConns) closeQuietly(server, h);
        clientConns.clear();
        serverConns.clear();
        for (int i = 0; i < 100_000 && (client.connectionCount() + server.connectionCount() + client.timeWaitCount()
                + server.timeWaitCount() > 0 || !toServer.isEmpty() || !toClient.isEmpty()); i++) {
            while (!toServer.isEmpty() || !toClient.isEmpty()) {
                if (!toServer.isEmpty()) deliver(1, toServer.poll());
                if (!toClient.isEmpty()) deliver(0, toClient.poll());
            }
            long h;
            while ((h = server.accept(listener)) != TcpEngine.NO_HANDLE) closeQuietly(server, h);
            long next = Math.min(client.nextDeadline(), server.nextDeadline());
            if (next == Long.MAX_VALUE) break;
            now = next > now ? next : now + 1_000_000L; // a timing wheel reports a bound up to a granule early
            client.advance(now);
            server.advance(now);
        }
    }

    private void closeQuietly(TcpEngine e, long h) {
        try {
            e.close(h, now);
        } catch (TcpException ignored) {
            // gone already
        }
    }
}
