package org.tcplifecycle.core;

import java.security.SecureRandom;

import org.tcplifecycle.api.Segment;
import org.tcplifecycle.linger.SipHash;

/**
 * SYN cookies (RFC 4987 §3.6): the ISS of a stateless SYN-ACK carries everything needed to create the
 * connection when the final ACK comes back. Layout of the 32-bit cookie:
 * <pre>
 *   bits 31..27  t mod 32, with t = time / 64 s (a cookie is valid for 64 to 128 s)
 *   bits 26..24  index of the MSS in {@link #MSS}, the largest not above the peer's
 *   bits 23..0   SipHash-2-4(key; addresses, ports, peer ISN, t, MSS index), low 24 bits
 * </pre>
 * A forged ACK guesses a 24-bit hash for the right 4-tuple and ISN: about 1 in 16 million.
 */
final class SynCookies {
    static final int[] MSS = {536, 1220, 1300, 1440, 1460, 4312, 8960, 65495};
    private static final long PERIOD_NANOS = 64_000_000_000L;

    private final long k0;
    private final long k1;

    SynCookies(long k0, long k1) {
        if (k0 == 0 && k1 == 0) {
            SecureRandom r = new SecureRandom();
            k0 = r.nextLong();
            k1 = r.nextLong();
        }
        this.k0 = k0;
        this.k1 = k1;
    }

    static int mssIndex(int peerMss) {
        int i = MSS.length - 1;
        while (i > 0 && MSS[i] > peerMss) i--;
        return i;
    }

    /** The cookie for a SYN {@code s} (from the peer) whose sequence number is {@code peerIsn}. */
    int make(Segment s, int peerIsn, int mssIndex, long nowNanos) {
        int t = (int) (Math.floorDiv(nowNanos, PERIOD_NANOS) & 31);
        return t << 27 | mssIndex << 24 | hash(s, peerIsn, t, mssIndex);
    }

    /**
     * The MSS index carried by the cookie an ACK {@code s} returns ({@code s.ack - 1}), for a peer ISN of
     * {@code s.seq - 1}; -1 when it is forged or older than two periods.
     */
    int check(Segment s, long nowNanos) {
        int cookie = s.ack - 1;
        int t = cookie >>> 27;
        int mssIndex = cookie >>> 24 & 7;
        long now = Math.floorDiv(nowNanos, PERIOD_NANOS);
        boolean fresh = t == (int) (now & 31) || t == (int) (now - 1 & 31);
        if (!fresh) return -1;
        return (cookie & 0xFF_FFFF) == hash(s, s.seq - 1, t, mssIndex) ? mssIndex : -1;
    }

    /** Keyed hash of both addresses (full, not interned), both ports, the peer's ISN, the period, the MSS. */
    private int hash(Segment s, int peerIsn, int t, int mssIndex) {
        long ports = (long) s.srcPort << 16 | s.dstPort;
        long h = SipHash.hash5(k0, k1, s.srcHi * 0x9E3779B97F4A7C15L + s.dstHi, s.srcLo, s.dstLo,
                ports << 32 | (peerIsn & 0xFFFF_FFFFL), (long) t << 8 | mssIndex | (s.ipv6 ? 1L << 16 : 0));
        return (int) h & 0xFF_FFFF;
    }
}
