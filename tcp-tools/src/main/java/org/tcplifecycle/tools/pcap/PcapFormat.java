package org.tcplifecycle.tools.pcap;

/** The container format of a capture, as recognised from its first four bytes. */
public enum PcapFormat {
    /** Classic libpcap, magic {@code 0xa1b2c3d4}: timestamps in microseconds. */
    PCAP_MICROS,
    /** Classic libpcap, magic {@code 0xa1b23c4d}: timestamps in nanoseconds. */
    PCAP_NANOS,
    /** pcapng, starting with a Section Header Block. */
    PCAPNG
}
