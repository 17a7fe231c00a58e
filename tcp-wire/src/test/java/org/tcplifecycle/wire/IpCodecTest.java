package org.tcplifecycle.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.IpAddress;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;

class IpCodecTest {
    /* IPv4: version 4, IHL 5, total 60, ID 1234, DF, TTL 64, TCP; header checksum 3c51 (see ChecksumTest). */
    static final String V4_SYN = "4500 003c | 1234 4000 | 40 06 3c51 | c0000201 | c6336402 | " + TcpCodecTest.SYN;
    /* IPv6: version 6, payload 24, next header TCP, hop limit 64, 2001:db8::1 -> 2001:db8::2. */
    static final String V6_SRC = "20010db8000000000000000000000001";
    static final String V6_DST = "20010db8000000000000000000000002";
    static final String V6_FIN = "60000000 | 0018 06 40 | " + V6_SRC + V6_DST + TcpCodecTest.FIN;

    static int decode(byte[] p, Segment s, int checks) {
        return IpCodec.decode(ByteBuffer.wrap(p), 0, p.length, s, checks);
    }

    static int decode(String hex, int checks) {
        return decode(Hex.bytes(hex), new Segment(), checks);
    }

    /** IPv4 packet with its header checksum recomputed after an edit. */
    static byte[] fixV4(byte[] p) {
        int ihl = (p[0] & 0xf) * 4;
        p[10] = 0;
        p[11] = 0;
        int c = Checksum.finish(Checksum.sum(p, 0, ihl, 0));
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        return p;
    }

