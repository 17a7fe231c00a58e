package org.tcplifecycle.tools.packetdrill;

/** Something a script needs beyond a plain TCP connection; a runner that lacks it skips the script. */
public enum Feature {
    TCP_FAST_OPEN("TCP Fast Open (RFC 7413)"),
    PSP("PSP encapsulation"),
    ENCAPSULATION("tunnel encapsulation (GRE, MPLS or other encap)"),
    IP_HEADER("explicit IP header fields, addresses or ports"),
    ECN("Explicit Congestion Notification"),
    URGENT("urgent data"),
    TCP_MD5("TCP MD5 signature option (RFC 2385)"),
    UNKNOWN_TCP_OPTION("a TCP option this parser does not know"),
    UDP("UDP packets"),
    ICMP("ICMP packets"),
    CODE("post-run code other than simple tcp_info assertions"),
    PACKET_PREFIX("an unrecognised packet prefix");

    private final String description;

    Feature(String description) {
        this.description = description;
    }

    /** Human-readable name, e.g. for "skipped: needs TCP Fast Open (RFC 7413)". */
    public String description() {
        return description;
    }
}
