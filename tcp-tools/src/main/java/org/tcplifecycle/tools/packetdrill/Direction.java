package org.tcplifecycle.tools.packetdrill;

/** Which way a scripted packet travels, seen from the system under test. */
public enum Direction {
    /** {@code <}: the script injects the packet into the system under test. */
    INBOUND,
    /** {@code >}: the system under test is expected to send the packet. */
    OUTBOUND
}
