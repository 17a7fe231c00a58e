package org.tcplifecycle.wire;

import static org.tcplifecycle.wire.Bytes.i32;
import static org.tcplifecycle.wire.Bytes.put16;
import static org.tcplifecycle.wire.Bytes.put32;
import static org.tcplifecycle.wire.Bytes.put8;
import static org.tcplifecycle.wire.Bytes.u16;
import static org.tcplifecycle.wire.Bytes.u8;

import java.nio.ByteBuffer;
import org.tcplifecycle.api.Segment;

/**
 * TCP header, options and payload (RFC 9293 §3.1, options RFC 7323 and RFC 2018) to and from a
 * {@link Segment}. Stateless and allocation-free; all buffer access is absolute, so positions and limits
 * of the caller's buffers are left alone, and heap, direct and either byte order work the same.
 *
 * <p>Decoding reports what is on the wire: the codec does not apply the rules that tie options to
 * segment types (MSS and window scale only on SYN, window scale capped at 14); those belong to the
 * connection, which knows its state.
 */
public final class TcpCodec {
    public static final int HEADER = 20;
    public static final int MAX_OPTIONS = 40;
    public static final int MAX_HEADER = HEADER + MAX_OPTIONS;

    public static final int OPT_EOL = 0;
    public static final int OPT_NOP = 1;
    public static final int OPT_MSS = 2;
    public static final int OPT_WSCALE = 3;
    public static final int OPT_SACK_PERM = 4;
    public static final int OPT_SACK = 5;
    public static final int OPT_TS = 8;

    private TcpCodec() {
    }

    /**
     * Decode the TCP segment in {@code b[off, off+len)} into {@code s}: ports, numbers, flags (the
     * eight control bits of byte 13; reserved bits are ignored as RFC 9293 requires), window, urgent
     * pointer, options, and the payload as a region of {@code b} (no copy). The address fields of
     * {@code s} are not touched; when {@code verify} is true they must already hold the packet's
     * addresses, since the checksum covers the pseudo-header built from them.
     *
     * @return {@link DecodeResult#OK} or the reason for dropping; on failure {@code s} holds partial data
     */
    public static int decode(ByteBuffer b, int off, int len, Segment s, boolean verify) {
        if (!Bytes.inBounds(b, off, len)) return DecodeResult.OUT_OF_BOUNDS;
        if (len < HEADER) return DecodeResult.TRUNCATED;
        int hlen = (u8(b, off + 12) >>> 4) << 2;
        if (hlen < HEADER || hlen > len) return DecodeResult.BAD_DATA_OFFSET;
        if (verify && Checksum.add(Checksum.pseudo(s, len), Checksum.sum(b, off, len, 0)) != Checksum.VALID) {
            return DecodeResult.BAD_CHECKSUM;
        }
        s.srcPort = u16(b, off);
        s.dstPort = u16(b, off + 2);
        s.seq = i32(b, off + 4);
        s.ack = i32(b, off + 8);
        s.flags = u8(b, off + 13);
        s.window = u16(b, off + 14);
        s.urgent = u16(b, off + 18);
        int r = decodeOptions(b, off + HEADER, hlen - HEADER, s);
        if (r != DecodeResult.OK) return r;
        s.payload = b;
        s.payloadOffset = off + hlen;
        s.payloadLength = len - hlen;
        return DecodeResult.OK;
    }

