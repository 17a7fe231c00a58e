package org.tcplifecycle.api.policy;

import java.util.concurrent.TimeUnit;

/**
 * Retransmission timing (RFC 6298): RTO bounds, the initial RTO, backoff, and how many times each kind
 * of segment is retransmitted before the connection is aborted. The RTT estimator itself (SRTT,
 * RTTVAR, Karn's rule) is in the engine; this policy bounds and backs off what it computes.
 */
public interface RetransmissionPolicy {
    enum Kind { SYN, SYN_ACK, DATA, FIN }

    long initialRtoNanos();

    long minRtoNanos();

    long maxRtoNanos();

    /** Retransmissions allowed before giving up; the connection is aborted at the next timeout. */
    int maxRetries(Kind kind);

    /** RTO to use after {@code retries} consecutive timeouts; default: double each time, capped. */
    default long backoffNanos(long rtoNanos, int retries) {
        long r = rtoNanos;
        for (int i = 0; i < retries && r < maxRtoNanos(); i++) r <<= 1;
        return Math.min(Math.max(r, minRtoNanos()), maxRtoNanos());
    }

    /** Clamp a computed RTO to [min, max]. */
    default long clamp(long rtoNanos) {
        return Math.min(Math.max(rtoNanos, minRtoNanos()), maxRtoNanos());
    }

    static RetransmissionPolicy of(long initialNanos, long minNanos, long maxNanos, int syn, int synAck, int data, int fin) {
        return new RetransmissionPolicy() {
            public long initialRtoNanos() {
                return initialNanos;
            }

            public long minRtoNanos() {
                return minNanos;
            }

            public long maxRtoNanos() {
                return maxNanos;
            }

            public int maxRetries(Kind kind) {
                switch (kind) {
                    case SYN: return syn;
                    case SYN_ACK: return synAck;
                    case FIN: return fin;
                    default: return data;
                }
            }
        };
    }

    /** RFC 6298: initial 1 s, minimum 1 s, maximum 60 s; RFC 9293 suggests at least 3 SYN tries. */
    RetransmissionPolicy RFC6298 = of(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(60), 6, 5, 15, 15);

    /** Linux: initial 1 s, minimum 200 ms, maximum 120 s, tcp_syn_retries 6, synack 5, retries2 15. */
    RetransmissionPolicy LINUX = of(TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(200),
            TimeUnit.SECONDS.toNanos(120), 6, 5, 15, 15);
}
