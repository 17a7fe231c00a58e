package org.tcplifecycle.core;

import org.tcplifecycle.api.TcpState;

/**
 * Counters of one engine shard: plain fields written by the engine's thread, read at publish time
 * (Micrometer, tools, tests). Nothing here is synchronized: read them from the shard's thread, or
 * accept slightly stale values from another thread (as a metrics registry does).
 */
public final class TcpStats {
    /** Why an arriving segment was dropped or answered without being processed. */
    public static final int DROP_UNACCEPTABLE = 0;   // failed the RFC 9293 sequence test
    public static final int DROP_NO_ACK = 1;         // synchronized state, ACK bit off
    public static final int DROP_BAD_ACK = 2;        // ACK of something not sent, or too old (RFC 5961 §5)
    public static final int DROP_RST_INVALID = 3;    // RST outside the window
    public static final int DROP_NO_CONNECTION = 4;  // no connection, no listener (answered by RST)
    public static final int DROP_BACKLOG_FULL = 5;   // SYN or final ACK dropped: SYN or accept queue full
    public static final int DROP_OUT_OF_ORDER = 6;   // data beyond RCV.NXT (not queued: in-order only)
    public static final int DROP_PAWS = 7;           // timestamp older than TS.Recent (RFC 7323 §5)
    public static final int DROP_MALFORMED = 8;      // codec rejected the packet
    public static final int DROP_CHALLENGE_LIMIT = 9; // challenge ACK suppressed by the rate limit
    public static final int DROP_WINDOW_FULL = 10;   // data beyond the receive window, trimmed
    public static final int DROP_LISTEN_NO_SYN = 11; // at a listener: neither SYN nor ACK nor RST
    public static final int DROP_NO_TIMESTAMP = 12;  // timestamps negotiated, segment without one (RFC 7323 §3.2)
    public static final int DROP_REASONS = 13;
    private static final String[] DROP_NAMES = {"unacceptable", "no-ack", "bad-ack", "rst-invalid", "no-connection",
        "backlog-full", "out-of-order", "paws", "malformed", "challenge-limit", "window-full", "listen-no-syn",
        "no-timestamp"};

    public static String dropName(int reason) {
        return DROP_NAMES[reason];
    }

    public long segmentsIn;
    public long segmentsOut;
    public long bytesIn;
    public long bytesOut;
    public long retransmits;
    public long rstIn;
    public long rstOut;
    public long challengeAcks;
    public long timeWaitOverflow;
    public long timeWaitReused;
    public long portsExhausted;
    /** SYN-ACKs sent with a SYN cookie, ACKs that returned a valid one, and ACKs whose cookie failed. */
    public long synCookiesSent;
    public long synCookiesValid;
    public long synCookiesInvalid;
    public long activeOpens;
    public long passiveOpens;
    public long handshakeNanosTotal;
    public long handshakeCount;
    public long closeNanosTotal;
    public long closeCount;
    public final long[] drops = new long[DROP_REASONS];
    /** RSTs sent, by {@link org.tcplifecycle.api.Cause} code. */
    public final long[] rstOutByCause = new long[org.tcplifecycle.api.Cause.COUNT];
    /** Connections currently in each state (indexed by ordinal); TIME_WAIT counts compact entries. */
    public final long[] inState = new long[TcpState.count()];
    /** Transitions: from.ordinal() * 11 + to.ordinal(). */
    public final long[] transitions = new long[TcpState.count() * TcpState.count()];

    public long drops(int reason) {
        return drops[reason];
    }

    public long dropsTotal() {
        long t = 0;
        for (long d : drops) t += d;
        return t;
    }

    public long inState(TcpState s) {
        return inState[s.ordinal()];
    }

    public long transitions(TcpState from, TcpState to) {
        return transitions[from.ordinal() * TcpState.count() + to.ordinal()];
    }

    public long transitionsTotal() {
        long t = 0;
        for (long x : transitions) t += x;
        return t;
    }
}
