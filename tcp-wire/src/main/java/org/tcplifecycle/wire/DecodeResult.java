package org.tcplifecycle.wire;

/**
 * Outcome of a decode, as an int so the receive path never allocates. {@link #OK} is zero; every other
 * value names the reason a packet was dropped and indexes {@link DropCounters}.
 */
public final class DecodeResult {
    public static final int OK = 0;
    /** The (offset, length) region does not lie inside the buffer (a caller error, reported rather than thrown). */
    public static final int OUT_OF_BOUNDS = 1;
    /** Fewer bytes than a fixed header needs, or an IP length field pointing past the end of the data. */
    public static final int TRUNCATED = 2;
    /** IP version nibble is neither 4 nor 6 (or differs from what the caller asked for). */
    public static final int BAD_IP_VERSION = 3;
    /** IPv4 IHL below 5 or total length shorter than the header. */
    public static final int BAD_IP_HEADER = 4;
    /** IPv4 header checksum does not verify. */
    public static final int BAD_IP_CHECKSUM = 5;
    /** IPv4 MF flag or fragment offset set, or an IPv6 Fragment header. */
    public static final int FRAGMENT = 6;
    /** Malformed or unacceptable IPv6 extension header chain. */
    public static final int BAD_EXT_HEADER = 7;
    /** Protocol / final next header is not TCP (6). */
    public static final int NOT_TCP = 8;
    /** TCP data offset below 5 or larger than the segment. */
    public static final int BAD_DATA_OFFSET = 9;
    /** A TCP option whose length byte is missing, below 2, or runs past the header. */
    public static final int BAD_OPTION_LENGTH = 10;
    /** TCP checksum over the pseudo-header and segment does not verify. */
    public static final int BAD_CHECKSUM = 11;

    /** Number of result codes; sizes arrays indexed by result. */
    public static final int COUNT = 12;

    private static final String[] NAMES = {
        "OK", "OUT_OF_BOUNDS", "TRUNCATED", "BAD_IP_VERSION", "BAD_IP_HEADER", "BAD_IP_CHECKSUM", "FRAGMENT",
        "BAD_EXT_HEADER", "NOT_TCP", "BAD_DATA_OFFSET", "BAD_OPTION_LENGTH", "BAD_CHECKSUM",
    };

    private DecodeResult() {
    }

    /** Constant name of a result code, e.g. {@code "BAD_CHECKSUM"}; {@code "UNKNOWN(n)"} outside the range. */
    public static String name(int result) {
        return result >= 0 && result < COUNT ? NAMES[result] : "UNKNOWN(" + result + ")";
    }

    /** Lower-case tag form for metric tags, e.g. {@code "bad_checksum"}. */
    public static String tag(int result) {
        return name(result).toLowerCase(java.util.Locale.ROOT);
    }
}
