package org.tcplifecycle.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.IpAddress;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;

/**
 * Byte vectors laid out by hand from RFC 9293 §3.1; checksums summed by hand (shown) over the
 * pseudo-header and segment.
 */
class TcpCodecTest {
    /*
     * SYN 192.0.2.1:40000 -> 198.51.100.2:80, seq 9a3bc2d1, win 64240, MSS 1460, SACK-perm,
     * TS 4096/0, wscale 7 in Linux order. Data offset 10 (40 bytes).
     * Sum: pseudo ec65 + 9c40 0050 9a3b c2d1 a002 faf0 + 0204 05b4 0402 080a 1000 0103 0307 = a8c5,
     * checksum 573a.
     */
    static final String SYN = "9c40 0050 | 9a3bc2d1 | 00000000 | a0 02 | faf0 | 573a | 0000"
            + "| 020405b4 | 0402080a | 00001000 | 00000000 | 01030307";

    /*
     * Pure ACK 198.51.100.2:80 -> 192.0.2.1:40000, seq 5e0f1a2b, ack 9a3bc2d2, win 502, NOP NOP TS
     * 0xabcd/4096; data offset 8. Sum a516, checksum 5ae9.
     */
    static final String ACK = "0050 9c40 | 5e0f1a2b | 9a3bc2d2 | 80 10 | 01f6 | 5ae9 | 0000 | 0101080a | 0000abcd | 00001000";

    /*
     * FIN+PSH+ACK [2001:db8::1]:50000 -> [2001:db8::2]:443, seq 100, ack 200, win 8192, no options,
     * payload "bye\n". Pseudo 5b93 (length 24). Sum 5968, checksum a697.
     */
    static final String FIN = "c350 01bb | 00000064 | 000000c8 | 50 19 | 2000 | a697 | 0000 | 6279650a";

    static Segment synSegment() {
        Segment s = new Segment();
        s.srcLo = IpAddress.v4("192.0.2.1") & 0xFFFF_FFFFL;
        s.dstLo = IpAddress.v4("198.51.100.2") & 0xFFFF_FFFFL;
        s.srcPort = 40000;
        s.dstPort = 80;
        s.seq = 0x9a3bc2d1;
        s.flags = TcpFlags.SYN;
        s.window = 64240;
        s.mss = 1460;
        s.sackPermitted = true;
        s.hasTimestamps = true;
        s.tsVal = 4096;
        s.wscale = 7;
        return s;
    }

    static Segment ackSegment() {
        Segment s = new Segment().replyTo(synSegment());
        s.seq = 0x5e0f1a2b;
        s.ack = 0x9a3bc2d2;
        s.flags = TcpFlags.ACK;
        s.window = 502;
        s.hasTimestamps = true;
        s.tsVal = 0xabcd;
        s.tsEcr = 4096;
        return s;
    }

    static Segment finSegment() {
        Segment s = new Segment();
        s.ipv6 = true;
        long[] a = IpAddress.v6("2001:db8::1");
        long[] b = IpAddress.v6("2001:db8::2");
        s.srcHi = a[0];
        s.srcLo = a[1];
        s.dstHi = b[0];
        s.dstLo = b[1];
        s.srcPort = 50000;
        s.dstPort = 443;
        s.seq = 100;
        s.ack = 200;
        s.flags = TcpFlags.FIN | TcpFlags.PSH | TcpFlags.ACK;
        s.window = 8192;
        s.payload = ByteBuffer.wrap("bye\n".getBytes(StandardCharsets.US_ASCII));
        s.payloadLength = 4;
        return s;
    }

    static String encode(Segment s, OptionLayout layout, boolean direct, ByteOrder order) {
        int n = TcpCodec.encodedLength(s, layout);
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(n + 10) : ByteBuffer.allocate(n + 10);
        b.order(order);
        b.position(3);
        assertThat(TcpCodec.encode(s, b, 5, layout)).isEqualTo(n);
        assertThat(b.position()).as("position untouched").isEqualTo(3);
        return Hex.str(b, 5, n);
    }

