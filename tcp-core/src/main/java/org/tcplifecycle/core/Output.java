package org.tcplifecycle.core;

import java.nio.ByteBuffer;

import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;

/**
 * What to send now: the one place that builds outgoing segments. SYN and SYN-ACK, data and FIN within
 * the peer's window, pure ACKs, window updates, zero-window probes, keepalive probes, retransmissions
 * and RSTs. Every segment is built in one reusable {@link Segment} and handed to the sink.
 */
final class Output {
    private final TcpEngine e;
    private final Segment out = new Segment();
    private final ByteBuffer scratch;
    private final byte[] scratchArray;

    Output(TcpEngine engine, int maxSegment) {
        this.e = engine;
        this.scratchArray = new byte[Math.max(maxSegment, 1)];
        this.scratch = ByteBuffer.wrap(scratchArray);
    }

    /** SYN (SYN_SENT) or SYN-ACK (SYN_RECEIVED) at ISS, with our options. */
    void syn(Tcb t) {
        Segment s = begin(t, t.iss);
        s.flags = t.state() == TcpState.SYN_RECEIVED ? TcpFlags.SYN | TcpFlags.ACK : TcpFlags.SYN;
        if (t.state() == TcpState.SYN_RECEIVED) s.ack = t.rcvNxt;
        s.mss = e.cfg.mss;
        if (e.cfg.windowScale >= 0 && (t.state() == TcpState.SYN_SENT || t.isWsOk())) {
            s.wscale = e.cfg.windowScale;
        }
        s.sackPermitted = e.cfg.sackPermitted && (t.state() == TcpState.SYN_SENT || t.isSackOk());
        if (e.cfg.timestamps && (t.state() == TcpState.SYN_SENT || t.isTsOk())) {
            s.hasTimestamps = true;
            s.tsVal = e.tsNow();
            s.tsEcr = t.state() == TcpState.SYN_RECEIVED ? t.tsRecent : 0;
        }
        // the window in a SYN is never scaled (RFC 7323 §2.2)
        s.window = Math.min(e.rcvSpace(t), 65535);
        t.rcvAdvEdge = t.rcvNxt + s.window;
        if (Seq.gt(t.iss + 1, t.sndMax)) t.sndMax = t.iss + 1;
        t.setAckNow(false);
        emit(s, t);
    }

    /**
     * Send whatever the window and the queue allow: new data in MSS-sized segments, the FIN after the
     * last octet, or a pure ACK if one is owed and nothing else carried it. {@code oneSegment} limits a
     * retransmission after a timeout to a single segment.
     */
    void transmit(Tcb t, boolean oneSegment) {
        TcpState st = t.state();
        if (st == TcpState.CLOSED || st == TcpState.LISTEN || st == TcpState.TIME_WAIT) return;
        if (st == TcpState.SYN_SENT || st == TcpState.SYN_RECEIVED) {
            if (t.isAckNow()) ack(t);
            return;
        }
        boolean sent = false;
        while (true) {
            int dataEnd = t.sndBufSeq + t.sendBuffered();
            int unsent = Math.max(0, dataEnd - t.sndNxt);
            int usable = Math.max(0, t.sndUna + t.sndWnd - t.sndNxt);
            int n = Math.min(Math.min(unsent, usable), t.sndMss);
            boolean fin = t.isFinQueued() && t.sndNxt + n == dataEnd && Seq.le(t.sndNxt, dataEnd);
            if (n <= 0 && !fin) break;
            int flags = TcpFlags.ACK;
            if (n > 0 && t.sndNxt + n == dataEnd) flags |= TcpFlags.PSH;
            if (fin) flags |= TcpFlags.FIN;
            if (fin && Seq.ge(t.sndNxt + n, t.sndMax)) t.setFinAlone(n == 0);
            segment(t, t.sndNxt, flags, n);
            if (!t.isRttTiming() && Seq.ge(t.sndNxt, t.sndMax) && n > 0) {
                t.setRttTiming(true);
                t.rttSeq = t.sndNxt;
                t.rttStart = e.now;
            }
            t.sndNxt += n + (fin ? 1 : 0);
            if (Seq.gt(t.sndNxt, t.sndMax)) t.sndMax = t.sndNxt;
            if (t.rtxAt == Long.MAX_VALUE) {
                t.rtxAt = e.now + t.rto;
                if (t.firstUnackedAt == Long.MIN_VALUE) t.firstUnackedAt = e.now;
            }
            sent = true;
            if (fin || oneSegment) break;
        }
        if (sent && !oneSegment) scheduleLossProbe(t);
        if (!sent && t.isAckNow()) ack(t);
        t.setAckNow(false);
        // Zero window with data waiting and nothing in flight: the retransmission timer doubles as the
        // persist timer; when it fires a one-octet probe goes out.
        if (t.sndNxt == t.sndUna && t.sndWnd == 0 && t.sendBuffered() > t.sndNxt - t.sndBufSeq
                && t.rtxAt == Long.MAX_VALUE) {
            t.rtxAt = e.now + t.rto;
        }
    }

