package org.tcplifecycle.sim;

import java.util.Locale;

/** Formatting helpers shared by the result types. */
final class Trace {
    private Trace() {
    }

    /** Virtual time as seconds with microsecond precision, e.g. {@code 12.003417s}. */
    static String time(long nanos) {
        return String.format(Locale.ROOT, "%d.%06ds", nanos / 1_000_000_000L, nanos % 1_000_000_000L / 1000);
    }
}