    @Test
    void encodesHandBuiltVectors() {
        for (boolean direct : new boolean[] {false, true}) {
            for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                assertThat(encode(synSegment(), OptionLayout.LINUX, direct, o)).isEqualTo(Hex.str(Hex.bytes(SYN)));
                assertThat(encode(ackSegment(), OptionLayout.LINUX, direct, o)).isEqualTo(Hex.str(Hex.bytes(ACK)));
                assertThat(encode(finSegment(), OptionLayout.LINUX, direct, o)).isEqualTo(Hex.str(Hex.bytes(FIN)));
            }
        }
    }

    @Test
    void decodesSyn() {
        ByteBuffer b = Hex.buffer(Hex.bytes(SYN), 7, 0, true, ByteOrder.BIG_ENDIAN);
        Segment s = new Segment();
        s.srcLo = IpAddress.v4("192.0.2.1") & 0xFFFF_FFFFL;
        s.dstLo = IpAddress.v4("198.51.100.2") & 0xFFFF_FFFFL;
        assertThat(TcpCodec.decode(b, 7, 40, s, true)).isEqualTo(DecodeResult.OK);
        assertThat(s.srcPort).isEqualTo(40000);
        assertThat(s.dstPort).isEqualTo(80);
        assertThat(s.seq).isEqualTo(0x9a3bc2d1);
        assertThat(s.ack).isZero();
        assertThat(s.flags).isEqualTo(TcpFlags.SYN);
        assertThat(s.window).isEqualTo(64240);
        assertThat(s.mss).isEqualTo(1460);
        assertThat(s.sackPermitted).isTrue();
        assertThat(s.hasTimestamps).isTrue();
        assertThat(s.tsVal).isEqualTo(4096);
        assertThat(s.tsEcr).isZero();
        assertThat(s.wscale).isEqualTo(7);
        assertThat(s.sackBlocks).isZero();
        assertThat(s.payload).isSameAs(b);
        assertThat(s.payloadOffset).isEqualTo(47);
        assertThat(s.payloadLength).isZero();
    }

    @Test
    void decodesAck() {
        Segment s = ackSegment();
        Segment d = new Segment().replyTo(synSegment());
        ByteBuffer b = ByteBuffer.wrap(Hex.bytes(ACK)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(TcpCodec.decode(b, 0, 32, d, true)).isEqualTo(DecodeResult.OK);
        assertThat(d.toString()).isEqualTo(s.toString());
        assertThat(d.ack).isEqualTo(0x9a3bc2d2);
        assertThat(d.mss).isEqualTo(Segment.NO_MSS);
        assertThat(d.wscale).isEqualTo(Segment.NO_WSCALE);
        assertThat(d.sackPermitted).isFalse();
        assertThat(d.tsEcr).isEqualTo(4096);
    }

    @Test
    void decodesFinWithPayloadInPlace() {
        Segment d = new Segment().copyFrom(finSegment());
        d.payload = null;
        ByteBuffer b = ByteBuffer.wrap(Hex.bytes(FIN));
        assertThat(TcpCodec.decode(b, 0, 24, d, true)).isEqualTo(DecodeResult.OK);
        assertThat(d.flags).isEqualTo(TcpFlags.FIN | TcpFlags.PSH | TcpFlags.ACK);
        assertThat(d.payload).isSameAs(b);
        assertThat(d.payloadOffset).isEqualTo(20);
        assertThat(new String(d.payloadBytes(), StandardCharsets.US_ASCII)).isEqualTo("bye\n");
        assertThat(d.len()).isEqualTo(5);
    }

    @Test
    void checksumDependsOnPseudoHeader() {
        Segment d = new Segment();
        d.srcLo = IpAddress.v4("192.0.2.9") & 0xFFFF_FFFFL;
        d.dstLo = IpAddress.v4("198.51.100.2") & 0xFFFF_FFFFL;
        ByteBuffer b = ByteBuffer.wrap(Hex.bytes(SYN));
        assertThat(TcpCodec.decode(b, 0, 40, d, true)).isEqualTo(DecodeResult.BAD_CHECKSUM);
        assertThat(TcpCodec.decode(b, 0, 40, d, false)).isEqualTo(DecodeResult.OK);
        assertThat(d.mss).isEqualTo(1460);
    }

    @Test
    void packedLayout() {
        // MSS 1460, wscale 7, SACK-perm, TS 4096/0 with no NOP: 4 + 3 + 2 + 10 = 19, one EOL -> 20
        Segment s = synSegment();
        assertThat(TcpCodec.optionsLength(s, OptionLayout.PACKED)).isEqualTo(20);
        String hex = encode(s, OptionLayout.PACKED, false, ByteOrder.BIG_ENDIAN);
        assertThat(hex.substring(40)).isEqualTo("020405b4" + "030307" + "0402" + "080a0000100000000000" + "00");
        Segment d = new Segment().copyFrom(s).clearOptions();
        assertThat(TcpCodec.decode(ByteBuffer.wrap(Hex.bytes(hex)), 0, 40, d, true)).isEqualTo(DecodeResult.OK);
        assertThat(d.toString()).isEqualTo(s.toString());
    }

    @Test
    void linuxSynAckWithoutTimestamps() {
        // peer offered no TS: MSS, NOP NOP SACK-perm, NOP wscale
        Segment s = synSegment();
        s.hasTimestamps = false;
        s.flags = TcpFlags.SYN | TcpFlags.ACK;
        String hex = encode(s, OptionLayout.LINUX, false, ByteOrder.BIG_ENDIAN);
        assertThat(hex.substring(24, 26)).isEqualTo("80");
        assertThat(hex.substring(40)).isEqualTo("020405b4" + "01010402" + "01030307");
    }

    @Test
    void sackBlocksLimitedByRoom() {
        Segment s = ackSegment();
        s.sackBlocks = 4;
        for (int i = 0; i < 8; i++) s.sack[i] = 1000 * (i + 1);
        // TS takes 12 of 40 bytes: NOP NOP SACK header (4) + 3 blocks (24) fit, a fourth would not
        assertThat(TcpCodec.sackBlocksEncoded(s, OptionLayout.LINUX)).isEqualTo(3);
        assertThat(TcpCodec.optionsLength(s, OptionLayout.LINUX)).isEqualTo(40);
        String hex = encode(s, OptionLayout.LINUX, false, ByteOrder.BIG_ENDIAN);
        assertThat(hex.substring(64)).isEqualTo("0101051a" + "000003e8000007d0" + "00000bb800000fa0" + "0000138800001770");
        Segment d = new Segment().replyTo(synSegment());
        assertThat(TcpCodec.decode(ByteBuffer.wrap(Hex.bytes(hex)), 0, 60, d, true)).isEqualTo(DecodeResult.OK);
        assertThat(d.sackBlocks).isEqualTo(3);
        assertThat(d.sack).startsWith(1000, 2000, 3000, 4000, 5000, 6000);

        s.hasTimestamps = false;
        assertThat(TcpCodec.sackBlocksEncoded(s, OptionLayout.LINUX)).isEqualTo(4);
        assertThat(TcpCodec.optionsLength(s, OptionLayout.LINUX)).isEqualTo(36);
        assertThat(TcpCodec.sackBlocksEncoded(s, OptionLayout.PACKED)).isEqualTo(4);
        assertThat(TcpCodec.optionsLength(s, OptionLayout.PACKED)).isEqualTo(36);
    }

    @Test
    void payloadAlreadyInPlaceIsNotCopied() {
        Segment s = finSegment();
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put(20, "bye\n".getBytes(StandardCharsets.US_ASCII));
        s.payload = b;
        s.payloadOffset = 20;
        TcpCodec.encode(s, b, 0, OptionLayout.LINUX);
        assertThat(Hex.str(b, 0, 24)).isEqualTo(Hex.str(Hex.bytes(FIN)));
    }

    @Test
    void encodeRejectsMissingRoom() {
        ByteBuffer b = ByteBuffer.allocate(39);
        assertThatThrownBy(() -> TcpCodec.encode(synSegment(), b, 0, OptionLayout.LINUX)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpCodec.encode(synSegment(), ByteBuffer.allocate(60), 21, OptionLayout.LINUX))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- malformed input

    /** Decode {@code hex} (checksum not verified, so fields can be edited freely). */
    static int decode(String hex, Segment s) {
        byte[] d = Hex.bytes(hex);
        return TcpCodec.decode(ByteBuffer.wrap(d), 0, d.length, s, false);
    }

    static final String BASE = "0050 9c40 00000001 00000002";

    @Test
    void truncatedAndBadDataOffset() {
        Segment s = new Segment();
        assertThat(decode("0050 9c40 00000001 00000002 50 10 0100 0000 00", s)).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode(BASE + "40 10 0100 0000 0000", s)).isEqualTo(DecodeResult.BAD_DATA_OFFSET);
        assertThat(decode(BASE + "00 10 0100 0000 0000", s)).isEqualTo(DecodeResult.BAD_DATA_OFFSET);
        assertThat(decode(BASE + "60 10 0100 0000 0000 010101", s)).isEqualTo(DecodeResult.BAD_DATA_OFFSET);
        assertThat(decode(BASE + "f0 10 0100 0000 0000" + "00".repeat(39), s)).isEqualTo(DecodeResult.BAD_DATA_OFFSET);
        assertThat(decode(BASE + "f0 10 0100 0000 0000" + "00".repeat(40), s)).isEqualTo(DecodeResult.OK);
    }

    @Test
    void outOfBoundsRegionIsReportedNotThrown() {
        ByteBuffer b = ByteBuffer.wrap(Hex.bytes(SYN));
        Segment s = new Segment();
        assertThat(TcpCodec.decode(b, 1, 40, s, false)).isEqualTo(DecodeResult.OUT_OF_BOUNDS);
        assertThat(TcpCodec.decode(b, -1, 20, s, false)).isEqualTo(DecodeResult.OUT_OF_BOUNDS);
        assertThat(TcpCodec.decode(b, 0, -5, s, false)).isEqualTo(DecodeResult.OUT_OF_BOUNDS);
        assertThat(TcpCodec.decode(b, Integer.MAX_VALUE, 20, s, false)).isEqualTo(DecodeResult.OUT_OF_BOUNDS);
        b.limit(39);
        assertThat(TcpCodec.decode(b, 0, 40, s, false)).isEqualTo(DecodeResult.OUT_OF_BOUNDS);
    }

    @Test
    void badOptionLengths() {
        Segment s = new Segment();
        // zero length
        assertThat(decode(BASE + "60 10 0100 0000 0000 | 0f00 0000", s)).isEqualTo(DecodeResult.BAD_OPTION_LENGTH);
        // length 1
        assertThat(decode(BASE + "60 10 0100 0000 0000 | 0101 1e01", s)).isEqualTo(DecodeResult.BAD_OPTION_LENGTH);
        // runs past the header (TS needs 10, 4 left)
        assertThat(decode(BASE + "60 10 0100 0000 0000 | 080a 0000", s)).isEqualTo(DecodeResult.BAD_OPTION_LENGTH);
        // kind in the last byte with no length byte
        assertThat(decode(BASE + "60 10 0100 0000 0000 | 0101 0102", s)).isEqualTo(DecodeResult.BAD_OPTION_LENGTH);
        // the payload does not count as option space
        assertThat(decode(BASE + "60 10 0100 0000 0000 | 0101 0204 | 05b4", s)).isEqualTo(DecodeResult.BAD_OPTION_LENGTH);
    }

    @Test
    void optionParsingRules() {
        Segment s = new Segment();
        // EOL stops parsing: the bytes after it are not options
        assertThat(decode(BASE + "70 02 0100 0000 0000 | 00 0204 05 | b4 000000", s)).isEqualTo(DecodeResult.OK);
        assertThat(s.mss).isEqualTo(Segment.NO_MSS);
        // unknown kind 0x1e with length 4 is skipped; then MSS
        assertThat(decode(BASE + "70 02 0100 0000 0000 | 1e04 abcd | 0204 0218", s)).isEqualTo(DecodeResult.OK);
        assertThat(s.mss).isEqualTo(536);
        // MSS with length 3 and window scale with length 4 are ignored, not errors
        assertThat(decode(BASE + "70 02 0100 0000 0000 | 020305 | 03040e00 | 00", s)).isEqualTo(DecodeResult.OK);
        assertThat(s.mss).isEqualTo(Segment.NO_MSS);
        assertThat(s.wscale).isEqualTo(Segment.NO_WSCALE);
        // SACK with a length that is not 2 + 8n is ignored
        assertThat(decode(BASE + "80 10 0100 0000 0000 | 050b 00000001 00000002 00 | 00", s)).isEqualTo(DecodeResult.OK);
        assertThat(s.sackBlocks).isZero();
        // window scale above 14 is reported as sent; clamping is the connection's business
        assertThat(decode(BASE + "60 02 0100 0000 0000 | 03031e01", s)).isEqualTo(DecodeResult.OK);
        assertThat(s.wscale).isEqualTo(30);
        // reserved bits of byte 12 are ignored
        assertThat(decode(BASE + "5f 12 0100 0000 0000", s)).isEqualTo(DecodeResult.OK);
        assertThat(s.flags).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
        // options of a previous decode do not leak into the next
        assertThat(s.wscale).isEqualTo(Segment.NO_WSCALE);
    }

    @Test
    void fourSackBlocksDecode() {
        Segment s = new Segment();
        String blocks = "00000001 00000002 00000003 00000004 00000005 00000006 00000007 00000008";
        assertThat(decode(BASE + "f0 10 0100 0000 0000 | 0101 0522 " + blocks + " | 0101 0101", s)).isEqualTo(DecodeResult.OK);
        assertThat(s.sackBlocks).isEqualTo(4);
        assertThat(s.sack).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }
}
