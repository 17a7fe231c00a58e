package org.tcplifecycle.api;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4). Sequence numbers are carried in {@code int};
 * comparisons use the signed difference, valid while the two numbers are less than 2^31 apart.
 */
public final class Seq {
    private Seq() {
    }

    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** Distance from {@code from} forward to {@code to}, as an unsigned count in a long. */
    public static long distance(int from, int to) {
        return (to - from) & 0xFFFF_FFFFL;
    }

    /** {@code lo <= x < hi}, modulo 2^32. */
    public static boolean inRange(int x, int lo, int hi) {
        return (x - lo & 0xFFFF_FFFFL) < (hi - lo & 0xFFFF_FFFFL);
    }

    /** {@code lo <= x < lo + len} for a window of {@code len} (0 .. 2^32-1) bytes. */
    public static boolean inWindow(int x, int lo, long len) {
        return (x - lo & 0xFFFF_FFFFL) < len;
    }

    public static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    public static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    /** Unsigned text of a sequence number. */
    public static String str(int x) {
        return Integer.toUnsignedString(x);
    }
}
