package org.tcplifecycle.api.policy;

import java.util.concurrent.TimeUnit;

/** How long a connection stays in TIME_WAIT (RFC 9293: 2×MSL). */
@FunctionalInterface
public interface TimeWaitPolicy {
    long timeWaitNanos();

    /** 2×MSL for a given MSL. */
    static TimeWaitPolicy twoMsl(long mslNanos) {
        return () -> 2 * mslNanos;
    }

    /** RFC 793's MSL of 2 minutes: TIME_WAIT lasts 4 minutes. */
    TimeWaitPolicy RFC793 = twoMsl(TimeUnit.MINUTES.toNanos(2));

    /** Linux: TIME_WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN), whatever the MSL. */
    TimeWaitPolicy LINUX = () -> TimeUnit.SECONDS.toNanos(60);
}