    /**
     * Parse the option bytes {@code b[off, off+len)} into the option fields of {@code s} (cleared first).
     * EOL ends the list; NOP is skipped; an option of a known kind with a length other than its defined
     * one is skipped as unknown (as Linux does); a later instance of an option replaces an earlier one.
     * Only a length byte that is missing, below 2, or runs past the end is an error.
     */
    public static int decodeOptions(ByteBuffer b, int off, int len, Segment s) {
        s.clearOptions();
        int end = off + len;
        int i = off;
        while (i < end) {
            int kind = u8(b, i);
            if (kind == OPT_EOL) break;
            if (kind == OPT_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) return DecodeResult.BAD_OPTION_LENGTH;
            int olen = u8(b, i + 1);
            if (olen < 2 || olen > end - i) return DecodeResult.BAD_OPTION_LENGTH;
            switch (kind) {
                case OPT_MSS:
                    if (olen == 4) s.mss = u16(b, i + 2);
                    break;
                case OPT_WSCALE:
                    if (olen == 3) s.wscale = u8(b, i + 2);
                    break;
                case OPT_SACK_PERM:
                    if (olen == 2) s.sackPermitted = true;
                    break;
                case OPT_SACK:
                    // 40 option bytes hold at most 4 blocks, so the array never overflows
                    if (olen >= 10 && (olen - 2) % 8 == 0) {
                        int n = (olen - 2) >>> 3;
                        for (int k = 0; k < 2 * n; k++) s.sack[k] = i32(b, i + 2 + 4 * k);
                        s.sackBlocks = n;
                    }
                    break;
                case OPT_TS:
                    if (olen == 10) {
                        s.hasTimestamps = true;
                        s.tsVal = i32(b, i + 2);
                        s.tsEcr = i32(b, i + 6);
                    }
                    break;
                default:
                    break;
            }
            i += olen;
        }
        return DecodeResult.OK;
    }

    /** Option bytes {@link #encode} writes for {@code s} (a multiple of 4, at most 40). */
    public static int optionsLength(Segment s, OptionLayout layout) {
        int fixed = fixedOptions(s, layout);
        int n = sackFit(s, layout, fixed);
        return layout == OptionLayout.LINUX
                ? fixed + (n > 0 ? 4 + 8 * n : 0)
                : (fixed + (n > 0 ? 2 + 8 * n : 0) + 3) & ~3;
    }

    /** TCP header length including options, as {@link #encode} writes it. */
    public static int headerLength(Segment s, OptionLayout layout) {
        return HEADER + optionsLength(s, layout);
    }

    /** Bytes {@link #encode} writes: header, options and payload. */
    public static int encodedLength(Segment s, OptionLayout layout) {
        return headerLength(s, layout) + s.payloadLength;
    }

    /** SACK blocks of {@code s} that {@link #encode} writes (the rest do not fit). */
    public static int sackBlocksEncoded(Segment s, OptionLayout layout) {
        return sackFit(s, layout, fixedOptions(s, layout));
    }

    /**
     * Write {@code s} as a TCP segment at {@code b[off..]}: header, options in {@code layout} order,
     * payload copied from its region (skipped when it already sits exactly where it belongs, so a caller
     * may place the payload first and encode the header in front of it), and the checksum over the
     * pseudo-header from the address fields of {@code s}.
     *
     * @return bytes written
     * @throws IllegalArgumentException if the segment does not fit below the buffer's limit or is longer
     *     than 65535 bytes; encoding runs on the engine's own segments, so this is a caller error
     */
    public static int encode(Segment s, ByteBuffer b, int off, OptionLayout layout) {
        int optLen = optionsLength(s, layout);
        int hlen = HEADER + optLen;
        int n = s.payloadLength;
        int total = hlen + n;
        if (total > 0xFFFF || n < 0) throw new IllegalArgumentException("segment length " + total);
        if (!Bytes.inBounds(b, off, total)) {
            throw new IllegalArgumentException("no room for " + total + " bytes at " + off + " (limit " + b.limit() + ")");
        }
        put16(b, off, s.srcPort);
        put16(b, off + 2, s.dstPort);
        put32(b, off + 4, s.seq);
        put32(b, off + 8, s.ack);
        put8(b, off + 12, (hlen >>> 2) << 4);
        put8(b, off + 13, s.flags);
        put16(b, off + 14, s.window);
        put16(b, off + 16, 0);
        put16(b, off + 18, s.urgent);
        writeOptions(s, b, off + HEADER, layout);
        int p = off + hlen;
        if (n > 0 && !(s.payload == b && s.payloadOffset == p)) b.put(p, s.payload, s.payloadOffset, n);
        int sum = Checksum.add(Checksum.pseudo(s, total), Checksum.sum(b, off, total, 0));
        put16(b, off + 16, Checksum.finish(sum));
        return total;
    }

