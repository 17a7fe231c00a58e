package org.tcplifecycle.sim;

/** How a simulated lifecycle ends; {@link CloseMix} weighs them. */
public enum CloseKind {
    /** The client reads the whole reply and closes first (client side ends in TIME_WAIT). */
    CLIENT_CLOSE,
    /** The server closes right after its reply (server side ends in TIME_WAIT). */
    SERVER_CLOSE,
    /** The client half-closes after its request; the server replies to a closed read side, then closes. */
    HALF_CLOSE,
    /** One side (chosen at random) sets SO_LINGER to 0 and closes at a random moment: RST. */
    LINGER_ZERO,
    /** The client closes with SO_LINGER on and a random timeout: completes, or is aborted by RST. */
    LINGER_TIMEOUT,
    /** One side (chosen at random) calls abort() at a random moment. */
    ABORT;

    private static final CloseKind[] VALUES = values();

    static CloseKind of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Kinds in which an application aborts on purpose. */
    public boolean abortive() {
        return this == LINGER_ZERO || this == ABORT;
    }
}
