package org.tcplifecycle.tools.packetdrill;

/**
 * A kernel setting assigned by a shell command, e.g. {@code net.ipv4.tcp_timestamps = 0}.
 *
 * @param name  dotted sysctl name; a {@code /proc/sys/...} path is converted to this form
 * @param value the assigned text with surrounding quotes removed
 */
public record Sysctl(String name, String value) {
}