    /** Bytes of every option except SACK blocks. */
    private static int fixedOptions(Segment s, OptionLayout layout) {
        boolean mss = s.mss != Segment.NO_MSS;
        boolean ws = s.wscale != Segment.NO_WSCALE;
        if (layout == OptionLayout.LINUX) {
            return (mss ? 4 : 0) + (s.hasTimestamps ? 12 : s.sackPermitted ? 4 : 0) + (ws ? 4 : 0);
        }
        return (mss ? 4 : 0) + (ws ? 3 : 0) + (s.sackPermitted ? 2 : 0) + (s.hasTimestamps ? 10 : 0);
    }

    private static int sackFit(Segment s, OptionLayout layout, int fixed) {
        int want = Math.max(0, Math.min(s.sackBlocks, Segment.MAX_SACK_BLOCKS));
        if (want == 0) return 0;
        int room = MAX_OPTIONS - fixed - (layout == OptionLayout.LINUX ? 4 : 2);
        return room < 8 ? 0 : Math.min(want, room >>> 3);
    }

    private static void writeOptions(Segment s, ByteBuffer b, int off, OptionLayout layout) {
        int i = off;
        int blocks = sackBlocksEncoded(s, layout);
        if (layout == OptionLayout.LINUX) {
            if (s.mss != Segment.NO_MSS) {
                put32(b, i, OPT_MSS << 24 | 4 << 16 | (s.mss & 0xFFFF));
                i += 4;
            }
            if (s.hasTimestamps) {
                put32(b, i, (s.sackPermitted ? OPT_SACK_PERM << 24 | 2 << 16 : OPT_NOP << 24 | OPT_NOP << 16) | OPT_TS << 8 | 10);
                put32(b, i + 4, s.tsVal);
                put32(b, i + 8, s.tsEcr);
                i += 12;
            } else if (s.sackPermitted) {
                put32(b, i, OPT_NOP << 24 | OPT_NOP << 16 | OPT_SACK_PERM << 8 | 2);
                i += 4;
            }
            if (s.wscale != Segment.NO_WSCALE) {
                put32(b, i, OPT_NOP << 24 | OPT_WSCALE << 16 | 3 << 8 | (s.wscale & 0xFF));
                i += 4;
            }
            if (blocks > 0) {
                put32(b, i, OPT_NOP << 24 | OPT_NOP << 16 | OPT_SACK << 8 | (2 + 8 * blocks));
                i += 4;
                for (int k = 0; k < 2 * blocks; k++, i += 4) put32(b, i, s.sack[k]);
            }
            return;
        }
        if (s.mss != Segment.NO_MSS) {
            put8(b, i, OPT_MSS);
            put8(b, i + 1, 4);
            put16(b, i + 2, s.mss);
            i += 4;
        }
        if (s.wscale != Segment.NO_WSCALE) {
            put8(b, i, OPT_WSCALE);
            put8(b, i + 1, 3);
            put8(b, i + 2, s.wscale);
            i += 3;
        }
        if (s.sackPermitted) {
            put8(b, i, OPT_SACK_PERM);
            put8(b, i + 1, 2);
            i += 2;
        }
        if (blocks > 0) {
            put8(b, i, OPT_SACK);
            put8(b, i + 1, 2 + 8 * blocks);
            i += 2;
            for (int k = 0; k < 2 * blocks; k++, i += 4) put32(b, i, s.sack[k]);
        }
        if (s.hasTimestamps) {
            put8(b, i, OPT_TS);
            put8(b, i + 1, 10);
            put32(b, i + 2, s.tsVal);
            put32(b, i + 6, s.tsEcr);
            i += 10;
        }
        while ((i - off & 3) != 0) put8(b, i++, OPT_EOL);
    }
}
