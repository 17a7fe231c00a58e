package org.tcplifecycle.core;

import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.TimerService;

/**
 * Transmission control block (RFC 9293 §3.3.1): primitives only, pooled and reused by the engine, so a
 * connection costs no allocation once the pool is warm. Sequence variables are RFC names in camel case.
 * A listener is a Tcb in LISTEN with an {@link AcceptQueue}. Kept within 256 bytes (TcbLayoutTest).
 */
final class Tcb {
    // identity
    int slot;
    int gen;
    private byte state; // TcpState ordinal: a byte instead of a 4-byte reference (CLOSED is 0, asserted in TcbLayoutTest)
    // flags: one bit each (see the accessors at the end), so the block stays within 256 bytes
    private int flags;
    long localWord;
    long remoteWord;
    char localPort;        // ports and the MSS are unsigned 16-bit values: char holds them exactly
    char remotePort;

    // send sequence space
    int iss;
    int sndUna;
    int sndNxt;
    /** Highest sequence number sent + 1: SND.NXT is rewound to SND.UNA on a retransmission timeout. */
    int sndMax;
    int sndWnd;
    int maxSndWnd;
    int sndWl1;
    int sndWl2;
    /** Sequence number of the first octet in the send buffer. */
    int sndBufSeq;
    char sndMss;
    byte sndWscale;        // 0..14 (RFC 7323 §2.3)

    // receive sequence space
    int irs;
    int rcvNxt;
    byte rcvWscale;        // 0..14, TcpConfig.windowScale
    /** Right edge of the window last advertised (RCV.NXT + RCV.WND at that time). */
    int rcvAdvEdge;

    // options
    int tsRecent;

    // retransmission (RFC 6298)
    long srtt;
    long rttvar;
    long rto;
    int retries;           // consecutive timeouts; an int because RetransmissionPolicy.maxRetries is one
    int rttSeq;
    long rttStart;
    long rtxAt = Long.MAX_VALUE;
    long firstUnackedAt = Long.MIN_VALUE; // for the user timeout; MIN_VALUE: nothing in flight (0 is a valid time)

    // other deadlines
    long finWait2At = Long.MAX_VALUE;
    long tlpAt = Long.MAX_VALUE; // tail loss probe (TcpConfig.tailLossProbe)
    long lingerAt = Long.MAX_VALUE;
    long keepaliveAt = Long.MAX_VALUE;
    short keepaliveProbes; // unanswered probes; wraps past 32,767, so larger probe counts never give up
    long timer = TimerService.NO_TIMER;
    long timerAt = Long.MAX_VALUE;

    // close and ownership
    long lingerNanos;
    byte resetCause;       // a Cause constant (0..Cause.COUNT)

    // buffers, allocated while they hold data
    ByteRing sendBuf;
    ByteRing recvBuf;

    // listener / accept queue
    /** Queue state of a listener (allocated by listen()); null for every connection. */
    AcceptQueue lq;
    /**
     * Passive child in the SYN queue: its listener's slot. In the accept queue ({@link #isInAcceptQueue()}):
     * the next child in that queue, -1 at the tail (the listener is not needed there: accept and the
     * listener's close walk the queue). -1 for every other Tcb. One int for two uses that never overlap.
     */
    int link = -1;

    // timing
    long openedAt;
    long closeStartedAt;
    long lastRecvAt;

    /** A listener's SYN and accept queues: kept apart so that connections do not pay for them. */
    static final class AcceptQueue {
        int backlog;
        int synQueueLen;
        int acceptLen;
        int acceptHead = -1;   // first established child not yet accepted (slot), linked by Tcb.link
        int acceptTail = -1;
    }

    private static final TcpState[] STATES = TcpState.values();

    TcpState state() {
        return STATES[state];
    }

    void state(TcpState s) {
        state = (byte) s.ordinal();
    }

    long handle() {
        return (long) gen << 32 | slot;
    }

    int sendBuffered() {
        return sendBuf == null ? 0 : sendBuf.size();
    }

    int recvBuffered() {
        return recvBuf == null ? 0 : recvBuf.size();
    }

    /** Sequence number our FIN has (or will have): right after the last queued data octet. */
    int finSeq() {
        return sndBufSeq + sendBuffered();
    }

    boolean finAcked() {
        return isFinQueued() && Seq.gt(sndUna, finSeq());
    }

    void reset(int slotIndex, int generation) {
        slot = slotIndex;
        gen = generation;
        state = (byte) TcpState.CLOSED.ordinal();
        localWord = remoteWord = 0;
        localPort = remotePort = 0;
        flags &= ALLOCATED; // every flag false; allocated is set by alloc() and cleared by release()
        iss = sndUna = sndNxt = sndMax = sndWnd = maxSndWnd = sndWl1 = sndWl2 = sndBufSeq = 0;
        sndMss = 536;
        sndWscale = 0;
        irs = rcvNxt = rcvAdvEdge = 0;
        rcvWscale = 0;
        tsRecent = 0;
        srtt = rttvar = 0;
        rto = 0;
        retries = 0;
        rttSeq = 0;
        rttStart = 0;
        rtxAt = Long.MAX_VALUE;
        firstUnackedAt = Long.MIN_VALUE;
        finWait2At = lingerAt = keepaliveAt = tlpAt = Long.MAX_VALUE;
        keepaliveProbes = 0;
        timer = TimerService.NO_TIMER;
        timerAt = Long.MAX_VALUE;
        lingerNanos = 0;
        resetCause = 0;
        sendBuf = recvBuf = null;
        link = -1;
        lq = null;
        openedAt = closeStartedAt = lastRecvAt = 0;
    }

