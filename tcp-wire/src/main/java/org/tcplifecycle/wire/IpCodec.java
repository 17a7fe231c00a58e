package org.tcplifecycle.wire;

import static org.tcplifecycle.wire.Bytes.i32;
import static org.tcplifecycle.wire.Bytes.i64;
import static org.tcplifecycle.wire.Bytes.put16;
import static org.tcplifecycle.wire.Bytes.put32;
import static org.tcplifecycle.wire.Bytes.put64;
import static org.tcplifecycle.wire.Bytes.put8;
import static org.tcplifecycle.wire.Bytes.u16;
import static org.tcplifecycle.wire.Bytes.u8;

import java.nio.ByteBuffer;
import org.tcplifecycle.api.Segment;

/**
 * Raw IP packets carrying TCP, as read from a TUN device opened with {@code IFF_NO_PI} or stored in a
 * pcap with {@code LINKTYPE_RAW}: IPv4 (RFC 791) and IPv6 (RFC 8200) to and from a {@link Segment}.
 * Stateless and allocation-free; absolute buffer access only.
 */
public final class IpCodec {
    public static final int V4_HEADER = 20;
    public static final int V6_HEADER = 40;
    public static final int TTL = 64;
    public static final int HOP_LIMIT = 64;

    /** Verify nothing: for captures whose checksums were left to offload hardware. */
    public static final int CHECK_NONE = 0;
    /** Verify the IPv4 header checksum. */
    public static final int CHECK_IP = 1;
    /** Verify the TCP checksum. Linux loopback captures carry unfinished TCP checksums: leave this out for them. */
    public static final int CHECK_TCP = 2;
    public static final int CHECK_ALL = CHECK_IP | CHECK_TCP;

    static final int NH_HOPOPTS = 0;
    static final int NH_TCP = 6;
    static final int NH_ROUTING = 43;
    static final int NH_FRAGMENT = 44;
    static final int NH_DSTOPTS = 60;

    private static final int V4_DF = 0x4000;
    private static final int V4_MF_OFFSET = 0x3FFF;

    private IpCodec() {
    }

    /** {@link #decode(ByteBuffer, int, int, Segment, int, DropCounters)} without counting drops. */
    public static int decode(ByteBuffer b, int off, int len, Segment s, int checks) {
        return decode(b, off, len, s, checks, null);
    }

    /**
     * Decode the IP packet in {@code b[off, off+len)} into {@code s}: addresses from the IP header,
     * everything else from the TCP segment it carries (payload as a region of {@code b}). Bytes after the
     * IP total / payload length (link padding) are ignored. IPv4 options are skipped unread. IPv6
     * Hop-by-Hop (first only), Destination Options and Routing headers with Segments Left 0 are
     * skipped, as is an atomic Fragment header (offset 0, M clear, RFC 6946); a real fragment, a
     * routing header still to be processed, or any other next header drops the packet.
     *
     * @param checks {@link #CHECK_IP} and/or {@link #CHECK_TCP}
     * @param drops counts the result when it is a drop; may be null
     * @return {@link DecodeResult#OK} or the reason for dropping; never throws on malformed bytes
     */
    public static int decode(ByteBuffer b, int off, int len, Segment s, int checks, DropCounters drops) {
        int r = decodePacket(b, off, len, s, checks);
        return drops == null || r == DecodeResult.OK ? r : drops.record(r);
    }

    private static int decodePacket(ByteBuffer b, int off, int len, Segment s, int checks) {
        if (!Bytes.inBounds(b, off, len)) return DecodeResult.OUT_OF_BOUNDS;
        if (len < 1) return DecodeResult.TRUNCATED;
        int version = u8(b, off) >>> 4;
        if (version == 4) return decodeV4(b, off, len, s, checks);
        if (version == 6) return decodeV6(b, off, len, s, checks);
        return DecodeResult.BAD_IP_VERSION;
    }

    private static int decodeV4(ByteBuffer b, int off, int len, Segment s, int checks) {
        if (len < V4_HEADER) return DecodeResult.TRUNCATED;
        int ihl = (u8(b, off) & 0xF) << 2;
        if (ihl < V4_HEADER) return DecodeResult.BAD_IP_HEADER;
        int total = u16(b, off + 2);
        if (total < ihl) return DecodeResult.BAD_IP_HEADER;
        if (total > len) return DecodeResult.TRUNCATED;
        if ((checks & CHECK_IP) != 0 && Checksum.sum(b, off, ihl, 0) != Checksum.VALID) return DecodeResult.BAD_IP_CHECKSUM;
        if ((u16(b, off + 6) & V4_MF_OFFSET) != 0) return DecodeResult.FRAGMENT;
        if (u8(b, off + 9) != NH_TCP) return DecodeResult.NOT_TCP;
        s.ipv6 = false;
        s.srcHi = 0;
        s.dstHi = 0;
        s.srcLo = i32(b, off + 12) & 0xFFFF_FFFFL;
        s.dstLo = i32(b, off + 16) & 0xFFFF_FFFFL;
        return TcpCodec.decode(b, off + ihl, total - ihl, s, (checks & CHECK_TCP) != 0);
    }