    @Test
    void encodesHandBuiltPackets() {
        for (boolean direct : new boolean[] {false, true}) {
            for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                ByteBuffer b = (direct ? ByteBuffer.allocateDirect(200) : ByteBuffer.allocate(200)).order(o);
                assertThat(IpCodec.encode(TcpCodecTest.synSegment(), b, 9, OptionLayout.LINUX, 0x1234)).isEqualTo(60);
                assertThat(Hex.str(b, 9, 60)).isEqualTo(Hex.str(Hex.bytes(V4_SYN)));
                assertThat(IpCodec.encode(TcpCodecTest.finSegment(), b, 100, OptionLayout.LINUX, 0x1234)).isEqualTo(64);
                assertThat(Hex.str(b, 100, 64)).isEqualTo(Hex.str(Hex.bytes(V6_FIN)));
            }
        }
        assertThat(IpCodec.encodedLength(TcpCodecTest.synSegment(), OptionLayout.LINUX)).isEqualTo(60);
        assertThat(IpCodec.encodedLength(TcpCodecTest.finSegment(), OptionLayout.LINUX)).isEqualTo(64);
    }

    @Test
    void ipIdIsTheParameter() {
        ByteBuffer b = ByteBuffer.allocate(60);
        IpCodec.encode(TcpCodecTest.synSegment(), b, 0, OptionLayout.LINUX, 0xabcd);
        assertThat(b.getShort(4) & 0xffff).isEqualTo(0xabcd);
        assertThat(decode(b.array(), new Segment(), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
    }

    @Test
    void decodesV4Packet() {
        byte[] p = Hex.bytes(V4_SYN);
        ByteBuffer b = Hex.buffer(p, 5, 0, true, ByteOrder.LITTLE_ENDIAN);
        Segment s = new Segment();
        s.ipv6 = true;
        s.srcHi = 77;
        assertThat(IpCodec.decode(b, 5, 60, s, IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        assertThat(s.ipv6).isFalse();
        assertThat(s.srcHi).isZero();
        assertThat(s.srcLo).isEqualTo(0xc0000201L);
        assertThat(s.dstLo).isEqualTo(0xc6336402L);
        assertThat(s.toString()).isEqualTo(TcpCodecTest.synSegment().toString());
        assertThat(s.payloadOffset).isEqualTo(65);
    }

    @Test
    void decodesV6Packet() {
        Segment s = new Segment();
        ByteBuffer b = ByteBuffer.wrap(Hex.bytes(V6_FIN));
        assertThat(IpCodec.decode(b, 0, 64, s, IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        Segment e = TcpCodecTest.finSegment();
        assertThat(s.ipv6).isTrue();
        assertThat(new long[] {s.srcHi, s.srcLo, s.dstHi, s.dstLo}).containsExactly(e.srcHi, e.srcLo, e.dstHi, e.dstLo);
        assertThat(s.toString()).isEqualTo(e.toString());
        assertThat(s.payload).isSameAs(b);
        assertThat(s.payloadOffset).isEqualTo(60);
        assertThat(s.payloadBytes()).containsExactly('b', 'y', 'e', '\n');
    }

    @Test
    void trailingLinkPaddingIsIgnored() {
        Segment s = new Segment();
        assertThat(decode(V4_SYN + "000000000000", IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        assertThat(decode(Hex.bytes(V6_FIN + "0000"), s, IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        assertThat(s.payloadLength).isEqualTo(4);
    }

    @Test
    void v4Options() {
        // IHL 6 with NOP NOP NOP EOL; total 64
        String p = "4600 0040 | 1234 4000 | 40 06 0000 | c0000201 | c6336402 | 01010100 | " + TcpCodecTest.SYN;
        Segment s = new Segment();
        assertThat(decode(fixV4(Hex.bytes(p)), s, IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        assertThat(s.mss).isEqualTo(1460);
    }

    @Test
    void malformedV4() {
        assertThat(decode("", IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode("5500 003c", IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.BAD_IP_VERSION);
        assertThat(decode("0500 003c", IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.BAD_IP_VERSION);
        assertThat(decode(V4_SYN.substring(0, 38), IpCodec.CHECK_ALL)).as("19 bytes").isEqualTo(DecodeResult.TRUNCATED);

        byte[] p = Hex.bytes(V4_SYN);
        p[0] = 0x44;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_ALL)).as("IHL 4").isEqualTo(DecodeResult.BAD_IP_HEADER);

        p = Hex.bytes(V4_SYN);
        p[3] = 19;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_ALL)).as("total < IHL").isEqualTo(DecodeResult.BAD_IP_HEADER);

        p = Hex.bytes(V4_SYN);
        p[3] = 61;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_ALL)).as("total > buffer").isEqualTo(DecodeResult.TRUNCATED);

        p = Hex.bytes(V4_SYN);
        p[8] = 63;
        assertThat(decode(p, new Segment(), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.BAD_IP_CHECKSUM);
        assertThat(decode(p, new Segment(), IpCodec.CHECK_TCP)).as("IP header check off").isEqualTo(DecodeResult.OK);

        p = Hex.bytes(V4_SYN);
        p[6] = 0x20;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_ALL)).as("MF").isEqualTo(DecodeResult.FRAGMENT);
        p = Hex.bytes(V4_SYN);
        p[6] = 0x40;
        p[7] = 0x01;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_ALL)).as("offset").isEqualTo(DecodeResult.FRAGMENT);
        p = Hex.bytes(V4_SYN);
        p[6] = 0;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_ALL)).as("DF clear is fine").isEqualTo(DecodeResult.OK);

        p = Hex.bytes(V4_SYN);
        p[9] = 17;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.NOT_TCP);

        p = Hex.bytes(V4_SYN);
        p[20 + 12] = 0x40;
        assertThat(decode(p, new Segment(), IpCodec.CHECK_NONE)).isEqualTo(DecodeResult.BAD_DATA_OFFSET);

        p = Hex.bytes(V4_SYN);
        p[p.length - 1] ^= 1;
        assertThat(decode(p, new Segment(), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.BAD_CHECKSUM);
        assertThat(decode(p, new Segment(), IpCodec.CHECK_IP)).as("TCP check off").isEqualTo(DecodeResult.OK);

        // the TCP segment is bounded by the IP total length, not by the buffer
        p = Hex.bytes(V4_SYN + "00000000");
        p[3] = 56;
        assertThat(decode(fixV4(p), new Segment(), IpCodec.CHECK_IP)).isEqualTo(DecodeResult.BAD_DATA_OFFSET);
    }

    static String v6(int payloadLen, int nextHeader, String rest) {
        return String.format("60000000 %04x %02x 40", payloadLen, nextHeader) + V6_SRC + V6_DST + rest;
    }

    @Test
    void malformedV6() {
        assertThat(decode(V6_FIN.substring(0, 78), IpCodec.CHECK_ALL)).as("39 bytes").isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode(v6(25, 6, TcpCodecTest.FIN), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode(v6(24, 17, TcpCodecTest.FIN), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.NOT_TCP);
        assertThat(decode(v6(24, 59, TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("no next header").isEqualTo(DecodeResult.NOT_TCP);
        assertThat(decode(v6(23, 6, TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("shorter TCP length").isEqualTo(DecodeResult.BAD_CHECKSUM);
        assertThat(decode(v6(19, 6, TcpCodecTest.FIN), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode("7" + V6_FIN.substring(1), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.BAD_IP_VERSION);
        String bad = TcpCodecTest.FIN.replace("a697", "a696");
        assertThat(decode(v6(24, 6, bad), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.BAD_CHECKSUM);
        assertThat(decode(v6(24, 6, bad), IpCodec.CHECK_IP)).isEqualTo(DecodeResult.OK);
    }

    // Extension headers: 8 bytes each, next header first. PadN option 01 04 00000000 fills the options ones.
    static final String HBH_TO_TCP = "06 00 0104 00000000";
    static final String HBH_TO_DST = "3c 00 0104 00000000";
    static final String DST_TO_TCP = "06 00 0104 00000000";
    static final String DST_TO_HBH = "00 00 0104 00000000";

    @Test
    void skipsExtensionHeaders() {
        Segment s = new Segment();
        assertThat(decode(Hex.bytes(v6(32, 0, HBH_TO_TCP + TcpCodecTest.FIN)), s, IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        assertThat(s.payloadOffset).isEqualTo(68);
        assertThat(s.payloadLength).isEqualTo(4);
        assertThat(decode(v6(40, 0, HBH_TO_DST + DST_TO_TCP + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        // routing header, type 4, Segments Left 0: ignored
        assertThat(decode(v6(32, 43, "06 00 04 00 00000000" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        // two-unit destination options (16 bytes)
        assertThat(decode(v6(40, 60, "06 01 010c 00000000 00000000 00000000" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        // atomic fragment: offset 0, M clear
        assertThat(decode(v6(32, 44, "06 00 0000 12345678" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
    }

    @Test
    void rejectsBadExtensionHeaders() {
        assertThat(decode(v6(32, 44, "06 00 0001 12345678" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("M set").isEqualTo(DecodeResult.FRAGMENT);
        assertThat(decode(v6(32, 44, "06 00 0008 12345678" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("offset").isEqualTo(DecodeResult.FRAGMENT);
        assertThat(decode(v6(32, 44, "06 00 0006 12345678" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("reserved bits only").isEqualTo(DecodeResult.OK);
        assertThat(decode(v6(40, 60, DST_TO_HBH + HBH_TO_TCP + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("late hop-by-hop")
                .isEqualTo(DecodeResult.BAD_EXT_HEADER);
        assertThat(decode(v6(32, 43, "06 00 04 01 00000000" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("segments left")
                .isEqualTo(DecodeResult.BAD_EXT_HEADER);
        assertThat(decode(v6(32, 60, "06 04 0104 00000000" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("longer than payload")
                .isEqualTo(DecodeResult.BAD_EXT_HEADER);
        assertThat(decode(v6(4, 60, "0600 0102" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("under 8 bytes left")
                .isEqualTo(DecodeResult.BAD_EXT_HEADER);
        assertThat(decode(v6(32, 51, "06 00 0000 00000000" + TcpCodecTest.FIN), IpCodec.CHECK_ALL)).as("AH").isEqualTo(DecodeResult.NOT_TCP);
        assertThat(decode(v6(8, 0, "3b 00 0104 00000000"), IpCodec.CHECK_ALL)).as("to no next header").isEqualTo(DecodeResult.NOT_TCP);
    }

    @Test
    void countsDrops() {
        DropCounters drops = new DropCounters();
        Segment s = new Segment();
        byte[] ok = Hex.bytes(V4_SYN);
        byte[] bad = Hex.bytes(V4_SYN);
        bad[8] = 1;
        ByteBuffer okb = ByteBuffer.wrap(ok);
        ByteBuffer badb = ByteBuffer.wrap(bad);
        assertThat(IpCodec.decode(okb, 0, 60, s, IpCodec.CHECK_ALL, drops)).isEqualTo(DecodeResult.OK);
        assertThat(IpCodec.decode(badb, 0, 60, s, IpCodec.CHECK_ALL, drops)).isEqualTo(DecodeResult.BAD_IP_CHECKSUM);
        assertThat(IpCodec.decode(badb, 0, 60, s, IpCodec.CHECK_ALL, drops)).isEqualTo(DecodeResult.BAD_IP_CHECKSUM);
        assertThat(IpCodec.decode(okb, 0, 59, s, IpCodec.CHECK_ALL, drops)).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(IpCodec.decode(okb, 30, 59, s, IpCodec.CHECK_ALL, drops)).isEqualTo(DecodeResult.OUT_OF_BOUNDS);
        assertThat(drops.get(DecodeResult.BAD_IP_CHECKSUM)).isEqualTo(2);
        assertThat(drops.get(DecodeResult.TRUNCATED)).isEqualTo(1);
        assertThat(drops.get(DecodeResult.OUT_OF_BOUNDS)).isEqualTo(1);
        assertThat(drops.get(DecodeResult.OK)).isZero();
        assertThat(drops.total()).isEqualTo(4);
        assertThat(drops.snapshot(new long[DecodeResult.COUNT])).containsExactly(0, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0);
        assertThat(drops.toString()).isEqualTo("drops{total=4, OUT_OF_BOUNDS=1, TRUNCATED=1, BAD_IP_CHECKSUM=2}");
        drops.reset();
        assertThat(drops.total()).isZero();
    }

    @Test
    void resultNames() {
        assertThat(DecodeResult.name(DecodeResult.OK)).isEqualTo("OK");
        assertThat(DecodeResult.name(DecodeResult.BAD_CHECKSUM)).isEqualTo("BAD_CHECKSUM");
        assertThat(DecodeResult.name(DecodeResult.FRAGMENT)).isEqualTo("FRAGMENT");
        assertThat(DecodeResult.tag(DecodeResult.NOT_TCP)).isEqualTo("not_tcp");
        assertThat(DecodeResult.name(99)).isEqualTo("UNKNOWN(99)");
        // every code has its own name, matching its constant
        for (var f : DecodeResult.class.getFields()) {
            if (f.getType() == int.class && !f.getName().equals("COUNT")) {
                try {
                    assertThat(DecodeResult.name(f.getInt(null))).isEqualTo(f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void encodeRejectsOversizeAndMissingRoom() {
        Segment s = TcpCodecTest.synSegment();
        s.payload = ByteBuffer.allocate(70000);
        s.payloadLength = 65535 - 40 - 20 + 1;
        assertThatThrownBy(() -> IpCodec.encode(s, ByteBuffer.allocate(70000), 0, OptionLayout.LINUX, 0))
                .isInstanceOf(IllegalArgumentException.class);
        s.payloadLength = 65535 - 40 - 20;
        assertThat(IpCodec.encode(s, ByteBuffer.allocate(70000), 0, OptionLayout.LINUX, 0)).isEqualTo(65535);
        s.ipv6 = true;
        // IPv6 payload length counts only the TCP bytes
        s.payloadLength = 65535 - 40;
        assertThat(IpCodec.encode(s, ByteBuffer.allocate(70000), 0, OptionLayout.LINUX, 0)).isEqualTo(65535 + 40);
        assertThatThrownBy(() -> IpCodec.encode(TcpCodecTest.finSegment(), ByteBuffer.allocate(63), 0, OptionLayout.LINUX, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IpAddress.format(false, 0, 0xc0000201L)).isEqualTo("192.0.2.1");
        assertThat(TcpFlags.str(TcpCodecTest.finSegment().flags)).isEqualTo("FP.");
    }
}
