package org.tcplifecycle.api.policy;

import java.util.concurrent.TimeUnit;

/**
 * Whether an active open may take a 4-tuple whose TIME_WAIT row is still alive (Linux's tcp_tw_reuse).
 * Reusing early is what lets a busy client keep connecting to one server port without running out of
 * ephemeral ports; the price is RFC 1337's hazard of old duplicates, which timestamps (PAWS, RFC 7323)
 * largely remove. The new incarnation starts its sequence numbers above the old one's.
 */
@FunctionalInterface
public interface TimeWaitReusePolicy {
    /**
     * @param timestamps          the old connection used timestamps
     * @param nanosSinceLastSegment time since the row last saw a segment (entry into TIME_WAIT or a
     *                             retransmitted FIN)
     */
    boolean mayReuse(boolean timestamps, long nanosSinceLastSegment);

    /** tcp_tw_reuse=0: wait out TIME_WAIT. */
    TimeWaitReusePolicy NEVER = (ts, idle) -> false;

    /** tcp_tw_reuse=1: with timestamps, and more than 1 s after the last segment. */
    TimeWaitReusePolicy TIMESTAMPS = (ts, idle) -> ts && idle > TimeUnit.SECONDS.toNanos(1);

    /** Always reuse (what SO_LINGER 0 tricks try to get; unsafe without timestamps). */
    TimeWaitReusePolicy ALWAYS = (ts, idle) -> true;
}