    // flag bits
    private static final int ALLOCATED = 1 << 0;
    private static final int IN_TABLE = 1 << 1;
    private static final int TS_OK = 1 << 2;
    private static final int SACK_OK = 1 << 3;
    private static final int WS_OK = 1 << 4;
    private static final int RTT_TIMING = 1 << 5;
    private static final int FIN_ALONE = 1 << 6;
    private static final int FIN_QUEUED = 1 << 7;
    private static final int APP_CLOSED = 1 << 8;
    private static final int APP_OWNED = 1 << 9;
    private static final int LINGERING = 1 << 10;
    private static final int LINGER_ON = 1 << 11;
    private static final int PEER_FIN = 1 << 12;
    private static final int RESET = 1 << 13;
    private static final int READ_SHUTDOWN = 1 << 14;
    private static final int ACK_NOW = 1 << 15;
    private static final int IN_ACCEPT_QUEUE = 1 << 16;

    boolean isAllocated() {
        return (flags & ALLOCATED) != 0;
    }

    void setAllocated(boolean on) {
        flags = on ? flags | ALLOCATED : flags & ~ALLOCATED;
    }

    boolean isInTable() {
        return (flags & IN_TABLE) != 0;
    }

    void setInTable(boolean on) {
        flags = on ? flags | IN_TABLE : flags & ~IN_TABLE;
    }

    boolean isTsOk() {
        return (flags & TS_OK) != 0;
    }

    void setTsOk(boolean on) {
        flags = on ? flags | TS_OK : flags & ~TS_OK;
    }

    boolean isSackOk() {
        return (flags & SACK_OK) != 0;
    }

    void setSackOk(boolean on) {
        flags = on ? flags | SACK_OK : flags & ~SACK_OK;
    }

    /** Both SYNs carried window scale (RFC 7323 §2.2). */
    boolean isWsOk() {
        return (flags & WS_OK) != 0;
    }

    void setWsOk(boolean on) {
        flags = on ? flags | WS_OK : flags & ~WS_OK;
    }

    boolean isRttTiming() {
        return (flags & RTT_TIMING) != 0;
    }

    void setRttTiming(boolean on) {
        flags = on ? flags | RTT_TIMING : flags & ~RTT_TIMING;
    }

    /** Our FIN went out in a segment of its own (the probe then resends only it) */
    boolean isFinAlone() {
        return (flags & FIN_ALONE) != 0;
    }

    void setFinAlone(boolean on) {
        flags = on ? flags | FIN_ALONE : flags & ~FIN_ALONE;
    }

    /** ShutdownOutput/close: FIN goes after the queued data. */
    boolean isFinQueued() {
        return (flags & FIN_QUEUED) != 0;
    }

    void setFinQueued(boolean on) {
        flags = on ? flags | FIN_QUEUED : flags & ~FIN_QUEUED;
    }

    /** The application released the handle (orphan) */
    boolean isAppClosed() {
        return (flags & APP_CLOSED) != 0;
    }

    void setAppClosed(boolean on) {
        flags = on ? flags | APP_CLOSED : flags & ~APP_CLOSED;
    }

    /** The application holds the handle (connect, accept) */
    boolean isAppOwned() {
        return (flags & APP_OWNED) != 0;
    }

    void setAppOwned(boolean on) {
        flags = on ? flags | APP_OWNED : flags & ~APP_OWNED;
    }

    /** Close() with SO_LINGER timeout in progress. */
    boolean isLingering() {
        return (flags & LINGERING) != 0;
    }

    void setLingering(boolean on) {
        flags = on ? flags | LINGERING : flags & ~LINGERING;
    }

    boolean isLingerOn() {
        return (flags & LINGER_ON) != 0;
    }

    void setLingerOn(boolean on) {
        flags = on ? flags | LINGER_ON : flags & ~LINGER_ON;
    }

    /** The peer's FIN has been received. */
    boolean isPeerFin() {
        return (flags & PEER_FIN) != 0;
    }

    void setPeerFin(boolean on) {
        flags = on ? flags | PEER_FIN : flags & ~PEER_FIN;
    }

    /** The connection was reset (error reported to reader/writer) */
    boolean isReset() {
        return (flags & RESET) != 0;
    }

    void setReset(boolean on) {
        flags = on ? flags | RESET : flags & ~RESET;
    }

    boolean isReadShutdown() {
        return (flags & READ_SHUTDOWN) != 0;
    }

    void setReadShutdown(boolean on) {
        flags = on ? flags | READ_SHUTDOWN : flags & ~READ_SHUTDOWN;
    }

    /** An ACK must go out with the next output pass. */
    boolean isAckNow() {
        return (flags & ACK_NOW) != 0;
    }

    void setAckNow(boolean on) {
        flags = on ? flags | ACK_NOW : flags & ~ACK_NOW;
    }

    boolean isInAcceptQueue() {
        return (flags & IN_ACCEPT_QUEUE) != 0;
    }

    void setInAcceptQueue(boolean on) {
        flags = on ? flags | IN_ACCEPT_QUEUE : flags & ~IN_ACCEPT_QUEUE;
    }
}
