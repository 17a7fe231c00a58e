package org.tcplifecycle.linger;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.policy.ClosePolicy;

/** Entry points to the close policies of this module and the two the API already defines. */
public final class LingerPolicies {
    private LingerPolicies() {
    }

    /** The default: SO_LINGER as set, and RST when received data is left unread (RFC 2525 §2.17). */
    public static ClosePolicy rfc2525() {
        return ClosePolicy.RFC2525;
    }

    /** SO_LINGER alone; unread data is dropped silently behind a FIN (RFC 793 behaviour). */
    public static ClosePolicy socketOptions() {
        return ClosePolicy.SOCKET_OPTIONS;
    }

    /** Abort connections idle longer than {@code maxIdle}; {@link #rfc2525()} otherwise. */
    public static ClosePolicy idleAbort(long maxIdle, TimeUnit unit) {
        return new IdleAbortClosePolicy(unit.toNanos(maxIdle));
    }

    /** Linger timeouts by the remote port; others by {@link #rfc2525()}. */
    public static ClosePolicy perRemotePort(Map<Integer, Long> lingerNanosByPort) {
        return new PerPortLingerPolicy(PerPortLingerPolicy.Side.REMOTE, lingerNanosByPort);
    }

    /** Linger timeouts by the local port; others by {@link #rfc2525()}. */
    public static ClosePolicy perLocalPort(Map<Integer, Long> lingerNanosByPort) {
        return new PerPortLingerPolicy(PerPortLingerPolicy.Side.LOCAL, lingerNanosByPort);
    }
}
