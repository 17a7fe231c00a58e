package org.tcplifecycle.api;

import java.nio.ByteBuffer;

/**
 * An object view of one connection, for code that prefers objects to long handles. Every call goes to
 * the engine that owns the connection, on that engine's thread, with the time the caller supplies.
 */
public interface TcpConnection {
    /** The engine's long handle (slot and generation); stale once {@link TcpEventListener#onClosed} fired. */
    long handle();

    TcpState state();

    FourTuple tuple();

    /** Queue data; returns how many octets fit in the send buffer (possibly 0). */
    int send(ByteBuffer src, long nowNanos);

    /** Read in-order data; returns octets read, 0 if none is available yet, -1 at end of stream. */
    int receive(ByteBuffer dst, long nowNanos);

    /** Half-close: send FIN after the queued data; receiving continues. */
    void shutdownOutput(long nowNanos);

    /** Close as the close policy and SO_LINGER say. */
    void close(long nowNanos);

    /** Reset the connection now. */
    void abort(long nowNanos);
}
