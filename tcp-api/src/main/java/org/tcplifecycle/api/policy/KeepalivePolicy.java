package org.tcplifecycle.api.policy;

import java.util.concurrent.TimeUnit;

/** TCP keepalive (RFC 1122 4.2.3.6): off unless enabled. */
public interface KeepalivePolicy {
    boolean enabled();

    long idleNanos();

    long intervalNanos();

    int probes();

    static KeepalivePolicy of(long idleNanos, long intervalNanos, int probes) {
        return new KeepalivePolicy() {
            public boolean enabled() {
                return true;
            }

            public long idleNanos() {
                return idleNanos;
            }

            public long intervalNanos() {
                return intervalNanos;
            }

            public int probes() {
                return probes;
            }
        };
    }

    KeepalivePolicy OFF = new KeepalivePolicy() {
        public boolean enabled() {
            return false;
        }

        public long idleNanos() {
            return Long.MAX_VALUE;
        }

        public long intervalNanos() {
            return Long.MAX_VALUE;
        }

        public int probes() {
            return 0;
        }
    };

    /** Linux defaults when SO_KEEPALIVE is set: 7200 s idle, 75 s interval, 9 probes. */
    KeepalivePolicy LINUX = of(TimeUnit.SECONDS.toNanos(7200), TimeUnit.SECONDS.toNanos(75), 9);
}
