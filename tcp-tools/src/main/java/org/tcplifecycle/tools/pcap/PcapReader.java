package org.tcplifecycle.tools.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads the IP packets of a capture file, one at a time, without loading the file.
 *
 * <p>Formats: classic libpcap in either byte order with microsecond ({@code 0xa1b2c3d4}) or nanosecond
 * ({@code 0xa1b23c4d}) timestamps (the header's {@code thiszone} is ignored, as Wireshark does), and pcapng:
 * any number of sections, each Section Header Block in either byte order; Interface Description Blocks
 * with {@code if_tsresol} (powers of 10 up to 10^-18, powers of 2) and {@code if_tsoffset}; Enhanced, Simple
 * and (obsolete) Packet Blocks; all other blocks are skipped. Interfaces of one pcapng file may have different
 * link types.
 *
 * <p>Link types (see {@link LinkType}): Ethernet with 802.1Q/802.1ad tags, Linux cooked v1 and v2, raw IP
 * (101, 12, 14, 228, 229) and BSD loopback NULL/LOOP (family 2 is IPv4, 10, 24, 28 and 30 are IPv6, in
 * either byte order). A frame that does not carry IPv4 or IPv6 by these rules — an ARP frame, an unknown
 * link type, a header whose version nibble contradicts its EtherType — is counted by {@link #skipped()} and
 * still consumes a frame number. The IP packet is cut to its header's total length, dropping Ethernet padding
 * and trailers; a packet cut short by the snapshot length is returned as captured (compare its length with
 * the IP total length to notice).
 *
 * <p>Errors: anything malformed or truncated, including a last record cut off mid-way, raises
 * {@link PcapFormatException} naming the byte offset. A clean end of input between records ends the packets.
 *
 * <p>Use: {@link #next()} advances and the accessors describe the current packet, reusing one buffer
 * (nothing is allocated per packet but the {@link #ip()} view); {@link #packet()}, {@link #iterator()},
 * {@link #stream()} and {@link #readAll()} hand out immutable {@link CapturedPacket} copies. Not thread-safe.
 */
public final class PcapReader implements Closeable {
    /** The timestamp of a packet from a pcapng Simple Packet Block, which records none. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    /** The largest record or block accepted; anything larger is taken as corruption rather than allocated. */
    public static final int MAX_RECORD = 64 << 20;

    private static final int PCAP_MICROS = 0xA1B2C3D4;
    private static final int PCAP_NANOS = 0xA1B23C4D;
    private static final int PCAP_MODIFIED = 0xA1B2CD34;
    private static final int SHB = 0x0A0D0D0A;
    private static final int BOM = 0x1A2B3C4D;
    private static final int IDB = 1;
    private static final int PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int OPT_END = 0;
    private static final int OPT_TSRESOL = 9;
    private static final int OPT_TSOFFSET = 14;
    private static final long NANOS = 1_000_000_000L;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final InputStream in;
    private final String source;
    private final PcapFormat format;
    private long pos;
    private byte[] buf = new byte[1 << 16];
    private ByteBuffer bb = ByteBuffer.wrap(buf);

    // classic pcap
    private int classicLink;
    private long fracNanos;

    // pcapng: the interfaces of the current section
    private int ifCount;
    private int[] ifLink = new int[4];
    private long[] ifSnap = new long[4];
    private byte[] ifResol = new byte[4];
    private long[] ifOffsetSec = new long[4];

    // the current packet
    private long number;
    private long skipped;
    private long recordOffset = -1;
    private long timestamp;
    private int iface;
    private int link;
    private int origLen;
    private int ipOff;
    private int ipLen;
    private boolean current;

    /**
     * Reads the file header of {@code in}; the stream is buffered here if it is not already.
     *
     * @throws PcapFormatException if the input is empty or is neither pcap nor pcapng
     */
    public PcapReader(InputStream in) throws IOException {
        this(in, null);
    }

    private PcapReader(InputStream in, String source) throws IOException {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.source = source;
        int n = fill(0, 4);
        if (n == 0) {
            throw error(0, "empty input, expected a pcap or pcapng header");
        }
        if (n < 4) {
            throw error(0, "truncated file header: " + n + " of 4 magic bytes");
        }
        int magic = (int) u32(ByteOrder.BIG_ENDIAN, 0);
        if (magic == PCAP_MICROS || magic == PCAP_NANOS) {
            format = magic == PCAP_MICROS ? PcapFormat.PCAP_MICROS : PcapFormat.PCAP_NANOS;
            classicHeader(ByteOrder.BIG_ENDIAN);
        } else if (Integer.reverseBytes(magic) == PCAP_MICROS || Integer.reverseBytes(magic) == PCAP_NANOS) {
            format = Integer.reverseBytes(magic) == PCAP_MICROS ? PcapFormat.PCAP_MICROS : PcapFormat.PCAP_NANOS;
            classicHeader(ByteOrder.LITTLE_ENDIAN);
        } else if (magic == SHB) {
            format = PcapFormat.PCAPNG;
            if (!readBlock(true)) {
                throw error(0, "truncated section header block");
            }
        } else if (magic == PCAP_MODIFIED || Integer.reverseBytes(magic) == PCAP_MODIFIED) {
            throw error(0, "modified (Kuznetzov) pcap is not supported; convert it with editcap -F pcap");
        } else {
            throw error(0, String.format("not a pcap or pcapng file: magic 0x%08x", magic));
        }
    }

    /** Opens {@code file}; error messages start with its file name. */
    public static PcapReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new PcapReader(in, String.valueOf(file.getFileName()));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Every IP packet of {@code file}. */
    public static List<CapturedPacket> readAll(Path file) throws IOException {
        try (PcapReader r = open(file)) {
            return r.readAll();
        }
    }

    /**
     * Every IP packet of {@code file} as a lazily read stream; closing the stream closes the file. Input
     * errors surface as {@link UncheckedIOException}, see {@link #iterator()}.
     */
    public static Stream<CapturedPacket> packets(Path file) throws IOException {
        PcapReader r = open(file);
        return r.stream().onClose(() -> {
            try {
                r.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The container format. */
    public PcapFormat format() {
        return format;
    }

    /**
     * Advances to the next IP packet, skipping non-IP frames.
     *
     * @return false at the clean end of the input
     * @throws PcapFormatException on malformed or truncated input
     */
    public boolean next() throws IOException {
        current = false;
        while (format == PcapFormat.PCAPNG ? readBlock(false) : readRecord()) {
            if (current) {
                return true;
            }
        }
        return false;
    }

    /** The current packet's frame number, 1-based over all packet records (IP or not), as Wireshark counts. */
    public long number() {
        check();
        return number;
    }

    /** The current packet's timestamp in nanoseconds since the epoch, or {@link #NO_TIMESTAMP}. */
    public long timestampNanos() {
        check();
        return timestamp;
    }

    /** The current packet's pcapng interface index; 0 in classic pcap. */
    public int interfaceId() {
        check();
        return iface;
    }

    /** The current packet's LINKTYPE_ value. */
    public int linkType() {
        check();
        return link;
    }

    /** The current frame's length on the wire, link-layer header included. */
    public int originalLength() {
        check();
        return origLen;
    }

    /** The byte offset of the current packet's record (classic) or block (pcapng) in the input. */
    public long recordOffset() {
        check();
        return recordOffset;
    }

    /** The length of the current IP packet as returned by {@link #ip()}. */
    public int ipLength() {
        check();
        return ipLen;
    }

    /**
     * A read-only view of the current IP packet: index 0 is the first byte of the IP header. The view shares
     * the reader's buffer and is valid only until the next call to {@link #next()}.
     */
    public ByteBuffer ip() {
        check();
        return ByteBuffer.wrap(buf, ipOff, ipLen).slice().asReadOnlyBuffer();
    }

    /** An immutable copy of the current packet. */
    public CapturedPacket packet() {
        check();
        return new CapturedPacket(number, timestamp, iface, link, origLen, ByteBuffer.wrap(buf, ipOff, ipLen));
    }

    /** Frames read so far that carried no IPv4 or IPv6 packet. */
    public long skipped() {
        return skipped;
    }

    /** Packet records read so far, IP or not; the number of the last frame read. */
    public long frames() {
        return number;
    }

    /** Bytes of input consumed so far. */
    public long position() {
        return pos;
    }

    /** Every remaining IP packet, as copies. */
    public List<CapturedPacket> readAll() throws IOException {
        List<CapturedPacket> out = new ArrayList<>();
        while (next()) {
            out.add(packet());
        }
        return out;
    }

    /**
     * The remaining IP packets as copies; input errors surface as {@link UncheckedIOException} whose cause is
     * the {@link IOException} (a {@link PcapFormatException} for malformed input).
     */
    public Iterator<CapturedPacket> iterator() {
        return new Iterator<>() {
            private boolean ready;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                if (!ready && more) {
                    try {
                        more = PcapReader.this.next();
                    } catch (IOException e) {
                        more = false;
                        throw new UncheckedIOException(e);
                    }
                    ready = true;
                }
                return more;
            }

            @Override
            public CapturedPacket next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return packet();
            }
        };
    }

    /** {@link #iterator()} as a sequential stream; closing the stream does not close the reader. */
    public Stream<CapturedPacket> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---- classic pcap

    private void classicHeader(ByteOrder order) throws IOException {
        bb.order(order);
        int n = fill(4, 20);
        if (n < 20) {
            throw error(4, "truncated pcap file header: " + (4 + n) + " of 24 bytes");
        }
        int major = u16(order, 4);
        int minor = u16(order, 6);
        if (major != 2) {
            throw error(4, "unsupported pcap version " + major + "." + minor + ", expected 2.x");
        }
        // The upper bits of the link-type field carry FCS-length flags; FCS bytes fall beyond the IP total
        // length and are cut off with the padding.
        classicLink = (int) (u32(order, 20) & 0xFFFF);
        fracNanos = format == PcapFormat.PCAP_MICROS ? 1000 : 1;
    }

    private boolean readRecord() throws IOException {
        long at = pos;
        int n = fill(0, 16);
        if (n == 0) {
            return false;
        }
        if (n < 16) {
            throw error(at, "truncated record header: " + n + " of 16 bytes");
        }
        ByteOrder o = bb.order();
        long sec = u32(o, 0);
        long frac = u32(o, 4);
        long incl = u32(o, 8);
        long orig = u32(o, 12);
        if (incl > MAX_RECORD) {
            throw error(at, "record claims " + incl + " captured bytes, more than the limit " + MAX_RECORD);
        }
        ensure((int) incl);
        n = fill(0, (int) incl);
        if (n < incl) {
            throw error(at, "truncated record: header claims " + incl + " captured bytes, only " + n
                    + " present from offset " + (at + 16));
        }
        number++;
        frame(at, classicLink, 0, sec * NANOS + frac * fracNanos, (int) Math.min(orig, Integer.MAX_VALUE),
                0, (int) incl);
        return true;
    }

    // ---- pcapng

    /** Reads one whole block into buf[0..length); handles it. False at a clean end of input. */
    private boolean readBlock(boolean first) throws IOException {
        int head = first ? 4 : 0; // the constructor already read the first block's type
        long at = pos - head;
        int n = fill(head, 8 - head);
        if (n == 0 && !first) {
            return false;
        }
        if (n < 8 - head) {
            throw error(at, "truncated block header: " + (head + n) + " of 8 bytes");
        }
        int type = (int) u32(bb.order(), 0);
        if (type == SHB) {
            n = fill(8, 4);
            if (n < 4) {
                throw error(at + 8, "truncated section header block: byte-order magic missing");
            }
            int bom = (int) u32(ByteOrder.BIG_ENDIAN, 8);
            if (bom == BOM) {
                bb.order(ByteOrder.BIG_ENDIAN);
            } else if (Integer.reverseBytes(bom) == BOM) {
                bb.order(ByteOrder.LITTLE_ENDIAN);
            } else {
                throw error(at + 8, String.format("bad section byte-order magic 0x%08x", bom));
            }
        }
        ByteOrder o = bb.order();
        long len = u32(o, 4);
        int min = type == SHB ? 28 : 12;
        if (len < min) {
            throw error(at, "block type " + hex(type) + " has total length " + len + ", less than " + min);
        }
        if (len % 4 != 0) {
            throw error(at, "block type " + hex(type) + " has total length " + len + ", not a multiple of 4");
        }
        if (len > MAX_RECORD) {
            throw error(at, "block type " + hex(type) + " claims " + len + " bytes, more than the limit "
                    + MAX_RECORD);
        }
        int length = (int) len;
        int have = type == SHB ? 12 : 8;
        ensure(length);
        n = fill(have, length - have);
        if (n < length - have) {
            throw error(at, "truncated block type " + hex(type) + ": header claims " + length + " bytes, only "
                    + (have + n) + " present");
        }
        long trailer = u32(o, length - 4);
        if (trailer != len) {
            throw error(at + length - 4, "block type " + hex(type) + " at offset " + at + " ends with length "
                    + trailer + ", its header says " + len);
        }
        switch (type) {
            case SHB -> section(at);
            case IDB -> interfaceBlock(at, length);
            case EPB -> enhancedPacket(at, length);
            case SPB -> simplePacket(at, length);
            case PB -> obsoletePacket(at, length);
            default -> { } // name resolution, statistics, secrets, custom, ...: not needed for packets
        }
        return true;
    }

    private void section(long at) throws PcapFormatException {
        int major = u16(bb.order(), 12);
        if (major != 1) {
            throw error(at + 12, "unsupported pcapng version " + major + "." + u16(bb.order(), 14)
                    + ", expected 1.x");
        }
        ifCount = 0; // interface numbering restarts with each section
    }

    private void interfaceBlock(long at, int length) throws PcapFormatException {
        if (length < 20) {
            throw error(at, "interface description block of " + length + " bytes, less than 20");
        }
        ByteOrder o = bb.order();
        if (ifCount == ifLink.length) {
            int cap = ifCount * 2;
            ifLink = Arrays.copyOf(ifLink, cap);
            ifSnap = Arrays.copyOf(ifSnap, cap);
            ifResol = Arrays.copyOf(ifResol, cap);
            ifOffsetSec = Arrays.copyOf(ifOffsetSec, cap);
        }
        int i = ifCount;
        ifLink[i] = u16(o, 8);
        ifSnap[i] = u32(o, 12);
        ifResol[i] = 6;
        ifOffsetSec[i] = 0;
        int p = 16;
        int end = length - 4;
        while (p + 4 <= end) {
            int code = u16(o, p);
            int olen = u16(o, p + 2);
            if (code == OPT_END) {
                break;
            }
            if (p + 4 + olen > end) {
                throw error(at + p, "option " + code + " of length " + olen + " runs past the end of the"
                        + " interface description block at offset " + at);
            }
            if (code == OPT_TSRESOL && olen >= 1) {
                byte r = buf[p + 4];
                int exp = r & 0x7F;
                if ((r & 0x80) == 0 ? exp > 18 : exp > 63) {
                    throw error(at + p + 4, "unsupported if_tsresol 0x" + Integer.toHexString(r & 0xFF));
                }
                ifResol[i] = r;
            } else if (code == OPT_TSOFFSET && olen == 8) {
                ifOffsetSec[i] = bb.getLong(p + 4);
            }
            p += 4 + ((olen + 3) & ~3);
        }
        ifCount++;
    }

    private void enhancedPacket(long at, int length) throws IOException {
        if (length < 32) {
            throw error(at, "enhanced packet block of " + length + " bytes, less than 32");
        }
        ByteOrder o = bb.order();
        int id = interfaceOf(at, u32(o, 8));
        long units = (u32(o, 12) << 32) | u32(o, 16);
        long cap = u32(o, 20);
        long orig = u32(o, 24);
        if (28 + cap > length - 4) {
            throw error(at + 20, "enhanced packet block at offset " + at + " claims " + cap
                    + " captured bytes, its length leaves room for " + (length - 32));
        }
        number++;
        frame(at, ifLink[id], id, timestamp(at, id, units), (int) Math.min(orig, Integer.MAX_VALUE), 28,
                (int) cap);
    }

    private void obsoletePacket(long at, int length) throws IOException {
        if (length < 32) {
            throw error(at, "packet block of " + length + " bytes, less than 32");
        }
        ByteOrder o = bb.order();
        int id = interfaceOf(at, u16(o, 8));
        long units = (u32(o, 12) << 32) | u32(o, 16);
        long cap = u32(o, 20);
        long orig = u32(o, 24);
        if (28 + cap > length - 4) {
            throw error(at + 20, "packet block at offset " + at + " claims " + cap
                    + " captured bytes, its length leaves room for " + (length - 32));
        }
        number++;
        frame(at, ifLink[id], id, timestamp(at, id, units), (int) Math.min(orig, Integer.MAX_VALUE), 28,
                (int) cap);
    }

    private void simplePacket(long at, int length) throws IOException {
        if (length < 16) {
            throw error(at, "simple packet block of " + length + " bytes, less than 16");
        }
        if (ifCount == 0) {
            throw error(at, "simple packet block before any interface description block");
        }
        long orig = u32(bb.order(), 8);
        // The block has no captured-length field: it is the original length cut by the snapshot length
        // and by the room in the block.
        long cap = Math.min(orig, length - 16);
        if (ifSnap[0] != 0) {
            cap = Math.min(cap, ifSnap[0]);
        }
        number++;
        frame(at, ifLink[0], 0, NO_TIMESTAMP, (int) Math.min(orig, Integer.MAX_VALUE), 12, (int) cap);
    }

    private int interfaceOf(long at, long id) throws PcapFormatException {
        if (id >= ifCount) {
            throw error(at + 8, "packet block at offset " + at + " refers to interface " + id + " but the section"
                    + " defines " + ifCount);
        }
        return (int) id;
    }

    private long timestamp(long at, int id, long units) throws PcapFormatException {
        byte r = ifResol[id];
        int exp = r & 0x7F;
        long sec;
        long frac;
        if ((r & 0x80) == 0) {
            long perSec = POW10[exp];
            sec = Long.divideUnsigned(units, perSec);
            long rem = Long.remainderUnsigned(units, perSec);
            frac = exp <= 9 ? rem * POW10[9 - exp] : rem / POW10[exp - 9];
        } else if (exp == 0) {
            sec = units;
            frac = 0;
        } else {
            sec = units >>> exp;
            long rem = units & ((1L << exp) - 1);
            // rem * 10^9 / 2^exp, through the 128-bit product
            long hi = Math.multiplyHigh(rem, NANOS);
            long lo = rem * NANOS;
            frac = (hi << (64 - exp)) | (lo >>> exp);
        }
        try {
            return Math.addExact(Math.multiplyExact(Math.addExact(sec, ifOffsetSec[id]), NANOS), frac);
        } catch (ArithmeticException e) {
            throw error(at + 12, "timestamp beyond the range of 64-bit nanoseconds");
        }
    }

    // ---- link layer

    /** Records the frame in buf[off, off+len) as current if it carries IP, else counts it as skipped. */
    private void frame(long at, int linkType, int id, long ts, int orig, int off, int len) {
        if (locateIp(linkType, off, off + len)) {
            current = true;
            recordOffset = at;
            timestamp = ts;
            iface = id;
            link = linkType;
            origLen = orig;
        } else {
            skipped++;
        }
    }

    /** Finds the IP packet in buf[off, end); sets ipOff and ipLen. */
    private boolean locateIp(int linkType, int off, int end) {
        int p;
        int version;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                if (end - off < 14) {
                    return false;
                }
                p = off + 14;
                int etherType = be16(off + 12);
                for (; isVlan(etherType) && p + 4 <= end; p += 4) {
                    etherType = be16(p + 2);
                }
                version = versionOf(etherType);
            }
            case LinkType.LINUX_SLL -> {
                if (end - off < 16) {
                    return false;
                }
                p = off + 16;
                int etherType = be16(off + 14);
                for (; isVlan(etherType) && p + 4 <= end; p += 4) {
                    etherType = be16(p + 2);
                }
                version = versionOf(etherType);
            }
            case LinkType.LINUX_SLL2 -> {
                if (end - off < 20) {
                    return false;
                }
                p = off + 20;
                int etherType = be16(off);
                for (; isVlan(etherType) && p + 4 <= end; p += 4) {
                    etherType = be16(p + 2);
                }
                version = versionOf(etherType);
            }
            case LinkType.NULL, LinkType.LOOP -> {
                if (end - off < 4) {
                    return false;
                }
                p = off + 4;
                int family = (be16(off) << 16) | be16(off + 2);
                // The family is a small number; read in the wrong byte order it lands in the top bytes.
                if ((family & 0xFFFF0000) != 0) {
                    family = Integer.reverseBytes(family);
                }
                version = switch (family) {
                    case 2 -> 4;
                    case 10, 24, 28, 30 -> 6;
                    default -> 0;
                };
                if (version == 0) {
                    return false;
                }
            }
            case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14 -> {
                p = off;
                version = -1;
            }
            case LinkType.IPV4 -> {
                p = off;
                version = 4;
            }
            case LinkType.IPV6 -> {
                p = off;
                version = 6;
            }
            default -> {
                return false;
            }
        }
        if (version == 0 || p >= end) {
            return false;
        }
        int nibble = (buf[p] >> 4) & 0xF;
        if (version == -1 ? nibble != 4 && nibble != 6 : nibble != version) {
            return false;
        }
        int avail = end - p;
        int len = avail;
        if (nibble == 4 && avail >= 4) {
            int total = be16(p + 2);
            if (total >= 20 && total < avail) {
                len = total;
            }
        } else if (nibble == 6 && avail >= 6) {
            int payload = be16(p + 4);
            if (payload != 0 && 40 + payload < avail) {
                len = 40 + payload;
            }
        }
        ipOff = p;
        ipLen = len;
        return true;
    }

    private static boolean isVlan(int etherType) {
        return etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100;
    }

    private static int versionOf(int etherType) {
        return etherType == 0x0800 ? 4 : etherType == 0x86DD ? 6 : 0;
    }

    // ---- bytes

    private int be16(int i) {
        return ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF);
    }

    private int u16(ByteOrder o, int i) {
        int v = ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF);
        return o == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v) >>> 16;
    }

    private long u32(ByteOrder o, int i) {
        int v = ((buf[i] & 0xFF) << 24) | ((buf[i + 1] & 0xFF) << 16) | ((buf[i + 2] & 0xFF) << 8)
                | (buf[i + 3] & 0xFF);
        return (o == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v)) & 0xFFFFFFFFL;
    }

    private void ensure(int size) {
        if (buf.length < size) {
            ByteOrder o = bb.order();
            buf = Arrays.copyOf(buf, Math.max(size, buf.length * 2));
            bb = ByteBuffer.wrap(buf).order(o);
        }
    }

    /** Reads up to len bytes into buf[off..]; returns how many were read before the end of input. */
    private int fill(int off, int len) throws IOException {
        int n = in.readNBytes(buf, off, len);
        pos += n;
        return n;
    }

    private void check() {
        if (!current) {
            throw new IllegalStateException("no current packet: call next() first, and only while it returns true");
        }
    }

    private PcapFormatException error(long offset, String problem) {
        return new PcapFormatException(source, offset, problem);
    }

    private static String hex(int type) {
        return String.format("0x%08x", type);
    }
}
