package org.tcplifecycle.tools.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Assembles capture files byte by byte, in either byte order, including deliberately broken ones. */
final class Capture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    Capture(ByteOrder order) {
        this.order = order;
    }

    Capture u8(int v) {
        out.write(v);
        return this;
    }

    Capture u16(int v) {
        out.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
        return this;
    }

    Capture u32(long v) {
        out.writeBytes(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
        return this;
    }

    Capture u64(long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(order).putLong(v).array());
        return this;
    }

    Capture bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    // ---- classic pcap

    static Capture classic(ByteOrder order, boolean nanos, int link) {
        return new Capture(order).u32(nanos ? 0xA1B23C4DL : 0xA1B2C3D4L).u16(2).u16(4).u32(0).u32(0)
                .u32(65535).u32(link);
    }

    Capture record(long sec, long frac, byte[] frame) {
        return record(sec, frac, frame, frame.length);
    }

    Capture record(long sec, long frac, byte[] frame, int originalLength) {
        return u32(sec).u32(frac).u32(frame.length).u32(originalLength).bytes(frame);
    }

    // ---- pcapng blocks, each appended whole

    Capture block(int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        int len = 12 + padded;
        u32(type).u32(len).bytes(body).bytes(new byte[padded - body.length]);
        return u32(len);
    }

    static Capture pcapng(ByteOrder order) {
        return new Capture(order).shb();
    }

    Capture shb() {
        Capture body = new Capture(order).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1);
        return block(0x0A0D0D0A, body.toBytes());
    }

    /** An interface; options are pre-encoded (see {@link #option}). */
    Capture idb(int link, int snaplen, byte[]... options) {
        Capture body = new Capture(order).u16(link).u16(0).u32(snaplen);
        for (byte[] o : options) {
            body.bytes(o);
        }
        if (options.length > 0) {
            body.u16(0).u16(0);
        }
        return block(1, body.toBytes());
    }

    byte[] option(int code, byte[] value) {
        Capture o = new Capture(order).u16(code).u16(value.length).bytes(value);
        o.bytes(new byte[((value.length + 3) & ~3) - value.length]);
        return o.toBytes();
    }

    byte[] option64(int code, long value) {
        return option(code, ByteBuffer.allocate(8).order(order).putLong(value).array());
    }

    Capture epb(int iface, long units, byte[] frame) {
        return epb(iface, units, frame, frame.length);
    }

    Capture epb(int iface, long units, byte[] frame, int originalLength) {
        Capture body = new Capture(order).u32(iface).u32(units >>> 32).u32(units).u32(frame.length)
                .u32(originalLength).bytes(frame);
        return block(6, body.toBytes());
    }

    Capture spb(byte[] frame) {
        return block(3, new Capture(order).u32(frame.length).bytes(frame).toBytes());
    }

    Capture pb(int iface, long units, byte[] frame) {
        Capture body = new Capture(order).u16(iface).u16(0).u32(units >>> 32).u32(units).u32(frame.length)
                .u32(frame.length).bytes(frame);
        return block(2, body.toBytes());
    }

    // ---- link-layer framing

    static byte[] ethernet(int etherType, byte[] payload, int... vlans) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlans.length + payload.length);
        b.put(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        for (int vid : vlans) {
            b.putShort((short) 0x8100).putShort((short) vid);
        }
        return b.putShort((short) etherType).put(payload).array();
    }

    static byte[] sll(int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]);
        return b.putShort((short) protocol).put(payload).array();
    }

    static byte[] sll2(int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0)
                .put((byte) 6).put(new byte[8]);
        return b.put(payload).array();
    }

    static byte[] loopback(int family, ByteOrder order, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).order(order).putInt(family).put(payload).array();
    }
}
