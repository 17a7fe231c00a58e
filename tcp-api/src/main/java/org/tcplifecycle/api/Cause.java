package org.tcplifecycle.api;

/**
 * Why something happened: passed as an {@code int} with state changes, resets and closes, so event
 * paths never allocate. {@link #name(int)} gives the text.
 */
public final class Cause {
    public static final int NONE = 0;
    /** An API call by the application (open, close, shutdown, abort). */
    public static final int API = 1;
    public static final int SYN_RECEIVED = 2;
    public static final int SYN_ACK_RECEIVED = 3;
    public static final int ACK_RECEIVED = 4;
    public static final int FIN_RECEIVED = 5;
    public static final int RST_RECEIVED = 6;
    /** Retransmissions exhausted (SYN, SYN-ACK, data or FIN). */
    public static final int RETRANSMIT_TIMEOUT = 7;
    /** TIME_WAIT ran its course (2MSL or the configured length). */
    public static final int TIME_WAIT_EXPIRED = 8;
    public static final int FIN_WAIT_2_TIMEOUT = 9;
    public static final int USER_TIMEOUT = 10;
    public static final int KEEPALIVE_TIMEOUT = 11;
    /** SO_LINGER with a timeout ran out before the peer acknowledged everything. */
    public static final int LINGER_TIMEOUT = 12;
    /** SO_LINGER with a zero timeout: abortive close. */
    public static final int LINGER_ZERO = 13;
    /** close() while received data was still unread (RFC 2525 §2.17). */
    public static final int UNREAD_DATA = 14;
    /** Data arrived after the application closed (the connection is orphaned). */
    public static final int DATA_AFTER_CLOSE = 15;
    /** The listener that owned a not-yet-accepted connection was closed. */
    public static final int LISTENER_CLOSED = 16;
    /** A SYN in a synchronized state under the RFC 793 policy. */
    public static final int SYN_IN_WINDOW = 17;
    /** Our SYN was answered with RST: connection refused. */
    public static final int REFUSED = 18;
    /** abort() by the application. */
    public static final int ABORT = 19;
    /** The TIME_WAIT cap was reached; the connection skipped TIME_WAIT or evicted an older one. */
    public static final int TIME_WAIT_CAP = 20;
    /** A new SYN reused a 4-tuple in TIME_WAIT. */
    public static final int TIME_WAIT_REUSED = 21;
    /** Simultaneous open/close: the peer's SYN or FIN crossed ours. */
    public static final int SIMULTANEOUS = 22;
    /** An ACK of our SYN-ACK in SYN_RECEIVED was unacceptable. */
    public static final int BAD_ACK = 23;
    public static final int COUNT = 24;

    private static final String[] NAMES = {
        "none", "api", "syn", "syn-ack", "ack", "fin", "rst", "retransmit-timeout", "time-wait-expired",
        "fin-wait-2-timeout", "user-timeout", "keepalive-timeout", "linger-timeout", "linger-zero",
        "unread-data", "data-after-close", "listener-closed", "syn-in-window", "refused", "abort",
        "time-wait-cap", "time-wait-reused", "simultaneous", "bad-ack"
    };

    private Cause() {
    }

    public static String name(int cause) {
        return cause >= 0 && cause < NAMES.length ? NAMES[cause] : "cause-" + cause;
    }
}
