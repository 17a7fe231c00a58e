package org.tcplifecycle.tun;

/** How an application ends its side of a connection. */
public enum CloseMode {
    /** close(): FIN after the queued data; the connection finishes without the application. */
    GRACEFUL,
    /** shutdownOutput(): FIN after the queued data, then keep reading until the peer's FIN. */
    HALF,
    /** SO_LINGER on with timeout 0, then close(): RST at once, queued data discarded. */
    LINGER0;

    /** {@code graceful}, {@code half} or {@code linger0}. */
    public static CloseMode parse(String s) {
        switch (s) {
            case "graceful": return GRACEFUL;
            case "half": return HALF;
            case "linger0": return LINGER0;
            default: throw new IllegalArgumentException("expected graceful, half or linger0, got '" + s + "'");
        }
    }

    public String option() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
