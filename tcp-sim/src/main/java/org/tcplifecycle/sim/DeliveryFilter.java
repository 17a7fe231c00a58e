package org.tcplifecycle.sim;

/**
 * A stand-in for a broken receive path, used to prove that the invariant checker notices: it sees the
 * octets an application just read and may change them (and their count) before they are verified.
 * Real runs use none.
 */
@FunctionalInterface
public interface DeliveryFilter {
    /**
     * @param lifecycle   the lifecycle the connection belongs to, -1 while the server does not know yet
     * @param server      true for the server application's read
     * @param buf         the octets read, at {@code [0, n)}; the array has room for more
     * @param n           octets read
     * @param faultsSoFar packet faults the network has applied to this lifecycle so far
     * @return the number of octets the application now believes it read
     */
    int filter(int lifecycle, boolean server, byte[] buf, int n, int faultsSoFar);
}
