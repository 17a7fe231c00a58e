package org.tcplifecycle.core;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.api.policy.SynCookiePolicy;

/**
 * SEGMENT ARRIVES, RFC 9293 §3.10.7, in the RFC's own order: demultiplex, then CLOSED, LISTEN,
 * SYN-SENT, and for every other state the checks one after another — sequence number, RST, SYN, ACK,
 * URG (ignored), segment text, FIN. Each check is a method named after it. TIME_WAIT rows (compact,
 * without a control block) are handled in {@link #timeWait}.
 *
 * <p>Bad input never throws: a segment that fails a check is dropped, counted in {@link TcpStats}, and
 * answered only where the RFC says so.
 */
final class SegmentArrives {
    private final TcpEngine e;

    // the segment under processing, after trimming to the window (no allocation: fields are reused)
    private int seq;
    private int flags;
    private int payOff;
    private int payLen;
    // TS.Recent candidate held back until the ACK check passes (TcpConfig.tsRecentAfterAck)
    private boolean tsPending;
    private int tsPendingVal;

    SegmentArrives(TcpEngine engine) {
        this.e = engine;
    }

    void arrive(Segment s) {
        if (s.rst()) e.stats.rstIn++;
        long lw = e.addrs.lookup(s.ipv6, s.dstHi, s.dstLo);
        long rw = e.addrs.lookup(s.ipv6, s.srcHi, s.srcLo);
        int ports = TupleMap.ports(s.dstPort, s.srcPort);
        if (lw != -1 && rw != -1) {
            int slot = e.conns.get(lw, rw, ports);
            if (slot != TupleMap.MISSING) {
                Tcb t = e.slot(slot);
                t.lastRecvAt = e.now;
                if (t.state() == TcpState.SYN_SENT) synSent(t, s);
                else synchronizedStates(t, s);
                after(t);
                return;
            }
            int row = e.tw.find(lw, rw, ports);
            if (row != TimeWaitTable.NONE) {
                timeWait(row, s);
                return;
            }
        }
        int l = findListener(lw, s.dstPort);
        if (l != TupleMap.MISSING) {
            listen(e.slot(l), s, 0, false);
            return;
        }
        closed(s);
    }

    /** After any segment: send what is owed (data the window now allows, an ACK) and re-arm timers. */
    private void after(Tcb t) {
        if (!t.isAllocated() || !t.isInTable()) return;
        e.output.transmit(t, false);
        e.arm(t);
    }

    private int findListener(long localWord, int port) {
        int l = localWord == -1 ? TupleMap.MISSING : e.listeners.get(localWord, TcpEngine.LISTENER_KEY, port << 16);
        return l != TupleMap.MISSING ? l : e.listeners.get(TcpEngine.ANY, TcpEngine.LISTENER_KEY, port << 16);
    }

    // ---------------------------------------------------------------------------------------------
    // CLOSED: no connection and no listener (§3.10.7.1)

    private void closed(Segment s) {
        e.stats.drops[TcpStats.DROP_NO_CONNECTION]++;
        e.output.rstFor(s, Cause.NONE); // never answers a RST
    }

    // ---------------------------------------------------------------------------------------------
    // LISTEN (§3.10.7.2)

