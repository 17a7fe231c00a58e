package org.tcplifecycle.tools.replay;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

/**
 * The engine plays one endpoint of one 4-tuple through every connection the capture holds on it, in
 * order and on one engine (so TIME_WAIT carries over). The peer's recorded segments are fed to the engine
 * at their recorded times; the application calls are inferred from what the recorded endpoint sent; the
 * engine's segments are compared with the recorded ones. See {@link Replayer} for the rules.
 */
final class SideReplay {
    /** The engine's clock starts here at the capture's first packet, clear of 0. */
    static final long BASE = 1_000_000_000L;

    private enum Role { CONNECT, LISTEN, NO_LISTENER, UNKNOWN }

    /** What the recorded endpoint did in one connection, found by looking over all of it first. */
    private static final class Plan {
        Role role = Role.UNKNOWN;
        Segment ownSyn;     // its SYN or SYN-ACK: options and ISN
        int peerIss;
        boolean peerIssKnown;
        boolean halfClose;  // it received new data after its own FIN: shutdown, not close
        boolean reads = true;
    }

    private record Out(Segment seg, long packet) {
    }

    private final List<Connection> conns;
    private final Endpoint me;
    private final boolean strict;
    private final long t0;
    private final TcpConfig cfg;
    private final TcpEngine engine;
    private final ArrayDeque<Out> pending = new ArrayDeque<>();
    private final Map<Long, SideResult> owners = new HashMap<>();
    private final Segment rx = new Segment();
    private final ByteBuffer readBuf = ByteBuffer.allocate(1 << 16);

    // the connection being replayed
    private SideResult cur;
    private Plan plan;
    private long handle = TcpEngine.NO_HANDLE;
    private long listener = TcpEngine.NO_HANDLE;
    private boolean creatingListener;
    private boolean closed;
    private boolean finDone;
    private boolean connectDone;
    private int recIss;
    private int engIss;
    private boolean engIssKnown;
    private int sentEnd;
    private long packetNo;
    private long captureNow;
    private final Set<Long> sentSeqAck = new HashSet<>();

    SideReplay(List<Connection> conns, Endpoint me, boolean strict, long t0) {
        this.conns = conns;
        this.me = me;
        this.strict = strict;
        this.t0 = t0;
        // Linux-like policies (TIME_WAIT 60 s, RTO minimum 200 ms, RST+ACK on abort, RST on data after
        // close, RFC 793 RST in TIME_WAIT); options and ISN are set per connection from the recording.
        this.cfg = TcpConfig.linux();
        // and the switches for Linux's behaviours where they differ from the RFC text
        cfg.tailLossProbe = true;
        cfg.shutdownReadDiscards = false;
        cfg.timestampsOnRst = true;
        cfg.silentDropAckOfUnsent = true;
        cfg.tsRecentAfterAck = true;
        cfg.orphanDataRstFromSegment = true;
        cfg.windowUpdateWhenDoubled = true;
        int maxMss = 536;
        for (Connection c : conns) {
            for (Packet p : c.packets()) {
                if (p.seg().syn() && p.src().equals(me) && p.seg().mss != Segment.NO_MSS) maxMss = Math.max(maxMss, p.seg().mss);
            }
        }
        cfg.mss = Math.min(Math.max(maxMss, 64), 65495);
        // The application's writes must fit the send buffer and the peer's data the receive window, as they
        // did for the recorded stack (Linux tunes its buffers far above 64 KiB): size both from what each
        // direction carries. 64 KiB stays the floor, which with Linux's window scale gives Linux's window
        // field on loopback.
        long out = 0, in = 0;
        for (Connection c : conns) {
            for (Packet p : c.packets()) {
                if (p.src().equals(me)) out += p.seg().payloadLength;
                if (p.dst().equals(me)) in += p.seg().payloadLength;
            }
        }
        cfg.sendBufferSize = bufferFor(out);
        cfg.receiveBufferSize = bufferFor(in);
        this.engine = new TcpEngine(cfg, this::emitted, new Events(), 16);
    }

    /** A power of two from 64 KiB to 64 MiB holding {@code bytes}. */
    static int bufferFor(long bytes) {
        long b = 64 * 1024;
        while (b < bytes && b < (64 << 20)) b <<= 1;
        return (int) b;
    }

