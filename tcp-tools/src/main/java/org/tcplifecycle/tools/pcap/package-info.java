/**
 * Capture files: {@link org.tcplifecycle.tools.pcap.PcapReader} turns classic pcap and pcapng files into a
 * sequence of raw IP packets with Wireshark frame numbers and nanosecond timestamps;
 * {@link org.tcplifecycle.tools.pcap.PcapWriter} writes raw IP packets back as classic pcap. Neither looks
 * above the IP header: decoding TCP is the codec's job.
 */
package org.tcplifecycle.tools.pcap;
