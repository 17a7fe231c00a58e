package org.tcplifecycle.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tcplifecycle.api.Segment;

/**
 * Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit big-endian
 * words. Partial sums are carried as folded 16-bit ints (0..0xFFFF) so regions and pseudo-headers can be
 * added in any order with {@link #add}. A packet verifies when the sum over everything, checksum field
 * included, is {@link #VALID}.
 */
public final class Checksum {
    /** Sum over data plus its correct checksum: ones' complement negative zero. */
    public static final int VALID = 0xFFFF;
    public static final int PROTO_TCP = 6;

    private Checksum() {
    }

    /**
     * Add the words of {@code b[off, off+len)} to the partial sum {@code acc}. An odd final byte is
     * padded with a zero on its right. Regions added one after another must each have even length except
     * the last, since word boundaries are counted from each region's start. Reads absolute positions and
     * never moves the buffer's position; works for any byte order (the sum of byte-swapped words is the
     * byte-swapped sum, RFC 1071 §2(B)).
     */
    public static int sum(ByteBuffer b, int off, int len, int acc) {
        long s = 0;
        int i = off;
        int end = off + len;
        // Two 32-bit halves per 8-byte read: 2^31 reads before the long can overflow, far past any packet.
        for (; i <= end - 8; i += 8) {
            long w = b.getLong(i);
            s += (w >>> 32) + (w & 0xFFFF_FFFFL);
        }
        if (i <= end - 4) {
            s += b.getInt(i) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i <= end - 2) {
            s += b.getShort(i) & 0xFFFF;
            i += 2;
        }
        boolean big = b.order() == ByteOrder.BIG_ENDIAN;
        if (i < end) {
            int last = b.get(i) & 0xFF;
            s += big ? last << 8 : last;
        }
        int f = fold(s);
        if (!big) f = Integer.reverseBytes(f) >>> 16;
        return add(acc, f);
    }

    /** Sum of a byte array region (tests, tools). */
    public static int sum(byte[] a, int off, int len, int acc) {
        long s = 0;
        int i = off;
        int end = off + len;
        for (; i <= end - 2; i += 2) s += (a[i] & 0xFF) << 8 | (a[i + 1] & 0xFF);
        if (i < end) s += (a[i] & 0xFF) << 8;
        return add(acc, fold(s));
    }

    /** Fold a wide sum of 16-bit words down to 16 bits with end-around carry. */
    public static int fold(long s) {
        s = (s & 0xFFFF_FFFFL) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /** Ones' complement addition of two 16-bit partial sums. */
    public static int add(int a, int b) {
        int s = a + b;
        return (s & 0xFFFF) + (s >>> 16);
    }

    /** The checksum field value for a complete sum (its ones' complement). */
    public static int finish(int sum) {
        return ~sum & 0xFFFF;
    }

    /** IPv4 pseudo-header (RFC 9293 §3.1): source, destination, zero, protocol, upper-layer length. */
    public static int pseudoV4(int src, int dst, int proto, int len) {
        long s = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + (proto & 0xFF) + (len & 0xFFFF);
        return fold(s);
    }

    /** IPv6 pseudo-header (RFC 8200 §8.1): source, destination, 32-bit length, 24 zero bits, next header. */
    public static int pseudoV6(long srcHi, long srcLo, long dstHi, long dstLo, int proto, int len) {
        long s = (srcHi >>> 32) + (srcHi & 0xFFFF_FFFFL) + (srcLo >>> 32) + (srcLo & 0xFFFF_FFFFL)
                + (dstHi >>> 32) + (dstHi & 0xFFFF_FFFFL) + (dstLo >>> 32) + (dstLo & 0xFFFF_FFFFL)
                + (len & 0xFFFF_FFFFL) + (proto & 0xFF);
        return fold(s);
    }

    /** TCP pseudo-header for the addresses of {@code s} and a TCP length (header + options + payload). */
    public static int pseudo(Segment s, int tcpLen) {
        return s.ipv6
                ? pseudoV6(s.srcHi, s.srcLo, s.dstHi, s.dstLo, PROTO_TCP, tcpLen)
                : pseudoV4((int) s.srcLo, (int) s.dstLo, PROTO_TCP, tcpLen);
    }

    /**
     * New checksum after one 16-bit word of the covered data changes from {@code oldWord} to
     * {@code newWord}, without re-summing (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')).
     */
    public static int update(int check, int oldWord, int newWord) {
        int s = add(add(~check & 0xFFFF, ~oldWord & 0xFFFF), newWord & 0xFFFF);
        return ~s & 0xFFFF;
    }

    /** {@link #update} for a 32-bit field (an IPv4 address, a sequence number). */
    public static int update32(int check, int oldValue, int newValue) {
        return update(update(check, oldValue >>> 16, newValue >>> 16), oldValue & 0xFFFF, newValue & 0xFFFF);
    }
}
