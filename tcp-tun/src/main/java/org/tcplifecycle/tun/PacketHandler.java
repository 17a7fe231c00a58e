package org.tcplifecycle.tun;

import java.nio.ByteBuffer;

/**
 * What an engine shard implements to sit behind a {@link TunEventLoop}: it receives every IP packet the
 * kernel routes into the device, is polled at the deadlines it asks for, and sends packets through the
 * {@link PacketOutput} it was attached to. All calls come from the single event-loop thread, with
 * {@code nowNanos} from the loop's clock ({@link System#nanoTime()} unless configured otherwise); the
 * handler never reads a clock itself.
 */
public interface PacketHandler {
    /** Called once, on the loop thread, before any other method. */
    void attach(PacketOutput out);

    /**
     * One IP packet (IPv4 or IPv6, no link header) between the buffer's position and limit. The buffer
     * belongs to the loop and is reused after this returns: copy what must outlive the call.
     */
    void onPacket(ByteBuffer ipPacket, long nowNanos);

    /**
     * Run what is due at {@code nowNanos} (timers) and say when to be called next.
     *
     * @return the next deadline on the same clock, or {@link Long#MAX_VALUE} when nothing is scheduled
     */
    long poll(long nowNanos);
}
