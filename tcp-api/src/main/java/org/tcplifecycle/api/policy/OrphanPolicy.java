package org.tcplifecycle.api.policy;

import java.util.concurrent.TimeUnit;

/**
 * A connection the application has closed but that is still finishing (FIN_WAIT_1, FIN_WAIT_2, CLOSING,
 * LAST_ACK). Decides whether new data from the peer is answered with RST (nobody will ever read it) and
 * how long FIN_WAIT_2 may last without the peer's FIN (Linux tcp_fin_timeout).
 */
public interface OrphanPolicy {
    /** Data arriving after close(): RST (Linux), or acknowledge and discard (RFC 9293 text). */
    boolean resetOnData();

    /** FIN_WAIT_2 limit for orphans; {@link Long#MAX_VALUE} for none (RFC 9293). */
    long finWait2TimeoutNanos();

    static OrphanPolicy of(boolean resetOnData, long finWait2TimeoutNanos) {
        return new OrphanPolicy() {
            public boolean resetOnData() {
                return resetOnData;
            }

            public long finWait2TimeoutNanos() {
                return finWait2TimeoutNanos;
            }
        };
    }

    /** RFC 9293: data after close is acknowledged and discarded; FIN_WAIT_2 waits forever. */
    OrphanPolicy RFC9293 = of(false, Long.MAX_VALUE);

    /** Linux: RST on data after close; tcp_fin_timeout 60 s. */
    OrphanPolicy LINUX = of(true, TimeUnit.SECONDS.toNanos(60));
}