    private static int decodeV6(ByteBuffer b, int off, int len, Segment s, int checks) {
        if (len < V6_HEADER) return DecodeResult.TRUNCATED;
        int end = off + V6_HEADER + u16(b, off + 4);
        if (end - off > len) return DecodeResult.TRUNCATED;
        int nh = u8(b, off + 6);
        int i = off + V6_HEADER;
        boolean first = true;
        while (nh != NH_TCP) {
            if (nh == NH_HOPOPTS && !first) return DecodeResult.BAD_EXT_HEADER;
            if (nh != NH_HOPOPTS && nh != NH_DSTOPTS && nh != NH_ROUTING && nh != NH_FRAGMENT) return DecodeResult.NOT_TCP;
            if (end - i < 8) return DecodeResult.BAD_EXT_HEADER;
            int elen;
            if (nh == NH_FRAGMENT) {
                if ((u16(b, i + 2) & 0xFFF9) != 0) return DecodeResult.FRAGMENT;
                elen = 8;
            } else {
                elen = (u8(b, i + 1) + 1) << 3;
                if (elen > end - i) return DecodeResult.BAD_EXT_HEADER;
                // Segments Left > 0: this host is not the final destination, and the pseudo-header would
                // need the final one from the routing header.
                if (nh == NH_ROUTING && u8(b, i + 3) != 0) return DecodeResult.BAD_EXT_HEADER;
            }
            nh = u8(b, i);
            i += elen;
            first = false;
        }
        s.ipv6 = true;
        s.srcHi = i64(b, off + 8);
        s.srcLo = i64(b, off + 16);
        s.dstHi = i64(b, off + 24);
        s.dstLo = i64(b, off + 32);
        return TcpCodec.decode(b, i, end - i, s, (checks & CHECK_TCP) != 0);
    }

    /** IP header length {@link #encode} writes: 20 for IPv4, 40 for IPv6. */
    public static int headerLength(boolean ipv6) {
        return ipv6 ? V6_HEADER : V4_HEADER;
    }

    /** Bytes {@link #encode} writes for {@code s}. */
    public static int encodedLength(Segment s, OptionLayout layout) {
        return headerLength(s.ipv6) + TcpCodec.encodedLength(s, layout);
    }

    /**
     * Write {@code s} as a complete IP packet at {@code b[off..]}: IPv4 with TTL 64, DF set, TOS 0 and
     * identification {@code ipId} (low 16 bits), or IPv6 with hop limit 64, traffic class and flow label
     * 0 ({@code ipId} unused); TCP as {@link TcpCodec#encode} writes it; all checksums filled in.
     *
     * @return bytes written
     * @throws IllegalArgumentException if the packet does not fit below the buffer's limit or exceeds
     *     the 16-bit IP length field
     */
    public static int encode(Segment s, ByteBuffer b, int off, OptionLayout layout, int ipId) {
        int tcpLen = TcpCodec.encodedLength(s, layout);
        int hlen = headerLength(s.ipv6);
        int total = hlen + tcpLen;
        if ((s.ipv6 ? tcpLen : total) > 0xFFFF) throw new IllegalArgumentException("packet length " + total);
        if (!Bytes.inBounds(b, off, total)) {
            throw new IllegalArgumentException("no room for " + total + " bytes at " + off + " (limit " + b.limit() + ")");
        }
        if (s.ipv6) {
            put32(b, off, 6 << 28);
            put16(b, off + 4, tcpLen);
            put8(b, off + 6, NH_TCP);
            put8(b, off + 7, HOP_LIMIT);
            put64(b, off + 8, s.srcHi);
            put64(b, off + 16, s.srcLo);
            put64(b, off + 24, s.dstHi);
            put64(b, off + 32, s.dstLo);
            TcpCodec.encode(s, b, off + V6_HEADER, layout);
            return total;
        }
        put8(b, off, 0x45);
        put8(b, off + 1, 0);
        put16(b, off + 2, total);
        put16(b, off + 4, ipId);
        put16(b, off + 6, V4_DF);
        put8(b, off + 8, TTL);
        put8(b, off + 9, NH_TCP);
        put16(b, off + 10, 0);
        put32(b, off + 12, (int) s.srcLo);
        put32(b, off + 16, (int) s.dstLo);
        put16(b, off + 10, Checksum.finish(Checksum.sum(b, off, V4_HEADER, 0)));
        TcpCodec.encode(s, b, off + V4_HEADER, layout);
        return total;
    }
}
