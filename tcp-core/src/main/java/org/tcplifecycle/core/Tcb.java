package org.tcplifecycle.core;

import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.TimerService;

/**
 * Transmission control block (RFC 9293 §3.3.1): primitives only, pooled and reused by the engine, so a
 * connection costs no allocation once the pool is warm. Sequence variables are RFC names in camel case.
 * A listener is a Tcb in LISTEN with its queue fields in use.
 */
final class Tcb {
    // identity
    int slot;
    int gen;
    boolean allocated;
    TcpState state = TcpState.CLOSED;
    long localWord;
    long remoteWord;
    int localPort;
    int remotePort;
    boolean inTable;

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
    int sndMss;
    byte sndWscale;        // 0..14 (RFC 7323 §2.3)

    // receive sequence space
    int irs;
    int rcvNxt;
    byte rcvWscale;        // 0..14, TcpConfig.windowScale
    /** Right edge of the window last advertised (RCV.NXT + RCV.WND at that time). */
    int rcvAdvEdge;

    // options
    boolean tsOk;
    int tsRecent;
    boolean sackOk;
    /** Both SYNs carried window scale (RFC 7323 §2.2). */
    boolean wsOk;

    // retransmission (RFC 6298)
    long srtt;
    long rttvar;
    long rto;
    short retries;         // consecutive timeouts; never beyond the policy's maxRetries
    int rttSeq;
    long rttStart;
    boolean rttTiming;
    long rtxAt = Long.MAX_VALUE;
    long firstUnackedAt = Long.MIN_VALUE; // for the user timeout; MIN_VALUE: nothing in flight (0 is a valid time)

    // other deadlines
    long finWait2At = Long.MAX_VALUE;
    long tlpAt = Long.MAX_VALUE; // tail loss probe (TcpConfig.tailLossProbe)
    boolean finAlone;            // our FIN went out in a segment of its own (the probe then resends only it)
    long lingerAt = Long.MAX_VALUE;
    long keepaliveAt = Long.MAX_VALUE;
    short keepaliveProbes; // unanswered probes; never beyond KeepalivePolicy.probes()
    long timer = TimerService.NO_TIMER;
    long timerAt = Long.MAX_VALUE;

    // close and ownership
    boolean finQueued;     // shutdownOutput/close: FIN goes after the queued data
    boolean appClosed;     // the application released the handle (orphan)
    boolean appOwned;      // the application holds the handle (connect, accept)
    boolean lingering;     // close() with SO_LINGER timeout in progress
    boolean lingerOn;
    long lingerNanos;
    boolean peerFin;       // the peer's FIN has been received
    boolean reset;         // the connection was reset (error reported to reader/writer)
    byte resetCause;       // a Cause constant (0..Cause.COUNT)
    boolean readShutdown;
    boolean ackNow;        // an ACK must go out with the next output pass

    // buffers, allocated while they hold data
    ByteRing sendBuf;
    ByteRing recvBuf;

    // listener / accept queue
    /** Queue state of a listener (allocated by listen()); null for every connection. */
    AcceptQueue lq;
    int parent = -1;       // listener slot for passive children until accepted
    int nextInQueue = -1;
    boolean inAcceptQueue;

    // timing
    long openedAt;
    long closeStartedAt;
    long lastRecvAt;

    /** A listener's SYN and accept queues: kept apart so that connections do not pay for them. */
    static final class AcceptQueue {
        int backlog;
        int synQueueLen;
        int acceptLen;
        int acceptHead = -1;   // first established child not yet accepted (slot), linked by nextInQueue
        int acceptTail = -1;
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
        return finQueued && Seq.gt(sndUna, finSeq());
    }

    void reset(int slotIndex, int generation) {
        slot = slotIndex;
        gen = generation;
        state = TcpState.CLOSED;
        localWord = remoteWord = 0;
        localPort = remotePort = 0;
        inTable = false;
        iss = sndUna = sndNxt = sndMax = sndWnd = maxSndWnd = sndWl1 = sndWl2 = sndBufSeq = 0;
        sndMss = 536;
        sndWscale = 0;
        irs = rcvNxt = rcvAdvEdge = 0;
        rcvWscale = 0;
        tsOk = false;
        tsRecent = 0;
        sackOk = false;
        wsOk = false;
        srtt = rttvar = 0;
        rto = 0;
        retries = 0;
        rttSeq = 0;
        rttStart = 0;
        rttTiming = false;
        rtxAt = Long.MAX_VALUE;
        firstUnackedAt = Long.MIN_VALUE;
        finWait2At = lingerAt = keepaliveAt = tlpAt = Long.MAX_VALUE;
        keepaliveProbes = 0;
        timer = TimerService.NO_TIMER;
        timerAt = Long.MAX_VALUE;
        finQueued = appClosed = appOwned = lingering = lingerOn = peerFin = reset = readShutdown = ackNow = finAlone = false;
        lingerNanos = 0;
        resetCause = 0;
        sendBuf = recvBuf = null;
        parent = -1;
        lq = null;
        nextInQueue = -1;
        inAcceptQueue = false;
        openedAt = closeStartedAt = lastRecvAt = 0;
    }
}
