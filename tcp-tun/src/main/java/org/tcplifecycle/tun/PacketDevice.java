package org.tcplifecycle.tun;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A source and sink of whole IP packets that an event loop can wait on. {@link TunDevice} is the real
 * one; tests drive {@link TunEventLoop} with an in-memory implementation.
 *
 * <p>Packets are datagrams, so buffer positions never move: a packet is always the bytes between a
 * buffer's position and its limit.
 */
public interface PacketDevice {
    /**
     * Wait until a packet can be read, the timeout expires, or {@link #wakeup()} is called.
     *
     * @param timeoutMs milliseconds to wait; 0 returns at once, negative waits without limit
     * @return true if {@link #read} will return a packet without blocking
     */
    boolean poll(int timeoutMs) throws IOException;

    /**
     * Read one packet into {@code dst} starting at its position; bytes beyond {@code dst.remaining()}
     * are lost. The position and limit are not changed.
     *
     * @return the packet length (the packet is at {@code [position, position + length)})
     */
    int read(ByteBuffer dst) throws IOException;

    /** Send the packet between the position and the limit of {@code packet}; position and limit stay. */
    void write(ByteBuffer packet) throws IOException;

    /**
     * Make a current or the next {@link #poll} return promptly. Safe to call from any thread, including
     * a shutdown hook.
     */
    void wakeup();
}
