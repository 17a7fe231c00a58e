package org.tcplifecycle.api.policy;

/**
 * When a listener answers a SYN with a SYN cookie (RFC 4987 §3.6) instead of keeping state: the SYN-ACK's
 * sequence number encodes the MSS and a keyed hash of the 4-tuple, and the connection is created only
 * when an ACK returns a valid cookie. It keeps a SYN flood from filling the backlog; the cost is that
 * options other than the MSS (window scale, timestamps, SACK) are not remembered for those connections,
 * and a lost SYN-ACK is not retransmitted (the client's SYN retransmission recovers).
 */
@FunctionalInterface
public interface SynCookiePolicy {
    /** Answer this SYN with a cookie, given the listener's SYN queue length and backlog. */
    boolean useCookie(int synQueueLength, int backlog);

    /** Never: a full SYN queue drops SYNs (RFC 9293 behaviour). */
    SynCookiePolicy OFF = (q, b) -> false;

    /** Only once the SYN queue is full (Linux's tcp_syncookies=1). */
    SynCookiePolicy WHEN_FULL = (q, b) -> q >= b;

    /** For every SYN (Linux's tcp_syncookies=2): the listener keeps no state before the final ACK. */
    SynCookiePolicy ALWAYS = (q, b) -> true;
}