    /** Replay every connection; one result per connection, in order. */
    List<SideResult> run() {
        List<SideResult> results = new ArrayList<>();
        for (Connection c : conns) {
            results.add(replay(c));
        }
        return results;
    }

    private SideResult replay(Connection c) {
        String side = c.self() ? "self" : me.equals(c.client()) ? "client" : "server";
        cur = new SideResult(side);
        plan = plan(c);
        handle = TcpEngine.NO_HANDLE;
        closed = finDone = connectDone = engIssKnown = false;
        sentSeqAck.clear();
        pending.clear();
        recIss = plan.ownSyn != null ? plan.ownSyn.seq : 0;
        sentEnd = recIss + 1;
        if (plan.role == Role.LISTEN) {
            cur.initial = TcpState.LISTEN;
            cur.states.add(TcpState.LISTEN);
        }
        if (plan.role == Role.NO_LISTENER) cur.states.add(TcpState.CLOSED);
        if (plan.role == Role.UNKNOWN) {
            cur.replayed = false;
            Packet first = c.packets().get(0);
            cur.mismatches.add(new Mismatch(first.number(), "a handshake to start from",
                    "capture starts mid-connection (no SYN): not replayed"));
            return cur;
        }
        for (Packet p : c.packets()) {
            packetNo = p.number();
            captureNow = p.timeNanos();
            long now = now(p);
            try {
                engine.advance(now);
            } catch (RuntimeException e) {
                cur.mismatches.add(new Mismatch(p.number(), "timers to run", "engine failed: " + e));
            }
            boolean fromMe = p.src().equals(me);
            boolean toMe = p.dst().equals(me);
            if (fromMe) {
                own(p, now);
                match(p);
                cur.stateAfterSend.put(p.number(), state());
            }
            if (toMe) feed(p, now);
            cur.stateAfter.put(p.number(), state());
        }
        // whatever the engine still owes at the end of the connection was never sent by the recorded side
        long last = c.packets().get(c.packets().size() - 1).number();
        while (!pending.isEmpty()) {
            Out o = pending.poll();
            cur.mismatches.add(new Mismatch(last, "nothing", describe(o.seg, engRelSeq(o.seg), relAck(o.seg))));
        }
        return cur;
    }

    private long now(Packet p) {
        return BASE + (p.timeNanos() - t0);
    }

    private TcpState state() {
        return cur.finalState();
    }

    // ------------------------------------------------------------------------------------------------
    // What the recorded endpoint did

    private Plan plan(Connection c) {
        Plan pl = new Plan();
        List<Packet> ps = c.packets();
        int ownFinIndex = -1;
        boolean sentData = false, sentRst = false, peerSentData = false;
        for (int i = 0; i < ps.size(); i++) {
            Packet p = ps.get(i);
            Segment s = p.seg();
            boolean fromMe = p.src().equals(me);
            boolean fromPeer = c.self() || !fromMe;
            if (fromMe) {
                if (p.bareSyn() && pl.role != Role.CONNECT) {
                    pl.role = Role.CONNECT;
                    pl.ownSyn = s;
                } else if (p.synAck() && pl.role == Role.UNKNOWN) {
                    pl.role = Role.LISTEN;
                    pl.ownSyn = s;
                } else if (s.rst() && pl.role == Role.UNKNOWN && i > 0 && ps.get(i - 1).bareSyn()) {
                    pl.role = Role.NO_LISTENER;
                }
                if (s.fin() && ownFinIndex < 0) ownFinIndex = i;
                if (s.payloadLength > 0 || s.fin()) sentData = true;
                if (s.rst() && !s.syn()) sentRst = true;
            }
            if (fromPeer) {
                if (s.syn() && (!c.self() || !pl.peerIssKnown)) {
                    if (!fromMe || c.self()) {
                        pl.peerIss = s.seq;
                        pl.peerIssKnown = true;
                    }
                }
                if (s.payloadLength > 0) peerSentData = true;
                if (ownFinIndex >= 0 && i > ownFinIndex && s.payloadLength > 0 && !s.rst() && !answeredWithRst(c, i)) {
                    pl.halfClose = true;
                }
            }
        }
        // an application that never wrote and ends with a RST is taken to have never read either: it
        // closed with the data unread (RFC 2525 §2.17); otherwise data is read as soon as it arrives
        if (pl.role != Role.NO_LISTENER && sentRst && !sentData && peerSentData) pl.reads = false;
        return pl;
    }

