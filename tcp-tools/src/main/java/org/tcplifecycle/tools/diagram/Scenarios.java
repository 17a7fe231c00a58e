package org.tcplifecycle.tools.diagram;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

/**
 * The textbook lifecycles, each run between two engines in-process on a manual clock (1 ms one way, no
 * loss). ISNs are RFC 9293's example values, 100 on the left and 300 on the right; TIME-WAIT is 2MSL with
 * MSL 30 s.
 */
public final class Scenarios {
    public static final List<String> NAMES = List.of("handshake", "active-close", "passive-close", "simultaneous-open",
            "simultaneous-close", "half-close", "linger-abort", "refused");

    static final long DELAY = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MSL = TimeUnit.SECONDS.toNanos(30);

    private Scenarios() {
    }

    /** Run a named scenario; null if the name is unknown. */
    public static Ladder run(String name) {
        return switch (name) {
            case "handshake" -> new Duo("Three-way handshake", "client", "server").handshake().finish();
            case "active-close" -> activeClose(true);
            case "passive-close" -> activeClose(false);
            case "simultaneous-open" -> simultaneousOpen();
            case "simultaneous-close" -> simultaneousClose();
            case "half-close" -> halfClose();
            case "linger-abort" -> lingerAbort();
            case "refused" -> refused();
            default -> null;
        };
    }

    /** The client closes first (active close) or the server does (the client closes passively). */
    private static Ladder activeClose(boolean clientFirst) {
        Duo d = new Duo(clientFirst ? "Active close: the client closes first" : "Passive close: the server closes first, the client follows",
                "client", "server").handshake();
        d.write(true, "hello");
        d.write(false, "world");
        d.close(clientFirst);
        d.readEof(!clientFirst);
        d.close(!clientFirst);
        d.timeWait();
        return d.finish();
    }

    private static Ladder simultaneousOpen() {
        Duo d = new Duo("Simultaneous open: both SYNs cross", "A", "B");
        d.ca = d.left.connect(d.lep, d.rep, d.now);
        d.note(true, "connect()");
        d.sa = d.right.connect(d.rep, d.lep, d.now);
        d.note(false, "connect()");
        d.run();
        return d.finish();
    }

    private static Ladder simultaneousClose() {
        Duo d = new Duo("Simultaneous close: both FINs cross", "client", "server").handshake();
        d.left.close(d.ca, d.now);
        d.note(true, "close()");
        d.right.close(d.sa, d.now);
        d.note(false, "close()");
        d.run();
        d.timeWait();
        return d.finish();
    }

    private static Ladder halfClose() {
        Duo d = new Duo("Half-close: the client shuts down its output and keeps reading", "client", "server").handshake();
        d.write(true, "request");
        d.left.shutdownOutput(d.ca, d.now);
        d.note(true, "shutdown(SHUT_WR)");
        d.run();
        d.readEof(false);
        d.write(false, "reply");
        d.read(true);
        d.close(false);
        d.readEof(true);
        d.timeWait();
        return d.finish();
    }

    private static Ladder lingerAbort() {
        Duo d = new Duo("Abortive close: SO_LINGER 0, RST instead of FIN", "client", "server").handshake();
        d.write(true, "hello");
        d.left.setLinger(d.ca, true, 0);
        d.left.close(d.ca, d.now);
        d.note(true, "SO_LINGER 0; close()");
        d.run();
        return d.finish();
    }

    private static Ladder refused() {
        Duo d = new Duo("Connection refused: nobody listens", "client", "server");
        d.ca = d.left.connect(d.lep, d.rep, d.now);
        d.note(true, "connect()");
        d.run();
        return d.finish();
    }

    /** Two engines joined by a 1 ms link, drawing everything into a ladder. */
    static final class Duo {
        private record InFlight(long at, long order, boolean toRight, Segment seg) {
        }

