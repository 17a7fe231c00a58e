package org.tcplifecycle.sim;

import org.tcplifecycle.api.TcpState;

/**
 * Per-state connection counts of both engines at one virtual time (indexed by {@link TcpState#ordinal()};
 * TIME_WAIT counts compact rows), with the lifecycles finished so far.
 */
public record StateSample(long timeNanos, long lifecycles, long[] client, long[] server) {
    public long total(TcpState s) {
        return client[s.ordinal()] + server[s.ordinal()];
    }
}
