package org.tcplifecycle.bench;

import java.util.SplittableRandom;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.policy.TimeWaitReusePolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

/**
 * One shared-nothing shard for the transition benchmarks: a client engine and a server engine back to
 * back, holding {@code n} resident connections, each at its own position in a ten-step lifecycle script.
 * {@link #step()} advances one connection, picked through a pre-shuffled index, by one step: one API
 * call or one segment delivered, each causing one state transition (the reconnect also ends the old
 * TIME_WAIT row, so that step causes two):
 *
 * <pre>
 *  0 client OPEN                 CLOSED -> SYN-SENT (and TIME-WAIT -> CLOSED, tcp_tw_reuse)
 *  1 SYN at the server           (LISTEN child) CLOSED -> SYN-RECEIVED
 *  2 SYN-ACK at the client       SYN-SENT -> ESTABLISHED
 *  3 ACK at the server, accept   SYN-RECEIVED -> ESTABLISHED
 *  4 client CLOSE                ESTABLISHED -> FIN-WAIT-1
 *  5 FIN at the server           ESTABLISHED -> CLOSE-WAIT
 *  6 ACK at the client           FIN-WAIT-1 -> FIN-WAIT-2
 *  7 server CLOSE                CLOSE-WAIT -> LAST-ACK
 *  8 FIN at the client           FIN-WAIT-2 -> TIME-WAIT
 *  9 ACK at the server           LAST-ACK -> CLOSED
 * </pre>
 *
 * The clock stands still, so no timer fires and every transition is caused by the script. Each
 * connection has at most one segment in flight, kept as the header fields that vary (one 64-byte row of
 * an int array per connection, so holding and delivering it touches one cache line) and unpacked into one
 * reusable {@link Segment} on delivery: no allocation. TIME-WAIT ends by reuse: the next OPEN of the same 4-tuple takes the row over
 * ({@link TimeWaitReusePolicy#ALWAYS}), as Linux's tcp_tw_reuse does once timestamps allow it.
 */
public final class LifecycleShard {
    public static final int STEPS = 10;
    private static final int SERVER_ADDR = 0xC0000201; // 192.0.2.1
    private static final int SERVER_PORT = 80;
    private static final int CLIENT_BASE = 0x0A010000;  // 10.1.0.0 + i / PORTS_PER_ADDR
    private static final int PORTS_PER_ADDR = 60_000;
    private static final long NOW = 1_000_000_000L;

    private final int n;
    public final TcpEngine client;
    public final TcpEngine server;
    private final long listener;
    private final int[] order;
    private final byte[] pos;
    private final boolean[] reused;
    private final long[] clientHandle;
    private final long[] serverHandle;
    // per connection, FIELDS ints: the segment in flight (addresses and ports follow from the index)
    private static final int FIELDS = 16;
    private static final int SEQ = 0, ACK = 1, FLAGS = 2, WINDOW = 3, URGENT = 4, MSS = 5, WSCALE = 6, OPTS = 7,
            TSVAL = 8, TSECR = 9;
    private final int[] inFlight;
    private final Segment rx = new Segment();
    private int cursor;
    private int current;
    private int emitted;
    /** Transitions the script has caused (checked against the engines' own counters). */
    public long transitions;
    /** Segments emitted that the script did not expect (must stay 0). */
    public long unexpected;

    public LifecycleShard(int connections, long seed) {
        this(connections, seed, config(), config());
    }

    public LifecycleShard(int connections, long seed, TcpConfig clientCfg, TcpConfig serverCfg) {
        n = connections;
        SegmentSink sink = this::hold;
        client = new TcpEngine(clientCfg, sink, TcpEventListener.NONE, n);
        server = new TcpEngine(serverCfg, sink, TcpEventListener.NONE, n);
        listener = server.listen(Endpoint.v4(ip(SERVER_ADDR), SERVER_PORT), Integer.MAX_VALUE);
        order = new int[n];
        pos = new byte[n];
        reused = new boolean[n];
        clientHandle = new long[n];
        serverHandle = new long[n];
        inFlight = new int[n * FIELDS];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** RFC profile with tcp_tw_reuse on (TIME-WAIT ends when its 4-tuple is opened again). */
    public static TcpConfig config() {
        return TcpConfig.rfc().timeWaitReuse(TimeWaitReusePolicy.ALWAYS);
    }

    /** Spread the connections over the script: each is advanced a random number of steps. */
    public LifecycleShard spread(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(STEPS);
            for (int s = 0; s < k; s++) advance(i);
        }
        return this;
    }

