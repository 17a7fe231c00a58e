package org.tcplifecycle.tun;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071): ones' complement sum of 16-bit big-endian words. */
final class Checksum {
    private Checksum() {
    }

    /**
     * Add {@code len} bytes at absolute index {@code off} to a running sum (an odd trailing byte is padded
     * with zero). The byte order of the buffer is ignored: words are read big-endian.
     */
    static long add(long sum, ByteBuffer b, int off, int len) {
        int end = off + (len & ~1);
        for (int i = off; i < end; i += 2) sum += (b.get(i) & 0xFF) << 8 | b.get(i + 1) & 0xFF;
        if ((len & 1) != 0) sum += (b.get(off + len - 1) & 0xFF) << 8;
        return sum;
    }

    /** Fold a running sum to 16 bits and complement it: the value to store in a checksum field. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }

    static int of(ByteBuffer b, int off, int len) {
        return finish(add(0, b, off, len));
    }
}
