package org.tcplifecycle.api.policy;

import org.tcplifecycle.api.TcpState;

/** What a {@link ClosePolicy} may look at when the application calls close(). Valid during the call. */
public interface CloseContext {
    long handle();

    TcpState state();

    /** SO_LINGER as the application set it. */
    boolean lingerOn();

    long lingerNanos();

    /** Received octets the application has not read. */
    int unreadBytes();

    /** Octets written but not yet acknowledged by the peer. */
    int unackedBytes();

    int localPort();

    int remotePort();

    /** Time since the last segment arrived on this connection. */
    long idleNanos();
}
