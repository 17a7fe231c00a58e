package org.tcplifecycle.api.policy;

/** Initial sequence numbers (RFC 9293 §3.4.1, RFC 6528). */
@FunctionalInterface
public interface IsnGenerator {
    int isn(boolean ipv6, long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort,
            long nowNanos);

    /** The same ISN every time: for tests and scripted scenarios. */
    static IsnGenerator fixed(int isn) {
        return (v6, lh, ll, lp, rh, rl, rp, now) -> isn;
    }

    /** RFC 793's clock alone: one tick every 4 µs. Predictable; for tests, never for a real network. */
    IsnGenerator CLOCK = (v6, lh, ll, lp, rh, rl, rp, now) -> (int) (now / 4000);
}
