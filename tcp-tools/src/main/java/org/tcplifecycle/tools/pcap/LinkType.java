package org.tcplifecycle.tools.pcap;

/**
 * The tcpdump.org LINKTYPE_ values understood by {@link PcapReader}. Packets on any other link type are
 * counted as skipped, not rejected.
 */
public final class LinkType {
    /** BSD loopback: 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** Ethernet II, with any number of 802.1Q / 802.1ad VLAN tags. */
    public static final int ETHERNET = 1;
    /** Raw IP as some BSDs number it; the IP version comes from the first nibble. */
    public static final int RAW_12 = 12;
    /** Raw IP as some BSDs number it; the IP version comes from the first nibble. */
    public static final int RAW_14 = 14;
    /** Raw IP, the version comes from the first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL}, family nominally in network byte order (either is accepted). */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 (16-byte header), as written for {@code -i any}. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (20-byte header). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** A short name for messages, e.g. {@code "ETHERNET"}, or {@code "LINKTYPE_n"} when unknown. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case RAW_12, RAW_14, RAW -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
