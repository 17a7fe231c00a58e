package org.tcplifecycle.tun;

import java.nio.ByteBuffer;

import org.tcplifecycle.wire.Checksum;

/**
 * Answers ICMP echo requests (IPv4 type 8) and ICMPv6 echo requests (type 128) and passes every other
 * packet to the handler behind it. In front of an engine shard it makes the address pingable; on its own
 * it proves a TUN device and event loop work end to end.
 *
 * <p>Every echo request routed into the device is answered, whatever its unicast destination: the
 * reply's source is the request's destination. Requests that are not answered: to a multicast or
 * broadcast address, IPv4 fragments, IPv6 packets with extension headers before ICMPv6, and requests
 * whose IP or ICMP checksum is wrong (a stack drops those). The reply carries no IP options, TTL / hop
 * limit 64, and the request's identifier, sequence number and data.
 *
 * <p>Replies are built in one buffer owned by this object: no allocation per packet.
 */
public final class IcmpEcho implements PacketHandler {
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    static final int ECHO_REQUEST_V4 = 8;
    static final int ECHO_REPLY_V4 = 0;
    static final int ECHO_REQUEST_V6 = 128;
    static final int ECHO_REPLY_V6 = 129;
    private static final int TTL = 64;

    private final PacketHandler next;
    private final ByteBuffer tx = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
    private PacketOutput out;
    private long replies;

    /** A responder that drops every packet it does not answer. */
    public IcmpEcho() {
        this(null);
    }

    /** A responder in front of {@code next}, which gets every packet that is not an echo request. */
    public IcmpEcho(PacketHandler next) {
        this.next = next;
    }

    @Override
    public void attach(PacketOutput out) {
        this.out = out;
        if (next != null) next.attach(out);
    }

    @Override
    public void onPacket(ByteBuffer ipPacket, long nowNanos) {
        tx.clear();
        int n = answer(ipPacket, tx);
        if (n > 0) {
            tx.limit(n);
            replies++;
            out.write(tx);
        } else if (next != null) {
            next.onPacket(ipPacket, nowNanos);
        }
    }

    @Override
    public long poll(long nowNanos) {
        return next == null ? Long.MAX_VALUE : next.poll(nowNanos);
    }

    /** Echo replies sent so far (read it on the loop thread, or after the loop has stopped). */
    public long replies() {
        return replies;
    }

    /**
     * Build the echo reply to {@code request} (the packet between its position and limit) into
     * {@code reply} at its position. Positions and limits of both buffers are left unchanged.
     *
     * @return the reply length, or -1 if the packet is not an echo request to answer
     */
    public static int answer(ByteBuffer request, ByteBuffer reply) {
        int p = request.position();
        int len = request.remaining();
        if (len < 1) return -1;
        int version = (request.get(p) & 0xFF) >>> 4;
        if (version == 4) return answerV4(request, p, len, reply);
        if (version == 6) return answerV6(request, p, len, reply);
        return -1;
    }

    private static int answerV4(ByteBuffer in, int p, int len, ByteBuffer out) {
        if (len < 20) return -1;
        int ihl = (in.get(p) & 0x0F) * 4;
        int total = u16(in, p + 2);
        if (ihl < 20 || total < ihl + 8 || total > len) return -1;
        if ((in.get(p + 9) & 0xFF) != IPPROTO_ICMP) return -1;
        if ((u16(in, p + 6) & 0x3FFF) != 0) return -1; // MF set or non-zero offset: a fragment
        int src = u32(in, p + 12);
        int dst = u32(in, p + 16);
        if (Integer.compareUnsigned(dst, 0xE0000000) >= 0) return -1; // multicast, broadcast
        int icmp = p + ihl;
        int icmpLen = total - ihl;
        if ((in.get(icmp) & 0xFF) != ECHO_REQUEST_V4 || in.get(icmp + 1) != 0) return -1;
        if (checksum(in, p, ihl) != 0 || checksum(in, icmp, icmpLen) != 0) return -1;
        int replyLen = 20 + icmpLen;
        if (out.remaining() < replyLen) return -1;

        int q = out.position();
        out.put(q, (byte) 0x45);
        out.put(q + 1, in.get(p + 1)); // type of service
        putU16(out, q + 2, replyLen);
        putU16(out, q + 4, u16(in, p + 4)); // identification
        putU16(out, q + 6, 0);
        out.put(q + 8, (byte) TTL);
        out.put(q + 9, (byte) IPPROTO_ICMP);
        putU16(out, q + 10, 0);
        putInt(out, q + 12, dst);
        putInt(out, q + 16, src);
        putU16(out, q + 10, checksum(out, q, 20));

        int r = q + 20;
        for (int i = 0; i < icmpLen; i++) out.put(r + i, in.get(icmp + i));
        out.put(r, (byte) ECHO_REPLY_V4);
        putU16(out, r + 2, 0);
        putU16(out, r + 2, checksum(out, r, icmpLen));
        return replyLen;
    }

