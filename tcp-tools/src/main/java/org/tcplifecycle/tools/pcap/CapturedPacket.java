package org.tcplifecycle.tools.pcap;

import java.nio.ByteBuffer;

/**
 * An immutable copy of one IP packet read from a capture.
 *
 * @param number         the frame number, 1-based, counting every packet record of the file (IP or not),
 *                       as Wireshark numbers frames
 * @param timestampNanos nanoseconds since 1970-01-01T00:00Z, or {@link PcapReader#NO_TIMESTAMP} for a pcapng
 *                       Simple Packet Block, which carries none
 * @param interfaceId    the pcapng interface index; 0 for classic pcap
 * @param linkType       the LINKTYPE_ of the frame's interface, see {@link LinkType}
 * @param originalLength the frame's length on the wire, link-layer header included
 * @param ip             the IP packet, from the first byte of the IP header; shorter than the IP total length
 *                       when the capture was cut by its snapshot length
 */
public record CapturedPacket(long number, long timestampNanos, int interfaceId, int linkType, int originalLength,
                             ByteBuffer ip) {

    /** Copies {@code ip} from its position to its limit; the argument's position is not moved. */
    public CapturedPacket {
        byte[] copy = new byte[ip.remaining()];
        ip.duplicate().get(copy);
        ip = ByteBuffer.wrap(copy).asReadOnlyBuffer();
    }

    /** A read-only view of the IP packet, position 0, limit its length; each call returns a new view. */
    @Override
    public ByteBuffer ip() {
        return ip.duplicate();
    }

    /** A fresh copy of the IP packet bytes. */
    public byte[] ipBytes() {
        byte[] copy = new byte[ip.capacity()];
        ip.duplicate().get(copy);
        return copy;
    }

    /** 4 or 6, from the first nibble of the IP header. */
    public int ipVersion() {
        return (ip.get(0) >> 4) & 0xF;
    }
}
