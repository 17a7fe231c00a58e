package org.tcplifecycle.core;

import java.nio.ByteBuffer;

import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.wire.IpCodec;
import org.tcplifecycle.wire.OptionLayout;

/**
 * A {@link SegmentSink} that encodes each segment as a complete IPv4 or IPv6 packet (checksums filled)
 * into one reusable buffer and hands the bytes on: to a TUN device, a pcap writer or another engine's
 * {@link TcpEngine#onPacket}. No allocation per segment.
 */
public final class PacketEncoder implements SegmentSink {
    /** Receives an encoded packet; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface PacketOut {
        void write(ByteBuffer packet, int offset, int length);
    }

    private final ByteBuffer buf;
    private final OptionLayout layout;
    private final PacketOut out;
    private int ipId;

    public PacketEncoder(PacketOut out) {
        this(out, OptionLayout.LINUX, false);
    }

    public PacketEncoder(PacketOut out, OptionLayout layout, boolean direct) {
        this.out = out;
        this.layout = layout;
        this.buf = direct ? ByteBuffer.allocateDirect(65535 + 60) : ByteBuffer.allocate(65535 + 60);
    }

    @Override
    public void send(Segment segment) {
        int n = IpCodec.encode(segment, buf, 0, layout, ipId++ & 0xFFFF);
        out.write(buf, 0, n);
    }
}