    private static int answerV6(ByteBuffer in, int p, int len, ByteBuffer out) {
        if (len < 48) return -1;
        int payload = u16(in, p + 4);
        if (payload < 8 || 40 + payload > len) return -1;
        if ((in.get(p + 6) & 0xFF) != IPPROTO_ICMPV6) return -1;
        if ((in.get(p + 24) & 0xFF) == 0xFF) return -1; // multicast destination
        int icmp = p + 40;
        if ((in.get(icmp) & 0xFF) != ECHO_REQUEST_V6 || in.get(icmp + 1) != 0) return -1;
        if (Checksum.finish(Checksum.sum(in, icmp, payload, pseudoV6(in, p + 8, p + 24, payload))) != 0) return -1;
        int replyLen = 40 + payload;
        if (out.remaining() < replyLen) return -1;

        int q = out.position();
        putInt(out, q, 0x60000000); // version 6, traffic class 0, flow label 0
        putU16(out, q + 4, payload);
        out.put(q + 6, (byte) IPPROTO_ICMPV6);
        out.put(q + 7, (byte) TTL);
        for (int i = 0; i < 16; i++) {
            out.put(q + 8 + i, in.get(p + 24 + i)); // source = request destination
            out.put(q + 24 + i, in.get(p + 8 + i)); // destination = request source
        }
        int r = q + 40;
        for (int i = 0; i < payload; i++) out.put(r + i, in.get(icmp + i));
        out.put(r, (byte) ECHO_REPLY_V6);
        putU16(out, r + 2, 0);
        putU16(out, r + 2, Checksum.finish(Checksum.sum(out, r, payload, pseudoV6(out, q + 8, q + 24, payload))));
        return replyLen;
    }

    /** Sum of the IPv6 pseudo-header (RFC 8200 section 8.1) for an ICMPv6 message. */
    private static int pseudoV6(ByteBuffer b, int src, int dst, int upperLen) {
        int sum = Checksum.sum(b, src, 16, 0);
        sum = Checksum.sum(b, dst, 16, sum);
        return Checksum.add(sum, Checksum.fold(upperLen + IPPROTO_ICMPV6));
    }

    /** The RFC 1071 checksum of a region: 0 when a received region carries a correct checksum. */
    private static int checksum(ByteBuffer b, int off, int len) {
        return Checksum.finish(Checksum.sum(b, off, len, 0));
    }

    private static int u16(ByteBuffer b, int i) {
        return (b.get(i) & 0xFF) << 8 | b.get(i + 1) & 0xFF;
    }

    private static int u32(ByteBuffer b, int i) {
        return u16(b, i) << 16 | u16(b, i + 2);
    }

    private static void putU16(ByteBuffer b, int i, int v) {
        b.put(i, (byte) (v >>> 8));
        b.put(i + 1, (byte) v);
    }

    private static void putInt(ByteBuffer b, int i, int v) {
        putU16(b, i, v >>> 16);
        putU16(b, i + 2, v);
    }
}