    private void listen(Tcb l, Segment s, int issOverride, boolean useIss) {
        if (s.rst()) return; // an incoming RST is ignored
        if (s.ackFlag()) {
            if (!s.syn() && e.cfg.synCookies != SynCookiePolicy.OFF && cookieAck(l, s)) return;
            e.stats.drops[TcpStats.DROP_NO_CONNECTION]++;
            e.output.rstFor(s, Cause.NONE); // <SEQ=SEG.ACK><CTL=RST>
            return;
        }
        if (!s.syn()) {
            e.stats.drops[TcpStats.DROP_LISTEN_NO_SYN]++;
            return;
        }
        if (l.lq.acceptLen < l.lq.backlog && e.cfg.synCookies.useCookie(l.lq.synQueueLen, l.lq.backlog)) {
            int peerMss = s.mss != Segment.NO_MSS ? s.mss : (s.ipv6 ? 1220 : 536);
            int mssIndex = SynCookies.mssIndex(Math.min(peerMss, e.cfg.mss));
            e.stats.synCookiesSent++;
            e.output.synAckCookie(s, e.cookies().make(s, s.seq, mssIndex, e.now), SynCookies.MSS[mssIndex]);
            return;
        }
        if (l.lq.synQueueLen >= l.lq.backlog || l.lq.acceptLen >= l.lq.backlog) {
            e.stats.drops[TcpStats.DROP_BACKLOG_FULL]++;
            return;
        }
        Tcb c = child(l, s);
        synOptions(c, s);
        sequenceSpace(c, s.seq, useIss ? issOverride : e.isn(c), s.window); // a SYN's window is never scaled
        intoTable(c);
        c.setRttTiming(true);
        c.rttSeq = c.iss;
        c.rttStart = e.now;
        e.output.syn(c);
        c.rtxAt = e.now + c.rto;
        c.firstUnackedAt = e.now; // the SYN-ACK is unacknowledged: the user timeout runs from here
        e.arm(c);
    }

    /**
     * An ACK at a listener that may return a SYN cookie: if the cookie checks out and the accept queue has
     * room, the connection is created directly in ESTABLISHED (MSS from the cookie; no window scale,
     * timestamps or SACK, which the cookie cannot carry) and the rest of the segment is processed.
     */
    private boolean cookieAck(Tcb l, Segment s) {
        int mssIndex = e.cookies().check(s, e.now);
        if (mssIndex < 0) {
            e.stats.synCookiesInvalid++;
            return false;
        }
        if (l.lq.acceptLen >= l.lq.backlog) {
            e.stats.drops[TcpStats.DROP_BACKLOG_FULL]++;
            return true; // as for a full accept queue: drop the ACK, the client will retransmit
        }
        e.stats.synCookiesValid++;
        Tcb c = child(l, s); // established() moves it from the SYN queue to the accept queue
        sequenceSpace(c, s.seq - 1, s.ack - 1, s.window);
        c.sndMss = (char) Math.min(SynCookies.MSS[mssIndex], e.cfg.mss); // no window scale, TS or SACK
        c.rcvAdvEdge = c.rcvNxt + Math.min(e.rcvSpace(c), 65535);
        intoTable(c);
        synchronizedStates(c, s); // the ACK completes the handshake; data or FIN on it are processed too
        after(c);
        return true;
    }

    /** A passive child of listener {@code l} for the 4-tuple of {@code s}, counted in its SYN queue. */
    private Tcb child(Tcb l, Segment s) {
        Tcb c = e.alloc();
        c.localWord = e.addrs.acquire(s.ipv6, s.dstHi, s.dstLo);
        c.remoteWord = e.addrs.acquire(s.ipv6, s.srcHi, s.srcLo);
        c.localPort = (char) s.dstPort;
        c.remotePort = (char) s.srcPort;
        c.link = l.slot;
        l.lq.synQueueLen++;
        return c;
    }

    /** Sequence variables once both ISNs are known and our SYN is the only thing sent. */
    private static void sequenceSpace(Tcb c, int irs, int iss, int peerWindow) {
        c.irs = irs;
        c.rcvNxt = irs + 1;
        c.iss = iss;
        c.sndUna = iss;
        c.sndNxt = iss + 1;
        c.sndMax = iss + 1;
        c.sndBufSeq = iss + 1;
        c.sndWnd = peerWindow;
        c.maxSndWnd = peerWindow;
        c.sndWl1 = irs;
        c.sndWl2 = iss;
    }

    /** The child is findable by its 4-tuple and in SYN_RECEIVED. */
    private void intoTable(Tcb c) {
        e.conns.put(c.localWord, c.remoteWord, TupleMap.ports(c.localPort, c.remotePort), c.slot);
        c.setInTable(true);
        e.stats.passiveOpens++;
        e.setState(c, TcpState.SYN_RECEIVED, Cause.SYN_RECEIVED);
    }

