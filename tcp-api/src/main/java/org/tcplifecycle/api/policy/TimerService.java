package org.tcplifecycle.api.policy;

/**
 * Timer scheduling for one engine shard. No thread of its own: the owner calls {@link #expire} with the
 * current time. Timers are identified by {@code long} ids and carry a {@code long} payload, so nothing
 * is allocated per timer. Implementations are single-threaded.
 */
public interface TimerService {
    /** Returned by nothing valid; use as "no timer" in fields. */
    long NO_TIMER = -1L;

    /** Schedule {@code payload} to fire at or after {@code deadlineNanos}; never before. */
    long schedule(long deadlineNanos, long payload);

    /** Cancel a pending timer; false if it already fired, was cancelled, or never existed. */
    boolean cancel(long timerId);

    /**
     * Fire, in deadline order as far as the implementation's resolution allows, every timer whose
     * deadline is {@code <= nowNanos}, at most {@code limit} of them. The handler may schedule and
     * cancel timers; a timer scheduled during this call with a deadline {@code <= nowNanos} fires in
     * this same call or the next one. Returns how many fired.
     */
    int expire(long nowNanos, TimerHandler handler, int limit);

    /**
     * A time at or before the earliest pending deadline ({@link Long#MAX_VALUE} when none), so an event
     * loop that sleeps until then is never late.
     */
    long nextDeadline();

    /** Pending timers. */
    int size();
}
