package org.tcplifecycle.api;

import java.nio.ByteBuffer;

/**
 * One TCP segment with the IP addresses it travelled between. Mutable and meant to be reused: the
 * engine decodes into one instance per shard and emits through one instance per shard, so nothing is
 * allocated per segment. The payload stays in the caller's buffer as an (offset, length) region;
 * whoever receives a segment must copy what it wants to keep before returning.
 *
 * <p>Addresses: IPv4 in the low 32 bits of {@code srcLo}/{@code dstLo} with {@code ipv6 == false};
 * IPv6 as two 64-bit halves (hi = first 8 bytes, big-endian).
 */
public final class Segment {
    public static final int NO_MSS = -1;
    public static final int NO_WSCALE = -1;
    public static final int MAX_SACK_BLOCKS = 4;

    public boolean ipv6;
    public long srcHi, srcLo, dstHi, dstLo;

    public int srcPort;
    public int dstPort;
    public int seq;
    public int ack;
    public int flags;
    /** Window field exactly as on the wire (16 bits, not yet scaled). */
    public int window;
    public int urgent;

    public int mss = NO_MSS;
    public int wscale = NO_WSCALE;
    public boolean sackPermitted;
    public boolean hasTimestamps;
    public int tsVal;
    public int tsEcr;
    public int sackBlocks;
    public final int[] sack = new int[MAX_SACK_BLOCKS * 2];

    public ByteBuffer payload;
    public int payloadOffset;
    public int payloadLength;

    public Segment clear() {
        ipv6 = false;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = seq = ack = flags = window = urgent = 0;
        clearOptions();
        payload = null;
        payloadOffset = payloadLength = 0;
        return this;
    }

    public Segment clearOptions() {
        mss = NO_MSS;
        wscale = NO_WSCALE;
        sackPermitted = false;
        hasTimestamps = false;
        tsVal = tsEcr = 0;
        sackBlocks = 0;
        return this;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean syn() {
        return (flags & TcpFlags.SYN) != 0;
    }

    public boolean fin() {
        return (flags & TcpFlags.FIN) != 0;
    }

    public boolean rst() {
        return (flags & TcpFlags.RST) != 0;
    }

    public boolean ackFlag() {
        return (flags & TcpFlags.ACK) != 0;
    }

    /** SEG.LEN: payload octets plus one for SYN and one for FIN. */
    public int len() {
        return payloadLength + ((flags & TcpFlags.SYN) != 0 ? 1 : 0) + ((flags & TcpFlags.FIN) != 0 ? 1 : 0);
    }

    /** Copy every field; the payload region is shared, not copied. */
    public Segment copyFrom(Segment o) {
        ipv6 = o.ipv6;
        srcHi = o.srcHi;
        srcLo = o.srcLo;
        dstHi = o.dstHi;
        dstLo = o.dstLo;
        srcPort = o.srcPort;
        dstPort = o.dstPort;
        seq = o.seq;
        ack = o.ack;
        flags = o.flags;
        window = o.window;
        urgent = o.urgent;
        mss = o.mss;
        wscale = o.wscale;
        sackPermitted = o.sackPermitted;
        hasTimestamps = o.hasTimestamps;
        tsVal = o.tsVal;
        tsEcr = o.tsEcr;
        sackBlocks = o.sackBlocks;
        System.arraycopy(o.sack, 0, sack, 0, sack.length);
        payload = o.payload;
        payloadOffset = o.payloadOffset;
        payloadLength = o.payloadLength;
        return this;
    }

    /** Copy with a private copy of the payload (for queues, captures and tests). */
    public Segment deepCopy() {
        Segment s = new Segment().copyFrom(this);
        if (payloadLength > 0) {
            ByteBuffer b = ByteBuffer.allocate(payloadLength);
            for (int i = 0; i < payloadLength; i++) {
                b.put(i, payload.get(payloadOffset + i));
            }
            s.payload = b;
            s.payloadOffset = 0;
        } else {
            s.payload = null;
            s.payloadOffset = 0;
        }
        return s;
    }

    /** Payload bytes as a new array (tests and tools). */
    public byte[] payloadBytes() {
        byte[] out = new byte[payloadLength];
        for (int i = 0; i < payloadLength; i++) {
            out[i] = payload.get(payloadOffset + i);
        }
        return out;
    }

    /** Set addresses and ports for the reverse direction of {@code o}. */
    public Segment replyTo(Segment o) {
        ipv6 = o.ipv6;
        srcHi = o.dstHi;
        srcLo = o.dstLo;
        dstHi = o.srcHi;
        dstLo = o.srcLo;
        srcPort = o.dstPort;
        dstPort = o.srcPort;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96);
        sb.append(IpAddress.format(ipv6, srcHi, srcLo)).append(':').append(srcPort).append(" > ")
                .append(IpAddress.format(ipv6, dstHi, dstLo)).append(':').append(dstPort).append(' ')
                .append(TcpFlags.str(flags)).append(" seq ").append(Seq.str(seq));
        if ((flags & TcpFlags.ACK) != 0) sb.append(" ack ").append(Seq.str(ack));
        sb.append(" win ").append(window);
        if (mss != NO_MSS) sb.append(" mss ").append(mss);
        if (wscale != NO_WSCALE) sb.append(" wscale ").append(wscale);
        if (sackPermitted) sb.append(" sackOK");
        if (hasTimestamps) sb.append(" TS val ").append(Integer.toUnsignedString(tsVal))
                .append(" ecr ").append(Integer.toUnsignedString(tsEcr));
        sb.append(" len ").append(payloadLength);
        return sb.toString();
    }
}
