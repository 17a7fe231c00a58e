package org.tcplifecycle.sim;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.SplittableRandom;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.core.PacketEncoder;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.wire.IpCodec;
import org.tcplifecycle.wire.OptionLayout;

/**
 * Blind in-window attacks (RFC 5961): an off-path attacker who knows a connection's 4-tuple but not its
 * sequence numbers sends forged RSTs, SYNs or data segments, with sequence (and acknowledgment)
 * numbers drawn uniformly from the 2^32 space, at the server end of an idle established connection
 * with a 64 KiB receive window. Success: the connection is reset (RST, SYN), or forged octets are
 * accepted into the receive buffer (data). After a success the connection is rebuilt.
 */
public final class BlindAttack {
    public enum Kind { RST, SYN, DATA }

    /** Outcome of {@code attempts} forged segments. */
    public record Result(ResetPolicy policy, Kind kind, long attempts, long successes, long challengeAcks) {
        public double perMillion() {
            return successes * 1e6 / attempts;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s %-4s %,12d attempts %,8d successes (%.3f per million), %,d challenge ACKs",
                    policy, kind, attempts, successes, perMillion(), challengeAcks);
        }
    }

    private static final int CLIENT_IP = 0xC000_0202, SERVER_IP = 0xC000_0201;

    private final ResetPolicy policy;
    private final SplittableRandom rnd;
    private final ArrayDeque<byte[]> toServer = new ArrayDeque<>(), toClient = new ArrayDeque<>();
    private boolean dropServerOutput;
    private TcpEngine client, server;
    private long listener, ch, sh;
    private int clientPort;
    private long now = 1_000_000_000L;
    private boolean reset;
    private final Segment forged = new Segment();
    private final ByteBuffer buf = ByteBuffer.allocate(2048);
    private final ByteBuffer payload = ByteBuffer.allocate(64);

    private BlindAttack(ResetPolicy policy, long seed) {
        this.policy = policy;
        this.rnd = new SplittableRandom(seed);
    }

    public static Result measure(ResetPolicy policy, Kind kind, long attempts, long seed) {
        return new BlindAttack(policy, seed).run(kind, attempts);
    }

    private Result run(Kind kind, long attempts) {
        connect();
        long successes = 0, challenges = 0;
        for (long i = 0; i < attempts; i++) {
            long before = server.stats().challengeAcks;
            int rcvNxt = server.view(sh).rcvNxt();
            forge(kind);
            buf.clear();
            int n = IpCodec.encode(forged, buf, 0, OptionLayout.LINUX, (int) i & 0xFFFF);
            dropServerOutput = true;
            server.onPacket(buf, 0, n, now);
            dropServerOutput = false;
            challenges += server.stats().challengeAcks - before;
            now += 1000; // a million forged segments per second
            boolean hit = reset || server.state(sh) != TcpState.ESTABLISHED
                    || kind == Kind.DATA && server.view(sh).rcvNxt() != rcvNxt;
            if (hit) {
                successes++;
                connect();
            }
        }
        return new Result(policy, kind, attempts, successes, challenges);
    }

    private void forge(Kind kind) {
        Segment s = forged.clear();
        s.srcLo = CLIENT_IP & 0xFFFF_FFFFL;
        s.dstLo = SERVER_IP & 0xFFFF_FFFFL;
        s.srcPort = clientPort;
        s.dstPort = 80;
        s.seq = rnd.nextInt();
        s.window = 512;
        switch (kind) {
            case RST:
                s.flags = TcpFlags.RST;
                break;
            case SYN:
                s.flags = TcpFlags.SYN;
                break;
            default:
                s.flags = TcpFlags.ACK | TcpFlags.PSH;
                s.ack = rnd.nextInt();
                payload.clear();
                s.payload = payload;
                s.payloadOffset = 0;
                s.payloadLength = 1 + rnd.nextInt(48);
        }
    }

    /** A fresh idle connection (the previous one, if any, is torn down). */
    private void connect() {
        TcpConfig cc = TcpConfig.rfc(), sc = TcpConfig.rfc().reset(policy);
        // Measure the RST/SYN acceptance policy alone: the attacker's segments carry no TSopt, which the
        // RFC profile's RFC 7323 §3.2 rule would drop before the policy is even asked (except RSTs).
        sc.requireTimestamps = false;
        client = new TcpEngine(cc, new PacketEncoder((b, o, n) -> toServer.add(copy(b, o, n))), TcpEventListener.NONE, 16);
        server = new TcpEngine(sc, new PacketEncoder((b, o, n) -> {
            if (!dropServerOutput) toClient.add(copy(b, o, n));
        }), new TcpEventListener() {
            @Override
            public void onReset(long handle, int cause) {
                reset = true;
            }
        }, 16);
        reset = false;
        listener = server.listen(Endpoint.v4(SERVER_IP, 80), 16);
        ch = client.connect4(CLIENT_IP, 0, SERVER_IP, 80, now);
        clientPort = client.tuple(ch).local().port();
        pump();
        sh = server.accept(listener);
        // some traffic, so the sequence numbers are mid-stream
        byte[] data = new byte[1000 + rnd.nextInt(3000)];
        client.send(ch, data, 0, data.length, now);
        pump();
        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
        server.receive(sh, sink, now);
        pump();
    }

    private void pump() {
        for (int guard = 0; guard < 10_000 && (!toServer.isEmpty() || !toClient.isEmpty()); guard++) {
            now += 100_000;
            if (!toServer.isEmpty()) {
                byte[] p = toServer.poll();
                server.onPacket(ByteBuffer.wrap(p), 0, p.length, now);
            }
            if (!toClient.isEmpty()) {
                byte[] p = toClient.poll();
                client.onPacket(ByteBuffer.wrap(p), 0, p.length, now);
            }
        }
    }

    private static byte[] copy(ByteBuffer b, int off, int len) {
        byte[] p = new byte[len];
        b.get(off, p, 0, len);
        return p;
    }

    /** Prints both policies for each kind: {@code -Dattack.attempts} per cell (default 10 000 000). */
    public static void main(String[] args) {
        long attempts = Long.getLong("attack.attempts", 10_000_000L);
        for (Kind k : Kind.values()) {
            for (ResetPolicy p : new ResetPolicy[] {ResetPolicy.RFC793, ResetPolicy.RFC5961}) {
                long t0 = System.nanoTime();
                Result r = measure(p, k, attempts, 42);
                System.out.printf(Locale.ROOT, "%s  (%.1f s)%n", r, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
