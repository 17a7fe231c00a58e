package org.tcplifecycle.api.policy;

/**
 * What close() does. Returns {@link #GRACEFUL} (FIN after pending data, close returns at once, the
 * connection finishes as an orphan), {@link #ABORT} (RST now, buffers discarded, no TIME_WAIT), or a
 * positive number of nanoseconds to linger: close completes when everything including the FIN is
 * acknowledged, and the connection is aborted with RST if that takes longer.
 */
@FunctionalInterface
public interface ClosePolicy {
    long GRACEFUL = -1L;
    long ABORT = 0L;

    long onClose(CloseContext ctx);

    /**
     * The socket options alone: SO_LINGER off → graceful; on with 0 → abort; on with t → linger t.
     * Unread received data does not change anything (RFC 793 behaviour).
     */
    ClosePolicy SOCKET_OPTIONS = ctx -> !ctx.lingerOn() ? GRACEFUL : ctx.lingerNanos() <= 0 ? ABORT : ctx.lingerNanos();

    /** As {@link #SOCKET_OPTIONS}, but close with unread received data aborts (RFC 2525 §2.17, Linux). */
    ClosePolicy RFC2525 = ctx -> ctx.unreadBytes() > 0 ? ABORT : SOCKET_OPTIONS.onClose(ctx);
}
