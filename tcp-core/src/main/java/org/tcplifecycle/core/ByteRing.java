package org.tcplifecycle.core;

import java.nio.ByteBuffer;

/** A fixed-capacity circular byte buffer: the send or receive queue of one connection. */
final class ByteRing {
    final byte[] data;
    private final int mask;
    private int head; // read position
    private int size;

    ByteRing(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        data = new byte[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    int capacity() {
        return data.length;
    }

    int size() {
        return size;
    }

    int free() {
        return data.length - size;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    /** Append up to {@code src.remaining()} octets; returns how many fit. */
    int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), free());
        int tail = head + size & mask;
        int first = Math.min(n, data.length - tail);
        src.get(data, tail, first);
        if (n > first) src.get(data, 0, n - first);
        size += n;
        return n;
    }

    /** Append from a buffer region (absolute indices, the buffer's position is untouched). */
    int write(ByteBuffer src, int offset, int length) {
        int n = Math.min(length, free());
        int tail = head + size & mask;
        int first = Math.min(n, data.length - tail);
        src.get(offset, data, tail, first);
        if (n > first) src.get(offset + first, data, 0, n - first);
        size += n;
        return n;
    }

    int write(byte[] src, int offset, int length) {
        int n = Math.min(length, free());
        int tail = head + size & mask;
        int first = Math.min(n, data.length - tail);
        System.arraycopy(src, offset, data, tail, first);
        if (n > first) System.arraycopy(src, offset + first, data, 0, n - first);
        size += n;
        return n;
    }

    /** Remove up to {@code dst.remaining()} octets into dst. */
    int read(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), size);
        int first = Math.min(n, data.length - head);
        dst.put(data, head, first);
        if (n > first) dst.put(data, 0, n - first);
        skip(n);
        return n;
    }

    /** Copy {@code length} octets starting {@code from} octets after the head into dst[dstOff..]. */
    void peek(int from, byte[] dst, int dstOff, int length) {
        int start = head + from & mask;
        int first = Math.min(length, data.length - start);
        System.arraycopy(data, start, dst, dstOff, first);
        if (length > first) System.arraycopy(data, 0, dst, dstOff + first, length - first);
    }

    void skip(int n) {
        if (n > size) throw new IllegalStateException("skip " + n + " > size " + size);
        head = head + n & mask;
        size -= n;
        if (size == 0) head = 0;
    }
}
