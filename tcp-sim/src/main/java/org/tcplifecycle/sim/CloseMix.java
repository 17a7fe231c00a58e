package org.tcplifecycle.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * Relative weights of the {@link CloseKind}s, in declaration order: graceful from the client, graceful
 * from the server, half-close, linger 0, linger with a timeout, abort. Weights need not sum to one.
 */
public record CloseMix(double clientClose, double serverClose, double halfClose, double lingerZero,
                       double lingerTimeout, double abort) {

    /** Mostly graceful closes, with every abortive path present. */
    public static final CloseMix DEFAULT = new CloseMix(3, 3, 2, 1, 1, 1);
    /** Graceful closes only. */
    public static final CloseMix GRACEFUL = new CloseMix(1, 1, 1, 0, 0, 0);

    public CloseMix {
        double[] w = {clientClose, serverClose, halfClose, lingerZero, lingerTimeout, abort};
        double sum = 0;
        for (double x : w) {
            if (x < 0 || Double.isNaN(x)) throw new IllegalArgumentException("negative close weight: " + Arrays.toString(w));
            sum += x;
        }
        if (sum <= 0) throw new IllegalArgumentException("close weights sum to zero");
    }

    public static CloseMix only(CloseKind k) {
        double[] w = new double[6];
        w[k.ordinal()] = 1;
        return of(w);
    }

    public static CloseMix of(double... w) {
        if (w.length != 6) throw new IllegalArgumentException("six weights expected, got " + w.length);
        return new CloseMix(w[0], w[1], w[2], w[3], w[4], w[5]);
    }

    /**
     * Parses {@code "client-close=3,server-close=3,half-close=2,linger-zero=1,linger-timeout=1,abort=1"}
     * (names are the {@link CloseKind}s in lower case with dashes; missing names weigh 0) or six
     * comma-separated numbers.
     */
    public static CloseMix parse(String s) {
        String[] parts = s.trim().split("\\s*,\\s*");
        double[] w = new double[6];
        if (parts.length == 6 && !s.contains("=")) {
            for (int i = 0; i < 6; i++) w[i] = Double.parseDouble(parts[i]);
            return of(w);
        }
        for (String p : parts) {
            int eq = p.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("expected NAME=WEIGHT in " + s);
            String name = p.substring(0, eq).trim().toUpperCase(Locale.ROOT).replace('-', '_');
            w[CloseKind.valueOf(name).ordinal()] = Double.parseDouble(p.substring(eq + 1));
        }
        return of(w);
    }

    public double weight(CloseKind k) {
        switch (k) {
            case CLIENT_CLOSE: return clientClose;
            case SERVER_CLOSE: return serverClose;
            case HALF_CLOSE: return halfClose;
            case LINGER_ZERO: return lingerZero;
            case LINGER_TIMEOUT: return lingerTimeout;
            default: return abort;
        }
    }

    /** The kind for a uniform draw {@code u} in [0, 1). */
    CloseKind pick(double u) {
        double sum = clientClose + serverClose + halfClose + lingerZero + lingerTimeout + abort;
        double x = u * sum;
        for (CloseKind k : CloseKind.values()) {
            x -= weight(k);
            if (x < 0 && weight(k) > 0) return k;
        }
        for (int i = 5; i >= 0; i--) if (weight(CloseKind.of(i)) > 0) return CloseKind.of(i);
        throw new AssertionError();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (CloseKind k : CloseKind.values()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(k.name().toLowerCase(Locale.ROOT).replace('_', '-')).append('=').append(weight(k));
        }
        return sb.toString();
    }
}
