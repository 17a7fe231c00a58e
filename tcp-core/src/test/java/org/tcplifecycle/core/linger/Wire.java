package org.tcplifecycle.core.linger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.timers.HeapTimerService;

/**
 * Two engines back to back through an in-memory link with a manual clock (milliseconds). The client is
 * 192.0.2.2 (ISS 10001), the server 192.0.2.1:80 (ISS 20001). Every segment is deep-copied into a queue
 * and written to {@link #log} as {@code "C>S F. 10007 ack 20002 len 0"} (PSH left out), so a test states
 * exactly what went over the wire. Segments can be delivered one at a time, dropped, or forged.
 */
public final class Wire {
    public static final Endpoint SERVER = Endpoint.v4("192.0.2.1", 80);
    public static final Endpoint CLIENT = Endpoint.v4("192.0.2.2", 40000);
    public static final int CLIENT_ISS = 10001;
    public static final int SERVER_ISS = 20001;

    public final TcpEngine client;
    public final TcpEngine server;
    public final Events clientEvents = new Events();
    public final Events serverEvents = new Events();
    public final ArrayDeque<Segment> toServer = new ArrayDeque<>();
    public final ArrayDeque<Segment> toClient = new ArrayDeque<>();
    public final List<String> log = new ArrayList<>();
    public long nowMs;

    /**
     * RFC profile without timestamps or window scaling (so every segment is easy to state), and the exact
     * heap timer service (the default wheel may fire a little late), so timeouts happen at the stated
     * millisecond. The fixtures set fixed ISNs unless the config names another generator.
     */
    public static TcpConfig plain() {
        return TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).timers(HeapTimerService::new);
    }

    public Wire() {
        this(plain(), plain());
    }

    public Wire(TcpConfig clientCfg, TcpConfig serverCfg) {
        this((sink, l) -> new TcpEngine(withIsn(clientCfg, CLIENT_ISS), sink, l),
                (sink, l) -> new TcpEngine(withIsn(serverCfg, SERVER_ISS), sink, l));
    }

    /** Engines made elsewhere (e.g. through Dagger) from the sink and listener given here. */
    public Wire(BiFunction<SegmentSink, TcpEventListener, TcpEngine> clientMaker,
            BiFunction<SegmentSink, TcpEventListener, TcpEngine> serverMaker) {
        client = clientMaker.apply(s -> {
            log.add("C>S " + fmt(s));
            toServer.add(s.deepCopy());
        }, clientEvents);
        server = serverMaker.apply(s -> {
            log.add("S>C " + fmt(s));
            toClient.add(s.deepCopy());
        }, serverEvents);
    }

    private static TcpConfig withIsn(TcpConfig c, int iss) {
        return c.isnIsDefault() ? c.isn(IsnGenerator.fixed(iss)) : c;
    }

    public static String fmt(Segment s) {
        String f = TcpFlags.str(s.flags & ~TcpFlags.PSH);
        return f + " " + Integer.toUnsignedString(s.seq)
                + ((s.flags & TcpFlags.ACK) != 0 ? " ack " + Integer.toUnsignedString(s.ack) : "")
                + " len " + s.payloadLength;
    }

    public long now() {
        return nowMs * 1_000_000L;
    }

    /** Deliver both ways until the link is quiet. */
    public void run() {
        for (int guard = 0; guard < 10_000 && (!toServer.isEmpty() || !toClient.isEmpty()); guard++) {
            if (!toServer.isEmpty()) server.onSegment(toServer.poll(), now());
            if (!toClient.isEmpty()) client.onSegment(toClient.poll(), now());
        }
    }

    public void deliverToServer() {
        server.onSegment(toServer.poll(), now());
    }

    public void deliverToClient() {
        client.onSegment(toClient.poll(), now());
    }

    /** The link loses everything in flight. */
    public void dropAll() {
        toServer.clear();
        toClient.clear();
    }

    public void advanceMs(long ms) {
        nowMs += ms;
        client.advance(now());
        server.advance(now());
    }

    /** Listener on the server, connect from {@code clientPort}, run: {client handle, server handle}. */
    public long[] handshake() {
        long l = server.listen(SERVER, 16);
        long c = client.connect(CLIENT, SERVER, now());
        run();
        return new long[] {c, server.accept(l), l};
    }

    /** A segment as if the client had sent it (for scripted peers); the server gets it now. */
    public void forgeToServer(String flags, int seq, int ack, String text) {
        Segment s = new Segment();
        s.srcLo = CLIENT.lo();
        s.dstLo = SERVER.lo();
        s.srcPort = CLIENT.port();
        s.dstPort = SERVER.port();
        s.seq = seq;
        s.ack = ack;
        s.window = 32768;
        for (char ch : flags.toCharArray()) {
            s.flags |= ch == 'S' ? TcpFlags.SYN : ch == 'F' ? TcpFlags.FIN : ch == 'R' ? TcpFlags.RST
                    : ch == 'P' ? TcpFlags.PSH : ch == '.' ? TcpFlags.ACK : 0;
        }
        if (!text.isEmpty()) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            s.payload = ByteBuffer.wrap(b);
            s.payloadLength = b.length;
        }
        log.add("C>S " + fmt(s) + " (forged)");
        server.onSegment(s, now());
    }

    /** Log entries from {@code from} on. */
    public List<String> logFrom(int from) {
        return new ArrayList<>(log.subList(from, log.size()));
    }

    public static int write(TcpEngine e, long h, String s, long now) {
        return e.send(h, ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)), now);
    }

    /** Everything readable now; null at end of stream. */
    public static String read(TcpEngine e, long h, long now) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        int n = e.receive(h, b, now);
        if (n < 0) return null;
        b.flip();
        return StandardCharsets.US_ASCII.decode(b).toString();
    }

    /** Records the events an application sees, as short strings. */
    public static final class Events implements TcpEventListener {
        public final List<String> list = new ArrayList<>();

        @Override
        public void onStateChange(long handle, TcpState from, TcpState to, int cause) {
            list.add(from + "->" + to);
        }

        @Override
        public void onReset(long handle, int cause) {
            list.add("reset:" + Cause.name(cause));
        }

        @Override
        public void onLingerResult(long handle, boolean completed) {
            list.add("linger:" + completed);
        }

        @Override
        public void onClosed(long handle, int cause) {
            list.add("closed:" + Cause.name(cause));
        }

        @Override
        public void onPeerClosed(long handle) {
            list.add("peer-closed");
        }
    }
}
