package org.tcplifecycle.sim;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.SplittableRandom;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.PacketEncoder;
import org.tcplifecycle.api.policy.SynCookiePolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.TcpStats;
import org.tcplifecycle.wire.IpCodec;
import org.tcplifecycle.wire.OptionLayout;

/**
 * A SYN flood in virtual time: a listener with a plain backlog receives SYNs from spoofed sources
 * (random addresses and ports, never answering) at a rate far above what the backlog can hold, while
 * legitimate clients keep trying to connect (1 ms away, retransmitting their SYNs as the policy says).
 * With {@link SynCookiePolicy#OFF} the numbers show what a plain backlog gives; with cookies the listener
 * answers statelessly once (or whenever) its SYN queue is full.
 */
public final class SynFlood {
    /**
     * @param floodSyns          spoofed SYNs sent
     * @param floodPerSecond     their rate (virtual time)
     * @param backlog            the listener's backlog
     * @param legitAttempts      legitimate connects started (spread over the flood)
     * @param legitDuringFlood   of those, handshakes completed before the flood ended
     * @param legitAfter         handshakes completed by the end (the flood stopped, timers ran)
     * @param peakConnections    most control blocks the server held at once
     * @param peakSynReceived    most half-open (SYN_RECEIVED) connections at once
     * @param backlogDrops       SYNs (and final ACKs) dropped because a queue was full
     * @param wallSynsPerSecond  spoofed SYNs the server processed per wall-clock second
     */
    public record Result(long floodSyns, long floodPerSecond, int backlog, long legitAttempts, long legitDuringFlood,
                         long legitAfter, long peakConnections, long peakSynReceived, long backlogDrops,
                         double wallSynsPerSecond) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d spoofed SYNs at %,d/s against backlog %d: legitimate handshakes %d of %d during "
                            + "the flood, %d by the end; peak %d control blocks (%d SYN_RECEIVED); %,d backlog drops; "
                            + "%,.0f SYNs/s processed (wall clock)", floodSyns, floodPerSecond, backlog, legitDuringFlood, legitAttempts,
                    legitAfter, peakConnections, peakSynReceived, backlogDrops, wallSynsPerSecond);
        }
    }

    private static final int SERVER_IP = 0xC000_0201, CLIENT_IP = 0xC000_0202;

    public static Result run(long floodSyns, long floodPerSecond, int backlog, int legitPerSecond, long seed) {
        return run(floodSyns, floodPerSecond, backlog, legitPerSecond, seed, SynCookiePolicy.OFF);
    }

    /** As {@link #run(long, long, int, int, long)}, with the listener answering as {@code cookies} says. */
    public static Result run(long floodSyns, long floodPerSecond, int backlog, int legitPerSecond, long seed,
            SynCookiePolicy cookies) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TcpConfig serverConfig = TcpConfig.rfc().synCookies(cookies);
        serverConfig.synCookieKey0 = seed; // a fixed key keeps the run reproducible
        serverConfig.synCookieKey1 = ~seed;
        ArrayDeque<byte[]> toServer = new ArrayDeque<>(), toClient = new ArrayDeque<>();
        ArrayDeque<Long> toServerAt = new ArrayDeque<>(), toClientAt = new ArrayDeque<>();
        long[] now = {0};
        long[] connected = {0};
        TcpEngine server = new TcpEngine(serverConfig, new PacketEncoder((b, o, n) -> {
            // only answers to the legitimate client travel back; spoofed sources never receive anything
            if (b.getInt(o + 16) == CLIENT_IP) {
                toClient.add(copy(b, o, n));
                toClientAt.add(now[0] + 1_000_000L);
            }
        }), TcpEventListener.NONE, 4096);
        TcpEngine client = new TcpEngine(TcpConfig.rfc(), new PacketEncoder((b, o, n) -> {
            toServer.add(copy(b, o, n));
            toServerAt.add(now[0] + 1_000_000L);
        }), new TcpEventListener() {
            @Override
            public void onConnected(long handle) {
                connected[0]++;
            }
        }, 4096);
        long listener = server.listen(Endpoint.v4(SERVER_IP, 80), backlog);
        Segment syn = new Segment();
        ByteBuffer buf = ByteBuffer.allocate(128);
        long gap = 1_000_000_000L / floodPerSecond;
        long legitGap = 1_000_000_000L / legitPerSecond;
        long floodEnd = floodSyns * gap;
        long nextLegit = 0, legitAttempts = 0, legitDuring = -1, peakConns = 0, peakSynRcvd = 0, floodNanos = 0;
        long end = floodEnd + 200_000_000_000L; // then 200 s for retransmissions and timeouts to run out
        long sent = 0;
        while (now[0] < end) {
            long t = now[0];
            if (sent < floodSyns) {
                syn.clear();
                syn.srcLo = rnd.nextInt() & 0xFFFF_FFFFL;
                syn.dstLo = SERVER_IP;
                syn.srcPort = 1024 + rnd.nextInt(64512);
                syn.dstPort = 80;
                syn.seq = rnd.nextInt();
                syn.flags = TcpFlags.SYN;
                syn.window = 64240;
                syn.mss = 1460;
                int n = IpCodec.encode(syn, buf, 0, OptionLayout.LINUX, (int) sent);
                long w0 = System.nanoTime();
                server.onPacket(buf, 0, n, t);
                floodNanos += System.nanoTime() - w0;
                sent++;
            }
            if (t >= nextLegit && t < floodEnd) {
                try {
                    client.connect4(CLIENT_IP, 0, SERVER_IP, 80, t);
                    legitAttempts++;
                } catch (TcpException ignored) {
                    // ports exhausted: not an attempt
                }
                nextLegit += legitGap;
            }
            while (!toServerAt.isEmpty() && toServerAt.peek() <= t) {
                toServerAt.poll();
                byte[] p = toServer.poll();
                server.onPacket(ByteBuffer.wrap(p), 0, p.length, t);
            }
            while (!toClientAt.isEmpty() && toClientAt.peek() <= t) {
                toClientAt.poll();
                byte[] p = toClient.poll();
                client.onPacket(ByteBuffer.wrap(p), 0, p.length, t);
            }
            long h;
            while ((h = server.accept(listener)) != TcpEngine.NO_HANDLE) server.close(h, t);
            server.advance(t);
            client.advance(t);
            peakConns = Math.max(peakConns, server.connectionCount());
            peakSynRcvd = Math.max(peakSynRcvd, server.stats().inState(TcpState.SYN_RECEIVED));
            if (legitDuring < 0 && t >= floodEnd) legitDuring = connected[0];
            now[0] = sent < floodSyns ? t + gap : t + 1_000_000L;
        }
        return new Result(floodSyns, floodPerSecond, backlog, legitAttempts, legitDuring, connected[0], peakConns, peakSynRcvd,
                server.stats().drops(TcpStats.DROP_BACKLOG_FULL), floodSyns / (floodNanos / 1e9));
    }

    private static byte[] copy(ByteBuffer b, int off, int len) {
        byte[] p = new byte[len];
        b.get(off, p, 0, len);
        return p;
    }

    /**
     * {@code -Dflood.syns} (default 1 000 000) at {@code -Dflood.rate} per second, backlog {@code -Dflood.backlog},
     * SYN cookies {@code -Dflood.cookies=off|when-full|always} (default off).
     */
    public static void main(String[] args) {
        long syns = Long.getLong("flood.syns", 1_000_000L);
        long rate = Long.getLong("flood.rate", 100_000L);
        int backlog = Integer.getInteger("flood.backlog", 128);
        String c = System.getProperty("flood.cookies", "off");
        SynCookiePolicy cookies;
        switch (c) {
            case "always": cookies = SynCookiePolicy.ALWAYS; break;
            case "when-full": cookies = SynCookiePolicy.WHEN_FULL; break;
            case "off": cookies = SynCookiePolicy.OFF; break;
            default: throw new IllegalArgumentException("flood.cookies must be off, when-full or always, not " + c);
        }
        System.out.println("cookies " + c + ": " + run(syns, rate, backlog, 20, 7, cookies));
    }
}
