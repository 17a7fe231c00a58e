package org.tcplifecycle.sim;

/** An invariant broken during a simulation: what, on which lifecycle (-1 if none), when (virtual ns). */
public record Violation(Kind kind, int connection, long timeNanos, String message) {
    public enum Kind {
        /** Octets that are not the ones written at that offset: foreign, reordered or corrupted data. */
        WRONG_BYTES,
        /** More octets than were written: something delivered twice. */
        EXCESS_BYTES,
        /** End of stream before everything written had arrived. */
        TRUNCATED,
        /** A lifecycle that saw no fault did not complete gracefully on both sides. */
        UNEXPECTED_ABORT,
        /** An aborted connection ended gracefully (end of stream) for the other application. */
        ABORT_NOT_SEEN,
        /** An application waited beyond every protocol timer without the engine ending the connection. */
        STUCK,
        /** A RST was emitted while the engine processed an arriving RST. */
        RST_FOR_RST,
        /** After quiescence: a connection, TIME_WAIT row or timer that should have gone. */
        LEAK,
        /** An exception out of the engine, or an API error the application did not cause. */
        EXCEPTION
    }

    @Override
    public String toString() {
        return kind + " lifecycle " + connection + " at " + Trace.time(timeNanos) + ": " + message;
    }
}
