package org.tcplifecycle.linger;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash, two compression rounds per 8-byte
 * block and four finalization rounds. Written from the algorithm description; the state is four longs
 * on the stack, so hashing allocates nothing.
 */
public final class SipHash {
    private SipHash() {
    }

    /** SipHash-2-4 of {@code len} bytes of {@code m} from {@code off}, with the 128-bit key (k0, k1). */
    public static long hash(long k0, long k1, byte[] m, int off, int len) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int end = off + (len & ~7);
        for (int i = off; i < end; i += 8) {
            long w = le64(m, i);
            v3 ^= w;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= w;
        }
        // last block: the remaining 0..7 bytes, and the message length (mod 256) in the top byte
        long b = (long) (len & 0xFF) << 56;
        for (int i = 0; i < (len & 7); i++) b |= (m[end + i] & 0xFFL) << (8 * i);
        return finish(v0, v1, v2, v3, b);
    }

    /**
     * SipHash-2-4 of the 40-byte message whose five little-endian 64-bit words are w0..w4: the same value
     * {@link #hash(long, long, byte[], int, int)} gives for those bytes, without building them.
     */
    public static long hash5(long k0, long k1, long w0, long w1, long w2, long w3, long w4) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        for (int k = 0; k < 5; k++) {
            long w = k == 0 ? w0 : k == 1 ? w1 : k == 2 ? w2 : k == 3 ? w3 : w4;
            v3 ^= w;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= w;
        }
        return finish(v0, v1, v2, v3, 40L << 56);
    }

    private static long finish(long v0, long v1, long v2, long v3, long b) {
        v3 ^= b;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= b;
        v2 ^= 0xFF;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** The little-endian 64-bit word at {@code i} (SipHash reads its key and blocks this way). */
    public static long le64(byte[] b, int i) {
        long w = 0;
        for (int k = 7; k >= 0; k--) w = w << 8 | (b[i + k] & 0xFFL);
        return w;
    }
}
