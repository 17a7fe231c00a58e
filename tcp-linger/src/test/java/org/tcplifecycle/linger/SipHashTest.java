package org.tcplifecycle.linger;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SipHashTest {
    private static final long K0 = 0x0706050403020100L; // key bytes 00..0f, little-endian
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return b;
    }

    @Test
    void paperTestVectorFifteenBytes() {
        // SipHash paper, appendix A: key 00..0f, message 00..0e
        assertThat(SipHash.hash(K0, K1, counting(15), 0, 15)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void referenceVectorEmptyMessage() {
        // reference implementation's first 64-bit vector: 31 0e 0e dd 47 db 6f 72 (little-endian)
        assertThat(SipHash.hash(K0, K1, new byte[0], 0, 0)).isEqualTo(0x726fdb47dd0e0e31L);
    }

    @Test
    void keyBytesAreReadLittleEndian() {
        assertThat(SipHash.le64(counting(16), 0)).isEqualTo(K0);
        assertThat(SipHash.le64(counting(16), 8)).isEqualTo(K1);
    }

    @Test
    void offsetIsHonoured() {
        byte[] padded = new byte[20];
        System.arraycopy(counting(15), 0, padded, 3, 15);
        assertThat(SipHash.hash(K0, K1, padded, 3, 15)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Property(tries = 200)
    void wordFormEqualsByteForm(@ForAll long k0, @ForAll long k1, @ForAll long a, @ForAll long b, @ForAll long c,
            @ForAll long d, @ForAll long e) {
        byte[] m = new byte[40];
        long[] w = {a, b, c, d, e};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) m[i * 8 + j] = (byte) (w[i] >>> (8 * j));
        }
        assertThat(SipHash.hash5(k0, k1, a, b, c, d, e)).isEqualTo(SipHash.hash(k0, k1, m, 0, 40));
    }
}
