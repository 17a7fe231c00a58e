package org.tcplifecycle.sim;

import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.policy.KeepalivePolicy;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.core.TcpConfig;

/**
 * The engine profiles the simulation uses by default. They differ from the RFC defaults where a
 * hostile network would otherwise leave a connection waiting forever, which the invariants forbid:
 *
 * <ul>
 * <li>Keepalive (idle 20 s, 3 probes 5 s apart): a peer that crashed and came back answers a probe with
 *     RST (half-open discovery); one that stays away stops answering and the connection times out.
 *     Without it an idle ESTABLISHED connection whose peer vanished lives forever.</li>
 * <li>FIN_WAIT_2 limit of 30 s for orphans (as Linux's tcp_fin_timeout): if the peer's FIN never comes
 *     (it crashed, or its RST was lost) an orphan would otherwise stay forever.</li>
 * <li>User timeout 30 s (RFC 5482): data unacknowledged that long aborts the connection.</li>
 * <li>MSL 5 s (TIME_WAIT 10 s) and an RTO between 200 ms and 10 s with 8 data retries: shorter than the
 *     RFC so that quiescence comes within minutes of virtual time. The simulated network never keeps a
 *     packet longer than the MSL, which is the assumption TIME_WAIT rests on.</li>
 * <li>A small ephemeral port range (256 ports), so 4-tuples are reused often and TIME_WAIT,
 *     RFC 6191 reuse and old duplicates are exercised.</li>
 * <li>Initial sequence numbers from a clock ticking every 64 ns (Linux's rate), started just below 2^32
 *     so sequence numbers wrap early in every run. RFC 793's 4 µs clock is too slow for the simulated
 *     links: after an abortive close (which skips TIME_WAIT) the next connection on the same 4-tuple can
 *     start inside the sequence space the old one used, and without timestamps a delayed segment of the
 *     old connection is then accepted as new data (the simulation finds this within a few seeds; see
 *     the README).</li>
 * </ul>
 */
public final class SimPolicies {
    public static final long MSL_NANOS = TimeUnit.SECONDS.toNanos(5);
    public static final int EPHEMERAL_FIRST = 40000;
    public static final int EPHEMERAL_PORTS = 256;

    private SimPolicies() {
    }

    /** The RFC profile with the changes above. */
    public static TcpConfig rfc() {
        return tune(TcpConfig.rfc());
    }

    /** The Linux-like profile with the changes above (RST on data after close, RST ends TIME_WAIT, ...). */
    public static TcpConfig linux() {
        TcpConfig c = tune(TcpConfig.linux());
        c.timeWait = TimeWaitPolicy.twoMsl(MSL_NANOS);
        return c;
    }

    /** The RFC profile without timestamps: old duplicates are kept out by sequence numbers alone. */
    public static TcpConfig noTimestamps() {
        return rfc().timestamps(false);
    }

    public static TcpConfig client() {
        return rfc();
    }

    public static TcpConfig server() {
        return rfc();
    }

    static TcpConfig tune(TcpConfig c) {
        c.timeWait = TimeWaitPolicy.twoMsl(MSL_NANOS);
        c.retransmission = RetransmissionPolicy.of(TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(200),
                TimeUnit.SECONDS.toNanos(10), 5, 5, 8, 8);
        c.keepalive = KeepalivePolicy.of(TimeUnit.SECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(5), 3);
        c.orphan = OrphanPolicy.of(c.orphan.resetOnData(), TimeUnit.SECONDS.toNanos(30));
        c.userTimeoutNanos = TimeUnit.SECONDS.toNanos(30);
        c.ephemeralFirst = EPHEMERAL_FIRST;
        c.ephemeralLast = EPHEMERAL_FIRST + EPHEMERAL_PORTS - 1;
        c.isn = (v6, lh, ll, lp, rh, rl, rp, now) -> (int) (now >>> 6) - 0x10000;
        return c;
    }
}
