package org.tcplifecycle.tools.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes IP packets as a classic pcap file (version 2.4, big-endian) that Wireshark, tshark and tcpdump open.
 *
 * <p>Link type {@link LinkType#RAW} stores the IP packets as they are. {@link LinkType#ETHERNET} wraps each one
 * in an Ethernet II header with fixed, locally administered addresses ({@link #ETHERNET_SOURCE} to
 * {@link #ETHERNET_DESTINATION}) and EtherType 0x0800 or 0x86DD, for tools that do not read raw IP.
 * Timestamps are written in microseconds (truncated) or nanoseconds.
 *
 * <p>Writing a packet allocates nothing: headers go through a reused scratch array into a buffered stream.
 * Not thread-safe.
 */
public final class PcapWriter implements Closeable, Flushable {
    /** Timestamp resolution of the file, which selects its magic number. */
    public enum Resolution {
        /** Magic {@code 0xa1b2c3d4}. */
        MICROS,
        /** Magic {@code 0xa1b23c4d}. */
        NANOS
    }

    /** The snapshot length declared in the header; longer packets are refused. */
    public static final int SNAPLEN = 262144;
    /** Source MAC of the Ethernet link type: 02:00:00:00:00:01. */
    public static final String ETHERNET_SOURCE = "02:00:00:00:00:01";
    /** Destination MAC of the Ethernet link type: 02:00:00:00:00:02. */
    public static final String ETHERNET_DESTINATION = "02:00:00:00:00:02";

    private static final byte[] MACS = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}; // destination, then source
    private static final long MAX_SECONDS = 0xFFFFFFFFL;

    private final OutputStream out;
    private final Resolution resolution;
    private final boolean ethernet;
    private final byte[] head = new byte[16 + 14];
    private byte[] scratch = new byte[0];
    private long packets;

    /**
     * Writes the file header to {@code out}, which is buffered here and closed by {@link #close()}.
     *
     * @param linkType {@link LinkType#RAW} or {@link LinkType#ETHERNET}
     */
    public PcapWriter(OutputStream out, int linkType, Resolution resolution) throws IOException {
        if (linkType != LinkType.RAW && linkType != LinkType.ETHERNET) {
            throw new IllegalArgumentException("link type " + LinkType.name(linkType)
                    + " not writable, use RAW or ETHERNET");
        }
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.resolution = resolution;
        this.ethernet = linkType == LinkType.ETHERNET;
        int magic = resolution == Resolution.MICROS ? 0xA1B2C3D4 : 0xA1B23C4D;
        byte[] h = new byte[24];
        put32(h, 0, magic);
        put16(h, 4, 2);
        put16(h, 6, 4);
        // thiszone and sigfigs stay 0, as every current writer leaves them
        put32(h, 16, SNAPLEN);
        put32(h, 20, linkType);
        this.out.write(h);
    }

    /** Creates (or truncates) {@code file} and writes its header. */
    public static PcapWriter create(Path file, int linkType, Resolution resolution) throws IOException {
        OutputStream os = Files.newOutputStream(file);
        try {
            return new PcapWriter(os, linkType, resolution);
        } catch (IOException | RuntimeException e) {
            os.close();
            throw e;
        }
    }

    /**
     * Appends one packet.
     *
     * @param timestampNanos nanoseconds since the epoch, from 0 to the year 2106 (pcap's unsigned 32-bit
     *                       seconds)
     * @param ip             an IPv4 or IPv6 packet from its position to its limit; the position is not moved
     * @throws IllegalArgumentException if the timestamp is out of range, the packet is empty or longer than
     *                                  the snapshot length, or its first nibble is neither 4 nor 6
     */
    public void write(long timestampNanos, ByteBuffer ip) throws IOException {
        int len = ip.remaining();
        int version = len == 0 ? 0 : (ip.get(ip.position()) >> 4) & 0xF;
        int frame = header(timestampNanos, len, version);
        out.write(head, 0, frame);
        if (ip.hasArray()) {
            out.write(ip.array(), ip.arrayOffset() + ip.position(), len);
        } else {
            if (scratch.length < len) {
                scratch = new byte[len];
            }
            ip.get(ip.position(), scratch, 0, len);
            out.write(scratch, 0, len);
        }
        packets++;
    }

    /** Appends {@code ip[off, off+len)}; see {@link #write(long, ByteBuffer)}. */
    public void write(long timestampNanos, byte[] ip, int off, int len) throws IOException {
        int version = len <= 0 ? 0 : (ip[off] >> 4) & 0xF;
        int frame = header(timestampNanos, len, version);
        out.write(head, 0, frame);
        out.write(ip, off, len);
        packets++;
    }

    /** Packets written so far. */
    public long packets() {
        return packets;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Fills the record header (and the Ethernet header) into head; returns how many bytes to write. */
    private int header(long timestampNanos, int len, int version) {
        if (len <= 0) {
            throw new IllegalArgumentException("empty packet");
        }
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("not an IP packet: version nibble " + version);
        }
        int link = ethernet ? 14 : 0;
        if (len + link > SNAPLEN) {
            throw new IllegalArgumentException("packet of " + len + " bytes exceeds the snapshot length " + SNAPLEN);
        }
        long sec = Math.floorDiv(timestampNanos, 1_000_000_000L);
        if (timestampNanos < 0 || sec > MAX_SECONDS) {
            throw new IllegalArgumentException("timestamp " + timestampNanos + " ns outside pcap's range");
        }
        long nanos = timestampNanos - sec * 1_000_000_000L;
        put32(head, 0, (int) sec);
        put32(head, 4, (int) (resolution == Resolution.MICROS ? nanos / 1000 : nanos));
        put32(head, 8, len + link);
        put32(head, 12, len + link);
        if (ethernet) {
            System.arraycopy(MACS, 0, head, 16, 12);
            put16(head, 28, version == 4 ? 0x0800 : 0x86DD);
        }
        return 16 + link;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
