package org.tcplifecycle.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Big-endian (network order) absolute access whatever order the caller's buffer is set to. */
final class Bytes {
    private Bytes() {
    }

    static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xFF;
    }

    static int u16(ByteBuffer b, int i) {
        short v = b.getShort(i);
        return (b.order() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xFFFF;
    }

    static int i32(ByteBuffer b, int i) {
        int v = b.getInt(i);
        return b.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    static long i64(ByteBuffer b, int i) {
        long v = b.getLong(i);
        return b.order() == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
    }

    static void put8(ByteBuffer b, int i, int v) {
        b.put(i, (byte) v);
    }

    static void put16(ByteBuffer b, int i, int v) {
        short s = (short) v;
        b.putShort(i, b.order() == ByteOrder.BIG_ENDIAN ? s : Short.reverseBytes(s));
    }

    static void put32(ByteBuffer b, int i, int v) {
        b.putInt(i, b.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v));
    }

    static void put64(ByteBuffer b, int i, long v) {
        b.putLong(i, b.order() == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v));
    }

    /** True when [off, off+len) is a valid region below the buffer's limit; never overflows. */
    static boolean inBounds(ByteBuffer b, int off, int len) {
        return off >= 0 && len >= 0 && off <= b.limit() - len;
    }
}
