package org.tcplifecycle.api.policy;

/**
 * A limit on how many connections may sit in TIME_WAIT at once (Linux: tcp_max_tw_buckets) and what
 * happens at the limit. Overflow is counted by the engine.
 */
public interface TimeWaitCapPolicy {
    enum Overflow {
        /** The connection that would enter TIME_WAIT is closed at once instead (Linux's choice). */
        SKIP_TIME_WAIT,
        /** The oldest TIME_WAIT entry is dropped to make room. */
        EVICT_OLDEST
    }

    int maxEntries();

    Overflow onOverflow();

    static TimeWaitCapPolicy of(int maxEntries, Overflow overflow) {
        if (maxEntries < 0) throw new IllegalArgumentException("maxEntries < 0");
        return new TimeWaitCapPolicy() {
            public int maxEntries() {
                return maxEntries;
            }

            public Overflow onOverflow() {
                return overflow;
            }
        };
    }

    TimeWaitCapPolicy UNLIMITED = of(Integer.MAX_VALUE, Overflow.SKIP_TIME_WAIT);
}