    /**
     * Tail loss probe timer (RFC 8985 §7.2, as Linux computes it): 2·SRTT, plus 200 ms when a single
     * segment is in flight (the peer may be delaying its ACK) or 2 ms otherwise; 1 s without an RTT sample;
     * never later than the retransmission timer.
     */
    void scheduleLossProbe(Tcb t) {
        if (!e.cfg.tailLossProbe || !t.isSackOk() || t.sndUna == t.sndMax || t.rtxAt == Long.MAX_VALUE) {
            t.tlpAt = Long.MAX_VALUE;
            return;
        }
        long pto;
        if (t.srtt > 0) {
            boolean finOut = t.isFinQueued() && Seq.gt(t.sndMax, t.finSeq());
            int data = t.sndMax - t.sndUna - (finOut ? 1 : 0);
            int segs = (data + t.sndMss - 1) / Math.max(1, t.sndMss) + (finOut && (t.isFinAlone() || data == 0) ? 1 : 0);
            pto = 2 * t.srtt + (segs == 1 ? 200_000_000L : 2_000_000L);
        } else {
            pto = 1_000_000_000L;
        }
        t.tlpAt = Math.min(e.now + pto, t.rtxAt);
    }

    /** The probe itself: the last segment in flight (at most one MSS, with the FIN if it was sent) again. */
    void lossProbe(Tcb t) {
        boolean finOut = t.isFinQueued() && Seq.gt(t.sndMax, t.finSeq());
        int dataEnd = t.sndMax - (finOut ? 1 : 0);
        int start = finOut && t.isFinAlone() ? dataEnd : Seq.gt(t.sndUna, dataEnd - t.sndMss) ? t.sndUna : dataEnd - t.sndMss;
        if (Seq.gt(start, dataEnd)) start = dataEnd;
        int n = dataEnd - start;
        int flags = TcpFlags.ACK | (n > 0 ? TcpFlags.PSH : 0) | (finOut ? TcpFlags.FIN : 0);
        if (n == 0 && !finOut) return;
        segment(t, start, flags, n);
    }

    /** One octet past the closed window, so the peer's ACK tells us when it opens (RFC 9293 §3.8.6.1). */
    void windowProbe(Tcb t) {
        int dataEnd = t.sndBufSeq + t.sendBuffered();
        if (Seq.lt(t.sndNxt, dataEnd)) {
            segment(t, t.sndNxt, TcpFlags.ACK, 1);
            // SND.NXT stays put: if the peer drops the octet (window still closed) nothing is in
            // flight and the window opening resends from here; if it takes it, its ACK moves SND.NXT.
            if (Seq.gt(t.sndNxt + 1, t.sndMax)) t.sndMax = t.sndNxt + 1;
        }
    }

    /** Keepalive probe: an ACK one below SND.NXT, which the peer must answer (RFC 1122 4.2.3.6). */
    void keepaliveProbe(Tcb t) {
        Segment s = begin(t, t.sndUna - 1);
        s.flags = TcpFlags.ACK;
        s.ack = t.rcvNxt;
        finish(s, t);
        emit(s, t);
    }

    /**
     * A stateless SYN-ACK carrying a SYN cookie as its sequence number: only the MSS option (the cookie
     * remembers nothing else), window unscaled.
     */
    void synAckCookie(Segment in, int cookie, int mss) {
        Segment s = out.clear().replyTo(in);
        s.seq = cookie;
        s.ack = in.seq + 1;
        s.flags = TcpFlags.SYN | TcpFlags.ACK;
        s.mss = mss;
        s.window = Math.min(e.cfg.receiveBufferSize, 65535);
        e.stats.segmentsOut++;
        e.sink.send(s);
    }

