package org.tcplifecycle.linger;

import java.util.Arrays;
import java.util.Map;

import org.tcplifecycle.api.policy.CloseContext;
import org.tcplifecycle.api.policy.ClosePolicy;

/**
 * A linger timeout chosen by port, as if the application had set SO_LINGER on every connection of that
 * port: 0 aborts at close, a positive value lingers that long (then RST). Ports not in the table, and
 * connections with unread received data (always aborted, RFC 2525 §2.17), go to the fallback policy
 * (by default {@link ClosePolicy#RFC2525}).
 *
 * <p>Why: one engine often serves protocols with different needs, e.g. a request/response port where a
 * stuck peer should be cut off after a second, next to a bulk-transfer port where the application wants
 * to know that the last byte arrived. The price of lingering: the closing call's handle is held (and the
 * connection's buffers with it) for up to the timeout; the price of 0: the peer sees RST, not EOF.
 *
 * <p>The table is copied at construction into sorted primitive arrays; a lookup is a binary search.
 */
public final class PerPortLingerPolicy implements ClosePolicy {
    /** Which port of the connection selects the entry. */
    public enum Side { LOCAL, REMOTE }

    private final Side side;
    private final int[] ports;
    private final long[] lingerNanos;
    private final ClosePolicy fallback;

    /** @param lingerNanosByPort port → linger timeout in nanoseconds (0 = abort, positive = linger) */
    public PerPortLingerPolicy(Side side, Map<Integer, Long> lingerNanosByPort) {
        this(side, lingerNanosByPort, ClosePolicy.RFC2525);
    }

    public PerPortLingerPolicy(Side side, Map<Integer, Long> lingerNanosByPort, ClosePolicy fallback) {
        if (side == null || fallback == null) throw new IllegalArgumentException("side and fallback are required");
        this.side = side;
        this.fallback = fallback;
        int n = lingerNanosByPort.size();
        int[] p = new int[n];
        int i = 0;
        for (Map.Entry<Integer, Long> e : lingerNanosByPort.entrySet()) {
            int port = e.getKey();
            long v = e.getValue();
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            if (v < 0) throw new IllegalArgumentException("negative linger for port " + port + ": " + v);
            p[i++] = port;
        }
        Arrays.sort(p);
        this.ports = p;
        this.lingerNanos = new long[n];
        for (int k = 0; k < n; k++) lingerNanos[k] = lingerNanosByPort.get(p[k]);
    }

    @Override
    public long onClose(CloseContext ctx) {
        if (ctx.unreadBytes() > 0) return ABORT;
        int k = Arrays.binarySearch(ports, side == Side.LOCAL ? ctx.localPort() : ctx.remotePort());
        return k >= 0 ? lingerNanos[k] : fallback.onClose(ctx);
    }

    /** The timeout configured for {@code port}, or -1 if the port is not in the table. */
    public long lingerFor(int port) {
        int k = Arrays.binarySearch(ports, port);
        return k >= 0 ? lingerNanos[k] : -1;
    }

    @Override
    public String toString() {
        return "PerPortLinger(" + side + ", " + ports.length + " ports, else " + fallback + ")";
    }
}
