package org.tcplifecycle.timers;

import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.policy.RetransmissionPolicy;

/**
 * The retransmission timeout of one connection, computed as RFC 6298 section 2 specifies, in
 * nanoseconds and integer arithmetic.
 *
 * <p>Two ways to use it, neither allocates: the static functions work on state an engine keeps in its
 * own control block ({@code srtt}, {@code rttvar}, {@code rto} as {@code long} fields, with
 * {@link #NO_SAMPLE} as the initial {@code srtt}); or one instance per connection holds that state.
 *
 * <pre>{@code
 * // first sample R:       SRTT = R,  RTTVAR = R/2
 * // later samples R':     RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|   (with the old SRTT)
 * //                       SRTT   = 7/8 SRTT   + 1/8 R'
 * // then:                 RTO = clamp(SRTT + max(G, 4 RTTVAR))
 * // on a timeout:         RTO = min(2 RTO, max)                   (section 5.5)
 * }</pre>
 *
 * Divisions truncate, so a result may be up to 1 ns below the exact fraction.
 */
public final class RtoEstimator {
    /** The {@code srtt} of a connection that has no RTT measurement yet. */
    public static final long NO_SAMPLE = -1L;
    /** RFC 6298 (5.7): after a SYN timed out, an RTO below 3 s is re-initialized to 3 s for data. */
    public static final long AFTER_SYN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final RetransmissionPolicy policy;
    private final long granularity;
    private long srtt = NO_SAMPLE;
    private long rttvar;
    private long rto;
    private int backoffs;

    /**
     * @param granularityNanos the clock granularity G of RFC 6298, e.g. the timer wheel's tick
     */
    public RtoEstimator(RetransmissionPolicy policy, long granularityNanos) {
        if (granularityNanos < 0) throw new IllegalArgumentException("negative granularity");
        this.policy = policy;
        this.granularity = granularityNanos;
        this.rto = policy.initialRtoNanos();
    }

    /** New SRTT after a measurement {@code r}: {@code r} for the first one, else 7/8 old + 1/8 r. */
    public static long nextSrtt(long srtt, long r) {
        checkSample(r);
        return srtt == NO_SAMPLE ? r : (7 * srtt + r) / 8;
    }

    /**
     * New RTTVAR after a measurement {@code r}; give it the SRTT from <em>before</em> this measurement.
     * {@code r/2} for the first one, else 3/4 old + 1/4 |SRTT - r|.
     */
    public static long nextRttvar(long srtt, long rttvar, long r) {
        checkSample(r);
        return srtt == NO_SAMPLE ? r / 2 : (3 * rttvar + Math.abs(srtt - r)) / 4;
    }

    /** {@code SRTT + max(G, 4 RTTVAR)} clamped by the policy; the initial RTO while there is no sample. */
    public static long rto(long srtt, long rttvar, long granularityNanos, RetransmissionPolicy policy) {
        if (srtt == NO_SAMPLE) return policy.initialRtoNanos();
        return policy.clamp(srtt + Math.max(granularityNanos, 4 * rttvar));
    }

    /** RTO after the retransmission timer expired: doubled, clamped by the policy. */
    public static long backoff(long rto, RetransmissionPolicy policy) {
        return policy.backoffNanos(rto, 1);
    }

    /**
     * Karn's rule: an ACK of a segment that was retransmitted is ambiguous (which transmission does it
     * answer?) and gives no RTT sample, unless the ACK echoes a timestamp (RFC 7323) naming the
     * transmission it answers.
     */
    public static boolean sampleAllowed(boolean retransmitted, boolean echoesTimestamp) {
        return !retransmitted || echoesTimestamp;
    }

    /** RFC 6298 (5.7): the RTO to start data with when the SYN (or SYN-ACK) timer expired. */
    public static long afterSynTimeout(long rto) {
        return Math.max(rto, AFTER_SYN_TIMEOUT_NANOS);
    }

    /** Take an RTT measurement (already filtered by {@link #sampleAllowed}); returns the new RTO. */
    public long sample(long rttNanos) {
        long v = nextRttvar(srtt, rttvar, rttNanos);
        srtt = nextSrtt(srtt, rttNanos);
        rttvar = v;
        backoffs = 0;   // a valid sample replaces the backed-off RTO with a computed one
        return rto = rto(srtt, rttvar, granularity, policy);
    }

    /** The retransmission timer expired: back the RTO off; returns it. */
    public long onTimeout() {
        backoffs++;
        return rto = backoff(rto, policy);
    }

    /** Forget all measurements, as for a new connection. */
    public void reset() {
        srtt = NO_SAMPLE;
        rttvar = 0;
        rto = policy.initialRtoNanos();
        backoffs = 0;
    }

    public long rto() {
        return rto;
    }

    /** {@link #NO_SAMPLE} until the first measurement. */
    public long srtt() {
        return srtt;
    }

    public long rttvar() {
        return rttvar;
    }

    /** Consecutive timeouts since the last sample. */
    public int backoffs() {
        return backoffs;
    }

    private static void checkSample(long r) {
        if (r < 0) throw new IllegalArgumentException("negative RTT sample: " + r);
    }
}