    /** The recorded endpoint's next segment after packet {@code i} is a RST (data after close is reset). */
    private boolean answeredWithRst(Connection c, int i) {
        List<Packet> ps = c.packets();
        for (int j = i + 1; j < ps.size(); j++) {
            if (ps.get(j).src().equals(me)) return ps.get(j).seg().rst();
        }
        return false;
    }

    private void action(String what) {
        cur.actions.add("#" + packetNo + " " + what);
    }

    private void own(Packet p, long now) {
        Segment s = p.seg();
        if (s.syn()) {
            if (s.ackFlag() || plan.role != Role.CONNECT || connectDone) return; // SYN-ACK, or a retransmitted SYN
            configure(s);
            connectDone = true;
            action("connect");
            try {
                handle = engine.connect(me, peerOf(p), now);
            } catch (TcpException e) {
                cur.mismatches.add(new Mismatch(p.number(), describe(s, recRelSeq(s), relAck(s)), "connect failed: " + e.getMessage()));
            }
            return;
        }
        if (s.rst()) {
            boolean provoked = false;
            for (Out o : pending) provoked |= o.seg.rst();
            if (provoked || !live()) return;
            try {
                int unread = engine.available(handle);
                if (unread > 0) {
                    action("close() with " + unread + " unread bytes (RST, RFC 2525)");
                } else {
                    action("close() with SO_LINGER 0 (RST)");
                    engine.setLinger(handle, true, 0);
                }
                closed = true;
                engine.close(handle, now);
            } catch (TcpException e) {
                cur.mismatches.add(new Mismatch(p.number(), describe(s, recRelSeq(s), relAck(s)), "close failed: " + e.getMessage()));
            }
            return;
        }
        int end = s.seq + s.payloadLength;
        if (s.payloadLength > 0 && Seq.gt(end, sentEnd)) {
            int skip = Seq.gt(sentEnd, s.seq) ? sentEnd - s.seq : 0;
            int n = s.payloadLength - skip;
            sentEnd = end;
            action("write " + n + " bytes");
            if (live()) {
                try {
                    byte[] data = s.payloadBytes();
                    int queued = engine.send(handle, data, skip, n, now);
                    if (queued < n) action("(only " + queued + " bytes fit the send buffer)");
                } catch (TcpException e) {
                    cur.mismatches.add(new Mismatch(p.number(), describe(s, recRelSeq(s), relAck(s)), "write failed: " + e.getMessage()));
                }
            }
        }
        if (s.fin() && !finDone) {
            finDone = true;
            if (!live()) return;
            try {
                if (plan.halfClose) {
                    action("shutdown(SHUT_WR)");
                    engine.shutdownOutput(handle, now);
                } else {
                    action("close()");
                    closed = true;
                    engine.close(handle, now);
                }
            } catch (TcpException e) {
                cur.mismatches.add(new Mismatch(p.number(), describe(s, recRelSeq(s), relAck(s)), "close failed: " + e.getMessage()));
            }
        }
    }

    private boolean live() {
        return handle != TcpEngine.NO_HANDLE && !closed && engine.isValid(handle);
    }

    private Endpoint peerOf(Packet p) {
        return p.dst();
    }

    /** The options the recorded endpoint offered become the engine's. */
    private void configure(Segment own) {
        if (own.mss != Segment.NO_MSS) cfg.mss = Math.min(Math.max(own.mss, 64), 65495);
        cfg.windowScale = own.wscale == Segment.NO_WSCALE ? -1 : Math.min(own.wscale, 14);
        cfg.timestamps = own.hasTimestamps;
        cfg.sackPermitted = own.sackPermitted;
        cfg.isn = IsnGenerator.fixed(own.seq);
    }

    // ------------------------------------------------------------------------------------------------
    // The peer's segments