    /**
     * Run {@code passes} passes of the shuffled order, so that every table the engines grow on demand (the
     * TIME-WAIT ring holds about two passes' worth of rows) has reached its steady size before measuring.
     */
    public LifecycleShard settle(int passes) {
        for (long k = (long) passes * n; k > 0; k--) step();
        return this;
    }

    public int connections() {
        return n;
    }

    /** One operation: the next connection in the shuffled order takes its next step. */
    public void step() {
        int i = order[cursor];
        if (++cursor == n) cursor = 0;
        advance(i);
    }

    /** Advance connection i by one step of its script. */
    public void advance(int i) {
        current = i;
        emitted = 0;
        int p = pos[i];
        switch (p) {
            case 0 -> {
                clientHandle[i] = client.connect4(clientAddr(i), clientPort(i), SERVER_ADDR, SERVER_PORT, NOW);
                transitions += reused[i] ? 2 : 1;
            }
            case 1, 3, 5, 9 -> {
                server.onSegment(unpack(i, true), NOW);
                transitions++;
                if (p == 3) serverHandle[i] = server.accept(listener);
            }
            case 2, 6, 8 -> {
                client.onSegment(unpack(i, false), NOW);
                transitions++;
                if (p == 8) reused[i] = true;
            }
            case 4 -> {
                client.close(clientHandle[i], NOW);
                transitions++;
            }
            default -> { // 7
                server.close(serverHandle[i], NOW);
                transitions++;
            }
        }
        pos[i] = (byte) (p == STEPS - 1 ? 0 : p + 1);
    }

    private void hold(Segment seg) {
        if (emitted++ != 0 || seg.payloadLength != 0 || seg.sackBlocks != 0 || seg.ipv6) {
            unexpected++;
            return;
        }
        int b = current * FIELDS;
        int[] f = inFlight;
        f[b + SEQ] = seg.seq;
        f[b + ACK] = seg.ack;
        f[b + FLAGS] = seg.flags;
        f[b + WINDOW] = seg.window;
        f[b + URGENT] = seg.urgent;
        f[b + MSS] = seg.mss;
        f[b + WSCALE] = seg.wscale;
        f[b + OPTS] = (seg.sackPermitted ? 1 : 0) | (seg.hasTimestamps ? 2 : 0);
        f[b + TSVAL] = seg.tsVal;
        f[b + TSECR] = seg.tsEcr;
    }

    /** The segment in flight for connection i, addressed client to server or back. */
    private Segment unpack(int i, boolean toServer) {
        Segment s = rx;
        int b = i * FIELDS;
        int[] f = inFlight;
        long c = clientAddr(i) & 0xFFFF_FFFFL, srv = SERVER_ADDR & 0xFFFF_FFFFL;
        int cp = clientPort(i);
        s.srcLo = toServer ? c : srv;
        s.dstLo = toServer ? srv : c;
        s.srcPort = toServer ? cp : SERVER_PORT;
        s.dstPort = toServer ? SERVER_PORT : cp;
        s.seq = f[b + SEQ];
        s.ack = f[b + ACK];
        s.flags = f[b + FLAGS];
        s.window = f[b + WINDOW];
        s.urgent = f[b + URGENT];
        s.mss = f[b + MSS];
        s.wscale = f[b + WSCALE];
        int o = f[b + OPTS];
        s.sackPermitted = (o & 1) != 0;
        s.hasTimestamps = (o & 2) != 0;
        s.tsVal = f[b + TSVAL];
        s.tsEcr = f[b + TSECR];
        s.payloadLength = 0;
        s.sackBlocks = 0;
        return s;
    }

    private static int clientAddr(int i) {
        return CLIENT_BASE + i / PORTS_PER_ADDR;
    }

    private static int clientPort(int i) {
        return 1024 + i % PORTS_PER_ADDR;
    }

    /** Transitions both engines have counted. */
    public long engineTransitions() {
        return client.stats().transitionsTotal() + server.stats().transitionsTotal();
    }

    /** Advance every connection until it is about to take step {@code position}. */
    public LifecycleShard advanceAllTo(int position) {
        for (int i = 0; i < n; i++) {
            while (pos[i] != position) advance(i);
        }
        return this;
    }

    /** The driver's own per-connection arrays (not part of either engine), for footprint accounting. */
    public Object[] driverState() {
        return new Object[] {order, pos, reused, clientHandle, serverHandle, inFlight};
    }

    /** Script position of connection i (tests). */
    public int position(int i) {
        return pos[i];
    }

    public long clientHandle(int i) {
        return clientHandle[i];
    }

    public long serverHandle(int i) {
        return serverHandle[i];
    }

    static String ip(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }
}