    /** <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
    void ack(Tcb t) {
        Segment s = begin(t, t.sndNxt);
        s.flags = TcpFlags.ACK;
        s.ack = t.rcvNxt;
        finish(s, t);
        t.setAckNow(false);
        emit(s, t);
    }

    /** RST from a connection: <SEQ=SND.NXT><CTL=RST>, optionally with ACK=RCV.NXT. */
    void rst(Tcb t, boolean withAck, int cause) {
        Segment s = begin(t, t.sndNxt);
        s.flags = TcpFlags.RST | (withAck ? TcpFlags.ACK : 0);
        s.ack = withAck ? t.rcvNxt : 0;
        s.window = 0;
        if (e.cfg.timestampsOnRst && t.isTsOk()) {
            s.hasTimestamps = true;
            s.tsVal = e.tsNow();
            s.tsEcr = t.tsRecent;
        }
        e.stats.rstOut++;
        e.stats.rstOutByCause[cause]++;
        emit(s, t);
    }

    /**
     * RST in answer to a segment that has no connection to go to (RFC 9293 §3.10.7.1): if it had ACK,
     * <SEQ=SEG.ACK><CTL=RST>; otherwise <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never for a RST.
     */
    void rstFor(Segment in, int cause) {
        if (in.rst()) return;
        Segment s = out.clear().replyTo(in);
        if (in.ackFlag()) {
            s.seq = in.ack;
            s.flags = TcpFlags.RST;
        } else {
            s.seq = 0;
            s.ack = in.seq + in.len();
            s.flags = TcpFlags.RST | TcpFlags.ACK;
        }
        e.stats.rstOut++;
        e.stats.rstOutByCause[cause]++;
        e.stats.segmentsOut++;
        e.sink.send(s);
    }

    /** ACK from a TIME_WAIT row: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, for a segment that arrived. */
    void ackFromTimeWait(Segment in, int sndNxt, int rcvNxt, boolean ts, int tsRecent) {
        Segment s = out.clear().replyTo(in);
        s.seq = sndNxt;
        s.ack = rcvNxt;
        s.flags = TcpFlags.ACK;
        s.window = 0;
        if (ts) {
            s.hasTimestamps = true;
            s.tsVal = e.tsNow();
            s.tsEcr = tsRecent;
        }
        e.stats.segmentsOut++;
        e.sink.send(s);
    }

    /** A data and/or control segment at {@code seq} with {@code n} octets from the send buffer. */
    private void segment(Tcb t, int seq, int flags, int n) {
        Segment s = begin(t, seq);
        s.flags = flags;
        s.ack = t.rcvNxt;
        if (n > 0) {
            t.sendBuf.peek(seq - t.sndBufSeq, scratchArray, 0, n);
            s.payload = scratch;
            s.payloadOffset = 0;
            s.payloadLength = n;
            e.stats.bytesOut += n;
            if (Seq.lt(seq, t.sndMax)) e.stats.retransmits++;
        } else if ((flags & TcpFlags.FIN) != 0 && Seq.lt(seq, t.sndMax)) {
            e.stats.retransmits++;
        }
        finish(s, t);
        emit(s, t);
    }

    private Segment begin(Tcb t, int seq) {
        Segment s = out.clear();
        s.ipv6 = AddressBook.isV6(t.localWord);
        s.srcHi = e.addrs.hi(t.localWord);
        s.srcLo = e.addrs.lo(t.localWord);
        s.dstHi = e.addrs.hi(t.remoteWord);
        s.dstLo = e.addrs.lo(t.remoteWord);
        s.srcPort = t.localPort;
        s.dstPort = t.remotePort;
        s.seq = seq;
        return s;
    }

    /** Window (scaled) and timestamps for a non-SYN segment; records the advertised right edge. */
    private void finish(Segment s, Tcb t) {
        int space = e.rcvSpace(t);
        int wnd = Math.min(space >>> t.rcvWscale, 65535);
        // never move the right edge left (RFC 9293 §3.8.6.2.2): advertise at least what remains of it
        int remaining = t.rcvAdvEdge - t.rcvNxt;
        if (remaining > 0 && (wnd << t.rcvWscale) < remaining) {
            wnd = Math.min((remaining + (1 << t.rcvWscale) - 1) >>> t.rcvWscale, 65535);
        }
        s.window = wnd;
        int edge = t.rcvNxt + (wnd << t.rcvWscale);
        if (Seq.gt(edge, t.rcvAdvEdge)) t.rcvAdvEdge = edge;
        if (t.isTsOk()) {
            s.hasTimestamps = true;
            s.tsVal = e.tsNow();
            s.tsEcr = t.tsRecent;
        }
    }

    private void emit(Segment s, Tcb t) {
        e.stats.segmentsOut++;
        e.sink.send(s);
    }
}