    /** Options a SYN carries: MSS, window scale, timestamps, SACK-permitted (RFC 9293, 7323, 2018). */
    private void synOptions(Tcb t, Segment s) {
        int peerMss = s.mss != Segment.NO_MSS ? s.mss : (s.ipv6 ? 1220 : 536);
        t.sndMss = (char) Math.max(1, Math.min(peerMss, e.cfg.mss));
        if (s.wscale != Segment.NO_WSCALE && e.cfg.windowScale >= 0) {
            t.setWsOk(true);
            t.sndWscale = (byte) Math.min(s.wscale, 14);
            t.rcvWscale = (byte) e.cfg.windowScale;
        } else {
            t.setWsOk(false);
            t.sndWscale = 0;
            t.rcvWscale = 0;
        }
        t.setTsOk(s.hasTimestamps && e.cfg.timestamps);
        if (t.isTsOk()) t.tsRecent = s.tsVal;
        t.setSackOk(s.sackPermitted && e.cfg.sackPermitted);
    }

    // ---------------------------------------------------------------------------------------------
    // SYN-SENT (§3.10.7.3)

    private void synSent(Tcb t, Segment s) {
        boolean ack = s.ackFlag();
        if (ack && (Seq.le(s.ack, t.iss) || Seq.gt(s.ack, t.sndMax))) {
            e.stats.drops[TcpStats.DROP_BAD_ACK]++;
            e.output.rstFor(s, Cause.BAD_ACK); // unless it is a RST: <SEQ=SEG.ACK><CTL=RST>
            return;
        }
        if (s.rst()) {
            if (ack) { // acceptable ACK: the peer refused us (RFC 5961 §3.2 keeps this rule for SYN-SENT)
                e.fail(t, Cause.REFUSED);
            } else {
                e.stats.drops[TcpStats.DROP_RST_INVALID]++;
            }
            return;
        }
        if (!s.syn()) {
            e.stats.drops[TcpStats.DROP_UNACCEPTABLE]++;
            return;
        }
        t.irs = s.seq;
        t.rcvNxt = s.seq + 1;
        // the window our SYN offered counts from the peer's ISN, unknown when it was sent: place its edge now
        t.rcvAdvEdge = t.rcvNxt + Math.min(e.rcvSpace(t), 65535);
        synOptions(t, s);
        if (ack) {
            t.sndUna = s.ack;
            e.rttSample(t, s.ack);
        }
        if (Seq.gt(t.sndUna, t.iss)) { // our SYN has been ACKed
            t.sndWnd = s.window; // unscaled in a SYN
            t.maxSndWnd = t.sndWnd;
            t.sndWl1 = s.seq;
            t.sndWl2 = s.ack;
            synTimedOutRto(t);
            t.retries = 0;
            t.rtxAt = Long.MAX_VALUE;
            t.firstUnackedAt = Long.MIN_VALUE;
            e.stats.handshakeNanosTotal += e.now - t.openedAt;
            e.stats.handshakeCount++;
            e.setState(t, TcpState.ESTABLISHED, Cause.SYN_ACK_RECEIVED);
            e.events.onConnected(t.handle());
            e.keepaliveTouch(t);
            t.setAckNow(true);
            // data or FIN on the SYN-ACK: continue at the text step
            seq = s.seq + 1;
            flags = s.flags & ~TcpFlags.SYN;
            payOff = s.payloadOffset;
            payLen = Math.min(s.payloadLength, e.rcvSpace(t));
            if (payLen < s.payloadLength) flags &= ~TcpFlags.FIN;
            if (payLen > 0) text(t, s);
            if ((flags & TcpFlags.FIN) != 0 && t.isAllocated()) fin(t);
            if (t.isFinQueued() && t.state() == TcpState.ESTABLISHED) { // shutdown before the handshake finished
                t.closeStartedAt = e.now;
                e.setState(t, TcpState.FIN_WAIT_1, Cause.API);
            } else if (t.isFinQueued() && t.state() == TcpState.CLOSE_WAIT) {
                e.setState(t, TcpState.LAST_ACK, Cause.API);
            }
        } else { // simultaneous open: answer SYN,ACK with our ISS
            t.sndWnd = s.window;
            t.maxSndWnd = t.sndWnd;
            t.sndWl1 = s.seq;
            t.sndWl2 = t.iss;
            e.setState(t, TcpState.SYN_RECEIVED, Cause.SIMULTANEOUS);
            e.output.syn(t);
            t.rtxAt = e.now + t.rto;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1/2, CLOSE-WAIT, CLOSING, LAST-ACK (§3.10.7.4)

    private void synchronizedStates(Tcb t, Segment s) {
        seq = s.seq;
        flags = s.flags;
        payOff = s.payloadOffset;
        payLen = s.payloadLength;
        tsPending = false;
        if (t.state() == TcpState.SYN_RECEIVED && s.syn() && !s.ackFlag() && s.seq == t.irs) {
            e.output.syn(t); // the peer did not get our SYN-ACK: send it again
            return;
        }
        if (!checkTimestamp(t, s)) return;
        if (!checkSequence(t, s)) return;
        if ((flags & TcpFlags.RST) != 0) {
            checkRst(t, s);
            return;
        }
        if ((flags & TcpFlags.SYN) != 0) {
            checkSyn(t, s);
            return;
        }
        if ((flags & TcpFlags.ACK) == 0) {
            e.stats.drops[TcpStats.DROP_NO_ACK]++;
            return;
        }
        if (!checkAck(t, s)) return;
        if (tsPending) {
            tsPending = false;
            t.tsRecent = tsPendingVal;
        }
        // URG: urgent data is delivered as ordinary data; the pointer is ignored (RFC 6093).
        if (payLen > 0) {
            text(t, s);
            if (!t.isAllocated() || !t.isInTable()) return;
        }
        if ((flags & TcpFlags.FIN) != 0) fin(t);
    }

    /** PAWS (RFC 7323 §5): a segment older than TS.Recent is a stale duplicate. */
    private boolean checkTimestamp(Tcb t, Segment s) {
        if (!t.isTsOk() || (flags & TcpFlags.RST) != 0) return true;
        if (!s.hasTimestamps) {
            // RFC 7323 §3.2: once negotiated, a non-RST segment without TSopt SHOULD be dropped (Linux accepts it)
            if (!e.cfg.requireTimestamps) return true;
            e.stats.drops[TcpStats.DROP_NO_TIMESTAMP]++;
            return false;
        }
        if (Seq.lt(s.tsVal, t.tsRecent)) {
            e.stats.drops[TcpStats.DROP_PAWS]++;
            t.setAckNow(true);
            return false;
        }
        return true;
    }

    /** First: is the segment acceptable (the four cases of RFC 9293 §3.10.7.4), then trim it to the window. */
    private boolean checkSequence(Tcb t, Segment s) {
        int wnd = e.rcvSpace(t);
        int segLen = s.len();
        boolean ok;
        if (segLen == 0) {
            ok = wnd == 0 ? seq == t.rcvNxt : Seq.inWindow(seq, t.rcvNxt, wnd);
        } else if (wnd == 0) {
            // a zero window accepts nothing, but an ACK/RST riding on a segment at RCV.NXT is still processed
            ok = false;
            if (seq == t.rcvNxt) {
                payLen = 0;
                flags &= ~(TcpFlags.FIN | TcpFlags.SYN);
                e.stats.drops[TcpStats.DROP_WINDOW_FULL]++;
                t.setAckNow(true);
                return true;
            }
        } else {
            ok = Seq.inWindow(seq, t.rcvNxt, wnd) || Seq.inWindow(seq + segLen - 1, t.rcvNxt, wnd);
        }
        if (!ok) {
            e.stats.drops[TcpStats.DROP_UNACCEPTABLE]++;
            if ((flags & TcpFlags.RST) == 0) t.setAckNow(true); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            return false;
        }
        if (t.isTsOk() && s.hasTimestamps && Seq.le(seq, t.rcvNxt)) { // RFC 7323 §4.3
            if (e.cfg.tsRecentAfterAck && (flags & (TcpFlags.RST | TcpFlags.SYN)) == 0) {
                tsPending = true;
                tsPendingVal = s.tsVal;
            } else {
                t.tsRecent = s.tsVal;
            }
        }
        // trim what we already have from the front
        int dup = t.rcvNxt - seq;
        if (dup > 0) {
            if ((flags & TcpFlags.SYN) != 0) {
                flags &= ~TcpFlags.SYN;
                seq++;
                dup--;
            }
            int k = Math.min(dup, payLen);
            payOff += k;
            payLen -= k;
            seq += k;
            dup -= k;
            if (dup > 0) flags &= ~TcpFlags.FIN; // the FIN itself is an old duplicate
            if (k > 0 || dup > 0) t.setAckNow(true);
        }
        // trim what lies beyond the window from the end
        int room = wnd - (seq - t.rcvNxt);
        if (payLen > room) {
            payLen = Math.max(room, 0);
            flags &= ~TcpFlags.FIN;
            e.stats.drops[TcpStats.DROP_WINDOW_FULL]++;
            t.setAckNow(true);
        }
        return true;
    }

    /** Second: RST (RFC 9293, with RFC 5961 §3 acceptance through the {@link ResetPolicy}). */
    private void checkRst(Tcb t, Segment s) {
        int verdict = e.cfg.reset.onRst(s.seq, t.rcvNxt, e.rcvSpace(t));
        if (verdict == ResetPolicy.CHALLENGE) {
            challengeAck(t);
            return;
        }
        if (verdict != ResetPolicy.ACCEPT) {
            e.stats.drops[TcpStats.DROP_RST_INVALID]++;
            return;
        }
        switch (t.state()) {
            case SYN_RECEIVED:
                if (t.link >= 0 || t.isInAcceptQueue()) { // passive open: back to LISTEN, i.e. forget the child
                    e.terminate(t, Cause.RST_RECEIVED);
                    return;
                }
                e.fail(t, Cause.REFUSED);
                return;
            case ESTABLISHED:
            case FIN_WAIT_1:
            case FIN_WAIT_2:
            case CLOSE_WAIT:
                e.fail(t, Cause.RST_RECEIVED);
                return;
            default: // CLOSING, LAST_ACK
                if (t.isLingering()) lingerDone(t, false);
                e.terminate(t, Cause.RST_RECEIVED);
        }
    }

    /** Fourth: SYN in a synchronized state (RFC 5961 §4: challenge ACK; RFC 793: reset). */
    private void checkSyn(Tcb t, Segment s) {
        boolean reset = e.cfg.reset.onSyn(s.seq, t.rcvNxt, e.rcvSpace(t)) == ResetPolicy.ACCEPT;
        if (reset && t.state() == TcpState.SYN_RECEIVED && (t.link >= 0 || t.isInAcceptQueue())) {
            e.terminate(t, Cause.SYN_IN_WINDOW); // passive open returns to LISTEN
            return;
        }
        if (reset) {
            e.output.rst(t, false, Cause.SYN_IN_WINDOW);
            e.fail(t, Cause.SYN_IN_WINDOW);
            return;
        }
        challengeAck(t);
    }

    private void challengeAck(Tcb t) {
        if (e.challengeAllowed()) {
            e.stats.challengeAcks++;
            e.output.ack(t);
        }
    }

    /** Fifth: ACK. Returns false when the segment is to be dropped. */
    private boolean checkAck(Tcb t, Segment s) {
        int ack = s.ack;
        if (t.state() == TcpState.SYN_RECEIVED) {
            if (!(Seq.lt(t.sndUna, ack) && Seq.le(ack, t.sndMax))) {
                e.stats.drops[TcpStats.DROP_BAD_ACK]++;
                e.output.rstFor(s, Cause.BAD_ACK); // <SEQ=SEG.ACK><CTL=RST>
                return false;
            }
            if (t.link >= 0) {
                Tcb l = e.slot(t.link);
                if (l.lq.acceptLen >= l.lq.backlog) { // accept queue full: as Linux, drop the ACK; SYN-ACK will repeat
                    e.stats.drops[TcpStats.DROP_BACKLOG_FULL]++;
                    return false;
                }
            }
            t.sndWnd = s.window << t.sndWscale;
            t.maxSndWnd = Math.max(t.maxSndWnd, t.sndWnd);
            t.sndWl1 = s.seq;
            t.sndWl2 = ack;
            established(t);
        }
        // RFC 5961 §5.2: ACK must lie in [SND.UNA - MAX.SND.WND, SND.NXT]
        if (Seq.gt(ack, t.sndMax) || Seq.lt(ack, t.sndUna - Math.max(t.maxSndWnd, 1))) {
            e.stats.drops[TcpStats.DROP_BAD_ACK]++;
            if (!(e.cfg.silentDropAckOfUnsent && Seq.gt(ack, t.sndMax))) t.setAckNow(true);
            return false;
        }
        boolean finWasAcked = t.finAcked();
        ackAdvance(t, s);
        e.keepaliveTouch(t);
        boolean finNowAcked = !finWasAcked && t.finAcked();
        switch (t.state()) {
            case FIN_WAIT_1:
                if (finNowAcked) {
                    if (t.isLingering()) lingerDone(t, true);
                    // a FIN riding on this same ACK takes FIN-WAIT-1 straight to TIME-WAIT in the FIN step
                    boolean finInSequence = (flags & TcpFlags.FIN) != 0 && seq + payLen == t.rcvNxt;
                    if (!finInSequence) {
                        e.setState(t, TcpState.FIN_WAIT_2, Cause.ACK_RECEIVED);
                        if (t.isAppClosed()) e.startFinWait2Timer(t);
                    }
                }
                return true;
            case CLOSING:
                if (finNowAcked) {
                    if (t.isLingering()) lingerDone(t, true);
                    e.enterTimeWait(t, Cause.ACK_RECEIVED);
                    return false;
                }
                return true;
            case LAST_ACK:
                if (finNowAcked) {
                    if (t.isLingering()) lingerDone(t, true);
                    e.terminate(t, Cause.ACK_RECEIVED);
                    return false;
                }
                return true;
            default:
                return true;
        }
    }

    /** SYN-RECEIVED → ESTABLISHED: into the listener's accept queue, or tell an active opener. */
    private void established(Tcb t) {
        e.stats.handshakeNanosTotal += e.now - t.openedAt;
        e.stats.handshakeCount++;
        synTimedOutRto(t);
        t.retries = 0;
        e.setState(t, TcpState.ESTABLISHED, Cause.ACK_RECEIVED);
        if (t.link >= 0) {
            Tcb l = e.slot(t.link);
            l.lq.synQueueLen--;
            l.lq.acceptLen++;
            t.setInAcceptQueue(true);
            t.link = -1; // the new tail of the accept queue: no next child
            if (l.lq.acceptTail >= 0) e.slot(l.lq.acceptTail).link = t.slot;
            else l.lq.acceptHead = t.slot;
            l.lq.acceptTail = t.slot;
            e.events.onAcceptable(l.handle(), t.handle());
        } else {
            e.events.onConnected(t.handle());
        }
        e.keepaliveTouch(t);
        if (t.isFinQueued()) { // close() while the handshake was still running
            t.closeStartedAt = e.now;
            e.setState(t, TcpState.FIN_WAIT_1, Cause.API);
        }
    }

    /** RFC 6298 (5.7): after a SYN or SYN-ACK timed out with no RTT measured, data starts with RTO = 3 s. */
    private void synTimedOutRto(Tcb t) {
        long fallback = 3_000_000_000L;
        if (t.retries > 0 && t.srtt == 0 && e.cfg.retransmission.initialRtoNanos() < fallback) {
            t.rto = e.cfg.retransmission.clamp(fallback);
        }
    }

    /** SND.UNA and SND.WND updates (RFC 9293 §3.10.7.4, fifth check, ESTABLISHED). */
    private void ackAdvance(Tcb t, Segment s) {
        int ack = s.ack;
        if (Seq.gt(ack, t.sndUna)) {
            int inBuf = t.sendBuffered();
            int n = (int) Math.min(Math.max(0, ack - t.sndBufSeq), inBuf);
            if (n > 0) {
                t.sendBuf.skip(n);
                t.sndBufSeq += n;
            }
            t.sndUna = ack;
            if (Seq.gt(ack, t.sndNxt)) t.sndNxt = ack; // after a go-back, the peer had more than we resent
            e.rttSample(t, ack);
            t.retries = 0;
            if (t.sndUna == t.sndMax) {
                t.rtxAt = Long.MAX_VALUE;
                t.firstUnackedAt = Long.MIN_VALUE;
            } else {
                t.rtxAt = e.now + t.rto;
                t.firstUnackedAt = e.now;
            }
            e.output.scheduleLossProbe(t);
            if (n > 0) {
                e.returnSendBufIfEmpty(t);
                if (!t.isAppClosed() && t.state().maySend()) e.events.onWritable(t.handle(), e.cfg.sendBufferSize - t.sendBuffered());
            }
        } else if (ack == t.sndUna && t.sndWnd == 0 && s.window == 0 && t.sndMax - t.sndUna <= 1) {
            t.retries = 0; // the peer is alive and its window is still closed: keep probing, never give up
        }
        // RFC 9293: only when SND.UNA =< SEG.ACK (an old ACK must not move the window)
        if (Seq.ge(ack, t.sndUna) && (Seq.lt(t.sndWl1, s.seq) || t.sndWl1 == s.seq && Seq.le(t.sndWl2, ack))) {
            t.sndWnd = s.window << t.sndWscale;
            if (t.sndWnd > t.maxSndWnd) t.maxSndWnd = t.sndWnd;
            t.sndWl1 = s.seq;
            t.sndWl2 = ack;
        }
    }

    /** Seventh: segment text, delivered in order only (out-of-order data is dropped and re-ACKed). */
    private void text(Tcb t, Segment s) {
        switch (t.state()) {
            case ESTABLISHED:
            case FIN_WAIT_1:
            case FIN_WAIT_2:
                break;
            default:
                return; // CLOSE_WAIT, CLOSING, LAST_ACK: the peer already sent its FIN; ignore
        }
        if ((t.isAppClosed() || t.isLingering()) && e.cfg.orphan.resetOnData()) { // lingering: closed too
            // nobody will ever read this: tell the peer (Linux; RFC 9293 would acknowledge and discard)
            if (e.cfg.orphanDataRstFromSegment) e.output.rstFor(s, Cause.DATA_AFTER_CLOSE);
            else e.output.rst(t, true, Cause.DATA_AFTER_CLOSE);
            t.setReset(true);
            t.resetCause = Cause.DATA_AFTER_CLOSE;
            if (t.isLingering()) lingerDone(t, false);
            e.terminate(t, Cause.DATA_AFTER_CLOSE);
            return;
        }
        if (seq != t.rcvNxt) {
            e.stats.drops[TcpStats.DROP_OUT_OF_ORDER]++;
            flags &= ~TcpFlags.FIN;
            t.setAckNow(true);
            return;
        }
        if (t.isAppClosed() || t.isLingering() || t.isReadShutdown() && e.cfg.shutdownReadDiscards) { // acknowledged and discarded
            t.rcvNxt += payLen;
            e.stats.bytesIn += payLen;
            t.setAckNow(true);
            return;
        }
        if (t.recvBuf == null) t.recvBuf = e.takeRecvBuf();
        int n = t.recvBuf.write(s.payload, payOff, payLen);
        if (n < payLen) flags &= ~TcpFlags.FIN;
        t.rcvNxt += n;
        e.stats.bytesIn += n;
        t.setAckNow(true);
        if (n > 0) e.events.onReadable(t.handle(), t.recvBuf.size());
    }

    /** Eighth: FIN, if it is the next thing in sequence. */
    private void fin(Tcb t) {
        if (seq + payLen != t.rcvNxt) return; // data before the FIN is missing: it will come again
        if (t.isPeerFin()) { // a second FIN beyond the first: nothing to take, just acknowledge (RFC 9293: remain)
            t.setAckNow(true);
            return;
        }
        t.rcvNxt += 1;
        t.setPeerFin(true);
        t.setAckNow(true);
        switch (t.state()) {
            case SYN_RECEIVED:
            case ESTABLISHED:
                e.setState(t, TcpState.CLOSE_WAIT, Cause.FIN_RECEIVED);
                e.events.onPeerClosed(t.handle());
                break;
            case FIN_WAIT_1:
                e.events.onPeerClosed(t.handle());
                if (t.finAcked()) {
                    e.output.ack(t);
                    e.enterTimeWait(t, Cause.FIN_RECEIVED);
                } else {
                    e.setState(t, TcpState.CLOSING, Cause.SIMULTANEOUS);
                }
                break;
            case FIN_WAIT_2:
                e.events.onPeerClosed(t.handle());
                e.output.ack(t);
                e.enterTimeWait(t, Cause.FIN_RECEIVED);
                break;
            default:
                break; // CLOSE_WAIT, CLOSING, LAST_ACK: a retransmitted FIN; the ACK goes out
        }
    }

    private void lingerDone(Tcb t, boolean completed) {
        t.setLingering(false);
        t.lingerAt = Long.MAX_VALUE;
        e.events.onLingerResult(t.handle(), completed);
        t.setAppClosed(true);
    }

    // ---------------------------------------------------------------------------------------------
    // TIME-WAIT rows

    private void timeWait(int row, Segment s) {
        TimeWaitTable tw = e.tw;
        int rcvNxt = tw.rcvNxt(row);
        if (s.rst()) {
            // exact RCV.NXT only (RFC 5961); whether it ends TIME_WAIT is the RFC 1337 question
            if (s.seq == rcvNxt && e.cfg.timeWaitRst.rstEndsTimeWait()) {
                e.expireTimeWait(row, Cause.RST_RECEIVED);
            } else {
                e.stats.drops[TcpStats.DROP_RST_INVALID]++;
            }
            return;
        }
        if (s.syn() && !s.ackFlag()) {
            if (e.cfg.timeWaitSyn.accept(s.seq, rcvNxt, s.hasTimestamps, s.tsVal, tw.hasTs(row), tw.tsRecent(row))) {
                long lw = tw.local(row);
                int l = findListener(lw, s.dstPort);
                if (l != TupleMap.MISSING) {
                    // Linux picks the new ISS above anything the old incarnation sent
                    int iss = tw.sndNxt(row) + 65535 + 2;
                    e.expireTimeWait(row, Cause.TIME_WAIT_REUSED);
                    e.stats.timeWaitReused++;
                    listen(e.slot(l), s, iss, true);
                    return;
                }
            }
            e.stats.challengeAcks++;
            e.output.ackFromTimeWait(s, tw.sndNxt(row), rcvNxt, tw.hasTs(row), tw.tsRecent(row));
            return;
        }
        if (s.fin() && s.seq + s.payloadLength + 1 == rcvNxt) {
            // the peer did not get our last ACK: acknowledge again and restart the 2MSL wait
            e.output.ackFromTimeWait(s, tw.sndNxt(row), rcvNxt, tw.hasTs(row), tw.tsRecent(row));
            tw.restart(row, e.now + e.cfg.timeWait.timeWaitNanos());
            return;
        }
        if (s.len() > 0 || !s.ackFlag()) {
            e.stats.drops[TcpStats.DROP_UNACCEPTABLE]++;
            e.output.ackFromTimeWait(s, tw.sndNxt(row), rcvNxt, tw.hasTs(row), tw.tsRecent(row));
        }
    }
}
