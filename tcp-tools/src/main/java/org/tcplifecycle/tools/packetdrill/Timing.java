package org.tcplifecycle.tools.packetdrill;

/**
 * When an event happens, in microseconds. Times in the script are seconds with an optional fraction; they
 * are converted exactly (rounded half-up below one microsecond).
 *
 * <ul>
 *   <li>{@code 0.100}: {@link Kind#ABSOLUTE}, measured from the start of the script;</li>
 *   <li>{@code +.1}: {@link Kind#RELATIVE}, measured from the previous event;</li>
 *   <li>{@code *}: {@link Kind#ANY}, any time (outbound packets only);</li>
 *   <li>{@code 0.1~0.2}: {@link Kind#ABSOLUTE_RANGE}, any time in the closed interval (outbound packets only);</li>
 *   <li>{@code +.3~+.4}: {@link Kind#RELATIVE_RANGE}, both ends from the previous event (outbound packets only).</li>
 * </ul>
 *
 * @param kind      which form was written
 * @param micros    the (start) time; 0 for {@link Kind#ANY}
 * @param endMicros the end of a range; equal to {@code micros} for the other kinds
 */
public record Timing(Kind kind, long micros, long endMicros) {

    public enum Kind { ABSOLUTE, RELATIVE, ANY, ABSOLUTE_RANGE, RELATIVE_RANGE }

    public static Timing absolute(long micros) {
        return new Timing(Kind.ABSOLUTE, micros, micros);
    }

    public static Timing relative(long micros) {
        return new Timing(Kind.RELATIVE, micros, micros);
    }

    public static Timing any() {
        return new Timing(Kind.ANY, 0, 0);
    }

    public boolean isRange() {
        return kind == Kind.ABSOLUTE_RANGE || kind == Kind.RELATIVE_RANGE;
    }

    public boolean isRelative() {
        return kind == Kind.RELATIVE || kind == Kind.RELATIVE_RANGE;
    }

    /**
     * The script time of the (earliest) start, given the script time of the previous event. For
     * {@link Kind#ANY} this is {@code previousMicros}.
     */
    public long startAfter(long previousMicros) {
        return switch (kind) {
            case ABSOLUTE, ABSOLUTE_RANGE -> micros;
            case RELATIVE, RELATIVE_RANGE -> previousMicros + micros;
            case ANY -> previousMicros;
        };
    }

    /**
     * The script time of the latest allowed time, given the script time of the previous event. For
     * {@link Kind#ANY} this is {@link Long#MAX_VALUE}.
     */
    public long endAfter(long previousMicros) {
        return switch (kind) {
            case ABSOLUTE, ABSOLUTE_RANGE -> endMicros;
            case RELATIVE, RELATIVE_RANGE -> previousMicros + endMicros;
            case ANY -> Long.MAX_VALUE;
        };
    }
}