    private void feed(Packet p, long now) {
        Segment s = p.seg();
        if (p.bareSyn()) {
            if (plan.role == Role.LISTEN) {
                if (listener == TcpEngine.NO_HANDLE) {
                    creatingListener = true;
                    try {
                        listener = engine.listen(me, 128);
                    } finally {
                        creatingListener = false;
                    }
                }
                configure(plan.ownSyn);
            } else if (plan.role == Role.NO_LISTENER && listener != TcpEngine.NO_HANDLE) {
                creatingListener = true;
                try {
                    engine.close(listener, now);
                } finally {
                    creatingListener = false;
                }
                listener = TcpEngine.NO_HANDLE;
            }
        }
        rx.copyFrom(s);
        if (engIssKnown) {
            int off = engIss - recIss;
            if (rx.ackFlag()) rx.ack += off;
            if (p.src().equals(me)) rx.seq += off; // a socket connected to itself receives its own numbers
        }
        engine.onSegment(rx, now);
        if (plan.role == Role.LISTEN && handle == TcpEngine.NO_HANDLE && listener != TcpEngine.NO_HANDLE) {
            long h = engine.accept(listener);
            if (h != TcpEngine.NO_HANDLE) handle = h;
        }
        if (plan.reads && live()) {
            try {
                while (true) {
                    readBuf.clear();
                    if (engine.receive(handle, readBuf, now) <= 0) break;
                }
            } catch (TcpException e) {
                // reset: nothing more to read
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // What the engine sent, compared with the recording

    private void emitted(Segment s) {
        if (s.syn() && !engIssKnown) {
            engIss = s.seq;
            engIssKnown = true;
        }
        pending.add(new Out(s.deepCopy(), packetNo));
    }

    private int recRelSeq(Segment s) {
        return plan.ownSyn == null ? s.seq : s.seq - recIss;
    }

    private int engRelSeq(Segment s) {
        return plan.ownSyn == null ? s.seq : s.seq - (engIssKnown ? engIss : recIss);
    }

    private int relAck(Segment s) {
        return plan.peerIssKnown ? s.ack - plan.peerIss : s.ack;
    }

    private void match(Packet p) {
        Segment r = p.seg();
        int rSeq = recRelSeq(r), rAck = relAck(r);
        while (true) {
            Out o = pending.peek();
            if (o == null) {
                if (Packet.isPureAck(r) && sentSeqAck.contains(key(rSeq, rAck))) {
                    cur.tolerated.add("packet " + p.number() + ": the recorded side repeated ACK seq=" + rSeq + " ack=" + rAck
                            + " (duplicate ACK or window update); the engine had already sent it");
                    return;
                }
                cur.mismatches.add(new Mismatch(p.number(), describe(r, rSeq, rAck), "nothing"));
                return;
            }
            Segment e = o.seg;
            int eSeq = engRelSeq(e), eAck = relAck(e);
            if (same(e, eSeq, eAck, r, rSeq, rAck)) {
                pending.poll();
                if (e.ackFlag()) sentSeqAck.add(key(eSeq, eAck));
                return;
            }
            if (skipAcksBefore(p, r, rSeq, rAck)) return;
            if (Packet.isPureAck(r) && sentSeqAck.contains(key(rSeq, rAck))) {
                cur.tolerated.add("packet " + p.number() + ": the recorded side repeated ACK seq=" + rSeq + " ack=" + rAck
                        + " (duplicate ACK or window update); the engine had already sent it");
                return;
            }
            pending.poll();
            if (e.ackFlag()) sentSeqAck.add(key(eSeq, eAck));
            cur.mismatches.add(new Mismatch(p.number(), describe(r, rSeq, rAck), describe(e, eSeq, eAck)));
            return;
        }
    }

    /**
     * The engine sent pure ACKs that the recorded side did not send on their own, and then a segment that
     * matches the recorded one: the recorded stack delayed those ACKs onto its next segment (delayed ACK)
     * or acknowledged several segments with one ACK (coalescing). Tolerated when each skipped ACK has the
     * recorded segment's seq and acknowledges no more than it does.
     */
    private boolean skipAcksBefore(Packet p, Segment r, int rSeq, int rAck) {
        if (!r.ackFlag()) return false;
        int k = 0;
        for (Out o : pending) {
            Segment e = o.seg;
            int eSeq = engRelSeq(e), eAck = relAck(e);
            // found by flags, seq, ack and length alone, so that under --strict a window or option difference
            // is reported on the segment itself instead of upsetting the pairing of the ones after it
            if (same(e, eSeq, eAck, r, rSeq, rAck, false)) break;
            if (!Packet.isPureAck(e) || eSeq != rSeq || !Seq.le(eAck, rAck)) return false;
            k++;
        }
        if (k == 0 || k == pending.size()) return false;
        for (int i = 0; i < k; i++) {
            Segment e = pending.poll().seg;
            int eSeq = engRelSeq(e), eAck = relAck(e);
            sentSeqAck.add(key(eSeq, eAck));
            cur.tolerated.add(Packet.isPureAck(r)
                    ? "packet " + p.number() + ": the engine sent ACK ack=" + eAck
                            + " which the recorded side coalesced into its ACK ack=" + rAck
                    : "packet " + p.number() + ": the engine sent ACK seq=" + eSeq + " ack=" + eAck
                            + " at once; the recorded side delayed it onto its " + TcpFlags.names(r.flags) + " segment");
        }
        Segment m = pending.poll().seg;
        int mSeq = engRelSeq(m), mAck = relAck(m);
        sentSeqAck.add(key(mSeq, mAck));
        if (!same(m, mSeq, mAck, r, rSeq, rAck)) {
            cur.mismatches.add(new Mismatch(p.number(), describe(r, rSeq, rAck), describe(m, mSeq, mAck)));
        }
        return true;
    }

    private static long key(int seq, int ack) {
        return (long) seq << 32 | (ack & 0xFFFF_FFFFL);
    }

    private boolean same(Segment e, int eSeq, int eAck, Segment r, int rSeq, int rAck) {
        return same(e, eSeq, eAck, r, rSeq, rAck, strict);
    }

    private static boolean same(Segment e, int eSeq, int eAck, Segment r, int rSeq, int rAck, boolean strict) {
        // PSH marks the end of a write; a capture does not show write boundaries (they are inferred from the
        // segments), so it is compared only under --strict
        int mask = strict ? 0xFF : 0xFF & ~TcpFlags.PSH;
        if ((e.flags & mask) != (r.flags & mask) || eSeq != rSeq || e.payloadLength != r.payloadLength) return false;
        if (e.ackFlag() && eAck != rAck) return false;
        if (!strict) return true;
        if (e.window != r.window || e.mss != r.mss || e.wscale != r.wscale || e.sackPermitted != r.sackPermitted
                || e.hasTimestamps != r.hasTimestamps) {
            return false;
        }
        return !e.hasTimestamps || e.tsEcr == r.tsEcr;
    }

    /** {@code FIN+ACK seq=6 ack=7 len=0}, with window and options under {@code --strict}. */
    private String describe(Segment s, int relSeq, int relAck) {
        StringBuilder b = new StringBuilder();
        b.append(TcpFlags.names(s.flags)).append(" seq=").append(Integer.toUnsignedString(relSeq));
        if (s.ackFlag()) b.append(" ack=").append(Integer.toUnsignedString(relAck));
        b.append(" len=").append(s.payloadLength);
        if (strict) {
            b.append(" win=").append(s.window);
            if (s.mss != Segment.NO_MSS) b.append(" mss=").append(s.mss);
            if (s.wscale != Segment.NO_WSCALE) b.append(" wscale=").append(s.wscale);
            if (s.sackPermitted) b.append(" sackOK");
            if (s.hasTimestamps) b.append(" TS ecr=").append(Integer.toUnsignedString(s.tsEcr));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------

    private final class Events implements TcpEventListener {
        @Override
        public void onStateChange(long h, TcpState from, TcpState to, int cause) {
            if (creatingListener || h == listener) return;
            SideResult owner = owners.computeIfAbsent(h, k -> cur);
            if (owner != cur) return; // an earlier connection's TIME_WAIT ending: after its last packet
            owner.transition(captureNow, to, Cause.name(cause));
        }
    }
}
