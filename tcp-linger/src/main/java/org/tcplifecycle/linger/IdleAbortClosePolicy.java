package org.tcplifecycle.linger;

import org.tcplifecycle.api.policy.CloseContext;
import org.tcplifecycle.api.policy.ClosePolicy;

/**
 * Abort (RST, no FIN handshake, no TIME_WAIT) a connection whose peer has sent nothing for longer than a
 * limit; close every other connection as the {@code otherwise} policy says (by default
 * {@link ClosePolicy#RFC2525}: graceful unless SO_LINGER or unread data say otherwise).
 *
 * <p>Why: a peer that went silent is often gone; a graceful close would sit in FIN_WAIT_1 retransmitting
 * its FIN for minutes and then occupy TIME_WAIT. The price: if the silent peer is in fact alive, it gets
 * RST instead of FIN, and any data still queued for it is discarded.
 */
public final class IdleAbortClosePolicy implements ClosePolicy {
    private final long maxIdleNanos;
    private final ClosePolicy otherwise;

    public IdleAbortClosePolicy(long maxIdleNanos) {
        this(maxIdleNanos, ClosePolicy.RFC2525);
    }

    public IdleAbortClosePolicy(long maxIdleNanos, ClosePolicy otherwise) {
        if (maxIdleNanos < 0) throw new IllegalArgumentException("maxIdleNanos < 0: " + maxIdleNanos);
        if (otherwise == null) throw new IllegalArgumentException("otherwise is null");
        this.maxIdleNanos = maxIdleNanos;
        this.otherwise = otherwise;
    }

    @Override
    public long onClose(CloseContext ctx) {
        return ctx.idleNanos() > maxIdleNanos ? ABORT : otherwise.onClose(ctx);
    }

    public long maxIdleNanos() {
        return maxIdleNanos;
    }

    @Override
    public String toString() {
        return "IdleAbort(" + maxIdleNanos + "ns, else " + otherwise + ")";
    }
}
