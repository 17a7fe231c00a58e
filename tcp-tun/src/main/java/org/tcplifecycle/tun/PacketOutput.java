package org.tcplifecycle.tun;

import java.nio.ByteBuffer;

/**
 * Where a {@link PacketHandler} sends IP packets. Given to the handler once by {@link PacketHandler#attach};
 * usable only on the event-loop thread, from inside {@code onPacket} or {@code poll}.
 */
@FunctionalInterface
public interface PacketOutput {
    /**
     * Send the IPv4 or IPv6 packet between the position and the limit of {@code ipPacket}. The bytes are
     * copied (into the kernel) before this returns, so the buffer may be reused at once; its position
     * and limit are not changed. A packet the device refuses is counted and dropped, as a link would.
     */
    void write(ByteBuffer ipPacket);
}
