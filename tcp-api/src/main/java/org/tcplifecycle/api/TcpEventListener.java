package org.tcplifecycle.api;

/**
 * What the engine tells the application. Called on the engine's own thread, during the engine call that
 * caused the event; arguments are primitives (and enum constants) so nothing is allocated. A listener
 * may call back into the engine (read, write, close) except from {@link #onStateChange}.
 */
public interface TcpEventListener {
    TcpEventListener NONE = new TcpEventListener() { };

    /** Every state change of every connection, with the reason as a {@link Cause} code. */
    default void onStateChange(long handle, TcpState from, TcpState to, int cause) {
    }

    /** A connection completed its handshake on a listener and waits in its accept queue. */
    default void onAcceptable(long listenerHandle, long handle) {
    }

    /** An active open completed (SYN_SENT → ESTABLISHED). */
    default void onConnected(long handle) {
    }

    /** In-order data is waiting; {@code available} octets can be read. */
    default void onReadable(long handle, int available) {
    }

    /** Space opened in the send buffer after the peer acknowledged data. */
    default void onWritable(long handle, int space) {
    }

    /** The peer's FIN arrived: after the buffered data, reads return end of stream. */
    default void onPeerClosed(long handle) {
    }

    /** The connection was reset (RST received, or aborted by a timer); {@code cause} says which. */
    default void onReset(long handle, int cause) {
    }

    /**
     * The outcome of a close() under SO_LINGER with a timeout: {@code completed} is true when all data
     * and the FIN were acknowledged in time, false when the timeout expired and the connection was
     * aborted with RST (the unsent or unacknowledged data was discarded).
     */
    default void onLingerResult(long handle, boolean completed) {
    }

    /** The connection is gone from the engine's tables; the handle is stale from now on. */
    default void onClosed(long handle, int cause) {
    }
}
