package org.tcplifecycle.linger;

import java.security.SecureRandom;

import org.tcplifecycle.api.policy.IsnGenerator;

/**
 * Initial sequence numbers as RFC 6528 §3 defines them: {@code ISN = M + F(localip, localport, remoteip,
 * remoteport, secretkey)}, where M is a clock ticking every 4 µs (taken from the {@code nowNanos} the
 * engine passes) and F is SipHash-2-4 keyed with a 128-bit secret, truncated to 32 bits.
 *
 * <p>Why: an off-path attacker who cannot see the key cannot predict the ISN of a connection it is not
 * part of (RFC 6528 §1), while for one 4-tuple successive ISNs still climb with the clock, so a new
 * incarnation starts above the old one's sequence space (what TIME_WAIT reuse relies on).
 *
 * <p>Per call: five SipHash blocks over primitives, no allocation. Thread-safe (the key is final).
 */
public final class Rfc6528Isn implements IsnGenerator {
    /** M ticks once every 4 µs (RFC 793 §3.3, kept by RFC 6528). */
    public static final long TICK_NANOS = 4_000L;

    private final long k0;
    private final long k1;

    /** A fresh random 128-bit key from {@link SecureRandom}. */
    public Rfc6528Isn() {
        this(new SecureRandom());
    }

    public Rfc6528Isn(SecureRandom random) {
        this(random.nextLong(), random.nextLong());
    }

    /** An explicit key (tests, or several shards that must agree on F). */
    public Rfc6528Isn(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** A key as 16 bytes, read as two little-endian words as SipHash specifies. */
    public static Rfc6528Isn withKey(byte[] key) {
        if (key.length != 16) throw new IllegalArgumentException("SipHash key must be 16 bytes, got " + key.length);
        return new Rfc6528Isn(SipHash.le64(key, 0), SipHash.le64(key, 8));
    }

    @Override
    public int isn(boolean ipv6, long localHi, long localLo, int localPort, long remoteHi, long remoteLo,
            int remotePort, long nowNanos) {
        return (int) (nowNanos / TICK_NANOS) + f(ipv6, localHi, localLo, localPort, remoteHi, remoteLo, remotePort);
    }

    /**
     * F alone: the keyed hash of the 4-tuple. The IP version goes into the hash so that an IPv4 tuple and
     * an IPv6 tuple with the same numeric words do not share F.
     */
    public int f(boolean ipv6, long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort) {
        long ports = (localPort & 0xFFFFL) << 16 | (remotePort & 0xFFFFL) | (ipv6 ? 1L << 32 : 0L);
        return (int) SipHash.hash5(k0, k1, localHi, localLo, remoteHi, remoteLo, ports);
    }

    @Override
    public String toString() {
        return "RFC6528(SipHash-2-4)";
    }
}