        final Ladder ladder;
        final TcpEngine left;
        final TcpEngine right;
        final Endpoint lep = Endpoint.v4("192.0.2.1", 40000);
        final Endpoint rep = Endpoint.v4("192.0.2.2", 80);
        long now = 0;
        long ca = TcpEngine.NO_HANDLE;
        long sa = TcpEngine.NO_HANDLE;
        long listener = TcpEngine.NO_HANDLE;
        private long seq;
        private final PriorityQueue<InFlight> net = new PriorityQueue<>((a, b) ->
                a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
        private final Map<Boolean, Long> timeWaitSince = new HashMap<>();
        private final List<Integer> isns = new ArrayList<>(List.of(100, 300));

        Duo(String title, String leftName, String rightName) {
            ladder = new Ladder(title, leftName, rightName);
            left = new TcpEngine(config(100), s -> sent(s, true), events(true));
            right = new TcpEngine(config(300), s -> sent(s, false), events(false));
        }

        private static TcpConfig config(int isn) {
            return TcpConfig.rfc().isn(IsnGenerator.fixed(isn)).timestamps(false).windowScale(-1)
                    .timeWait(org.tcplifecycle.api.policy.TimeWaitPolicy.twoMsl(MSL));
        }

        private void sent(Segment s, boolean fromLeft) {
            net.add(new InFlight(now + DELAY, seq++, fromLeft, s.deepCopy()));
            ladder.arrow(now, now + DELAY, fromLeft, label(s));
        }

        static String label(Segment s) {
            StringBuilder b = new StringBuilder(TcpFlags.names(s.flags));
            b.append(" seq=").append(Integer.toUnsignedString(s.seq));
            if (s.ackFlag()) b.append(" ack=").append(Integer.toUnsignedString(s.ack));
            if (s.payloadLength > 0) b.append(" len=").append(s.payloadLength);
            return b.toString();
        }

        private TcpEventListener events(boolean isLeft) {
            return new TcpEventListener() {
                @Override
                public void onStateChange(long h, TcpState from, TcpState to, int cause) {
                    if (!isLeft && h == listener && to == TcpState.CLOSED) return;
                    ladder.state(now, isLeft, to);
                    if (to == TcpState.TIME_WAIT) timeWaitSince.put(isLeft, now);
                    if (from == TcpState.TIME_WAIT) {
                        Long since = timeWaitSince.remove(isLeft);
                        if (since != null) ladder.timer(since, now, isLeft, "TIME-WAIT 2MSL = " + 2 * MSL / 1_000_000_000L + " s", false);
                    }
                }
            };
        }

        void note(boolean isLeft, String text) {
            ladder.note(now, isLeft, text);
        }

        /** Deliver everything in flight (and what it provokes) in time order. */
        void run() {
            while (!net.isEmpty()) {
                InFlight f = net.poll();
                now = f.at;
                (f.toRight ? right : left).onSegment(f.seg, now);
                if (listener != TcpEngine.NO_HANDLE && sa == TcpEngine.NO_HANDLE) {
                    long h = right.accept(listener);
                    if (h != TcpEngine.NO_HANDLE) sa = h;
                }
            }
            now += DELAY;
        }

        Duo handshake() {
            listener = right.listen(rep, 16);
            note(false, "listen()");
            now += DELAY;
            ca = left.connect(lep, rep, now);
            note(true, "connect()");
            run();
            note(false, "accept()");
            return this;
        }

        void write(boolean isLeft, String text) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            (isLeft ? left : right).send(isLeft ? ca : sa, b, 0, b.length, now);
            note(isLeft, "write(" + b.length + ")");
            run();
            read(!isLeft);
        }

        void read(boolean isLeft) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            int n = (isLeft ? left : right).receive(isLeft ? ca : sa, buf, now);
            if (n > 0) note(isLeft, "read(): " + n + " bytes");
        }

        void readEof(boolean isLeft) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            TcpEngine e = isLeft ? left : right;
            long h = isLeft ? ca : sa;
            int n;
            while ((n = e.receive(h, buf, now)) > 0) buf.clear();
            if (n < 0) note(isLeft, "read(): end of stream");
        }

        void close(boolean isLeft) {
            (isLeft ? left : right).close(isLeft ? ca : sa, now);
            note(isLeft, "close()");
            run();
        }

        /** Let 2MSL pass so TIME-WAIT ends. */
        void timeWait() {
            if (timeWaitSince.isEmpty()) return;
            now += 2 * MSL;
            left.advance(now);
            right.advance(now);
        }

        Ladder finish() {
            for (Map.Entry<Boolean, Long> e : timeWaitSince.entrySet()) {
                ladder.timer(e.getValue(), now, e.getKey(), "TIME-WAIT (2MSL)", true);
            }
            return ladder;
        }
    }
}
