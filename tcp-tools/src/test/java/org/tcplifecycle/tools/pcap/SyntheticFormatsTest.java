package org.tcplifecycle.tools.pcap;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-built files covering the format and link-type variants the real captures cannot. */
class SyntheticFormatsTest {
    static final byte[] SYN4 = Ip.tcp4(Ip.v4(10, 0, 0, 1), Ip.v4(10, 0, 0, 2), 1234, 80, 1000, 0, Ip.SYN,
            new byte[0]);
    static final byte[] DATA4 = Ip.tcp4(Ip.v4(10, 0, 0, 2), Ip.v4(10, 0, 0, 1), 80, 1234, 5000, 1001,
            Ip.PSH | Ip.ACK, "payload".getBytes());
    static final byte[] SYN6 = Ip.tcp6(Ip.v6(1), Ip.v6(2), 1234, 80, 7, 0, Ip.SYN, new byte[0]);
    static final byte[] ARP = new byte[28];

    static List<CapturedPacket> read(byte[] file) throws IOException {
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
            return r.readAll();
        }
    }

    static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    @ParameterizedTest(name = "{0} nanos={1}")
    @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
    void classicInBothByteOrdersAndResolutions(String orderName, boolean nanos) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? BIG_ENDIAN : LITTLE_ENDIAN;
        byte[] file = Capture.classic(order, nanos, LinkType.RAW)
                .record(1_700_000_000L, 123_456, SYN4)
                .record(4_000_000_000L, 999_999, SYN6) // unsigned seconds beyond 2^31
                .toBytes();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
            assertThat(r.format()).isEqualTo(nanos ? PcapFormat.PCAP_NANOS : PcapFormat.PCAP_MICROS);
            List<CapturedPacket> p = r.readAll();
            long scale = nanos ? 1 : 1000;
            assertThat(p).extracting(CapturedPacket::timestampNanos).containsExactly(
                    1_700_000_000_000_000_000L + 123_456 * scale, 4_000_000_000_000_000_000L + 999_999 * scale);
            assertThat(p.get(0).ip()).isEqualTo(buf(SYN4));
            assertThat(p.get(1).ip()).isEqualTo(buf(SYN6));
            assertThat(p).extracting(CapturedPacket::number).containsExactly(1L, 2L);
        }
    }

    @Test
    void ethernetVlanPaddingAndNonIpFrames() throws IOException {
        byte[] padded = new byte[46]; // minimum Ethernet payload: a 40-byte SYN gets 6 bytes of padding
        System.arraycopy(SYN4, 0, padded, 0, SYN4.length);
        byte[] file = Capture.classic(LITTLE_ENDIAN, false, LinkType.ETHERNET)
                .record(1, 0, Capture.ethernet(0x0806, ARP))              // 1: ARP, skipped
                .record(2, 0, Capture.ethernet(0x0800, padded))           // 2
                .record(3, 0, Capture.ethernet(0x86DD, SYN6, 100))        // 3: one 802.1Q tag
                .record(4, 0, Capture.ethernet(0x0800, DATA4, 10, 20))    // 4: two tags
                .record(5, 0, Capture.ethernet(0x0800, SYN6))             // 5: EtherType says v4, header v6
                .record(6, 0, Capture.ethernet(0x05DC, SYN4))             // 6: 802.3 length field
                .record(7, 0, new byte[10])                               // 7: runt
                .record(8, 0, Capture.ethernet(0x86DD, SYN6))             // 8
                .toBytes();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
            List<CapturedPacket> p = r.readAll();
            assertThat(p).extracting(CapturedPacket::number).containsExactly(2L, 3L, 4L, 8L);
            assertThat(p).extracting(CapturedPacket::ip)
                    .containsExactly(buf(SYN4), buf(SYN6), buf(DATA4), buf(SYN6));
            assertThat(p.get(0).originalLength()).isEqualTo(60);
            assertThat(r.skipped()).isEqualTo(4);
            assertThat(r.frames()).isEqualTo(8);
        }
    }

    @Test
    void snapshotTruncatedPacketIsReturnedAsCaptured() throws IOException {
        byte[] cut = java.util.Arrays.copyOf(DATA4, 34);
        byte[] file = Capture.classic(BIG_ENDIAN, false, LinkType.ETHERNET)
                .record(1, 0, Capture.ethernet(0x0800, cut), 14 + DATA4.length).toBytes();
        CapturedPacket p = read(file).get(0);
        assertThat(p.ip()).isEqualTo(buf(cut));
        assertThat(p.originalLength()).isEqualTo(14 + DATA4.length);
        assertThat(Ip.u16(p.ip(), 2)).isEqualTo(DATA4.length); // the header still tells the full length
    }

    @Test
    void linuxCookedV1AndV2() throws IOException {
        byte[] v1 = Capture.classic(BIG_ENDIAN, false, LinkType.LINUX_SLL)
                .record(1, 0, Capture.sll(0x0800, SYN4)).record(2, 0, Capture.sll(0x86DD, SYN6))
                .record(3, 0, Capture.sll(0x0806, ARP)).toBytes();
        byte[] v2 = Capture.classic(LITTLE_ENDIAN, false, LinkType.LINUX_SLL2)
                .record(1, 0, Capture.sll2(0x0800, SYN4)).record(2, 0, Capture.sll2(0x86DD, SYN6))
                .record(3, 0, Capture.sll2(0x0806, ARP)).toBytes();
        for (byte[] file : List.of(v1, v2)) {
            assertThat(read(file)).extracting(CapturedPacket::ip).containsExactly(buf(SYN4), buf(SYN6));
        }
    }

    @ParameterizedTest(name = "family {0}")
    @ValueSource(ints = {10, 24, 28, 30})
    void loopbackIpv6FamiliesInEitherByteOrder(int family) throws IOException {
        for (int link : new int[] {LinkType.NULL, LinkType.LOOP}) {
            byte[] file = Capture.classic(LITTLE_ENDIAN, false, link)
                    .record(1, 0, Capture.loopback(family, LITTLE_ENDIAN, SYN6))
                    .record(2, 0, Capture.loopback(family, BIG_ENDIAN, SYN6))
                    .record(3, 0, Capture.loopback(2, BIG_ENDIAN, SYN4))
                    .record(4, 0, Capture.loopback(2, LITTLE_ENDIAN, SYN4))
                    .record(5, 0, Capture.loopback(7, LITTLE_ENDIAN, SYN4)) // AF_UNIX: not IP
                    .toBytes();
            assertThat(read(file)).extracting(CapturedPacket::ip)
                    .containsExactly(buf(SYN6), buf(SYN6), buf(SYN4), buf(SYN4));
        }
    }

    @ParameterizedTest(name = "link type {0}")
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14})
    void rawIpTakesTheVersionFromTheFirstNibble(int link) throws IOException {
        byte[] file = Capture.classic(BIG_ENDIAN, false, link).record(1, 0, SYN4).record(2, 0, SYN6)
                .record(3, 0, new byte[] {0x50, 0, 0, 0}).toBytes();
        assertThat(read(file)).extracting(CapturedPacket::ip).containsExactly(buf(SYN4), buf(SYN6));
    }

    @Test
    void rawIpv4AndIpv6LinkTypesRejectTheOtherVersion() throws IOException {
        byte[] v4 = Capture.classic(BIG_ENDIAN, false, LinkType.IPV4).record(1, 0, SYN4).record(2, 0, SYN6)
                .toBytes();
        byte[] v6 = Capture.classic(BIG_ENDIAN, false, LinkType.IPV6).record(1, 0, SYN4).record(2, 0, SYN6)
                .toBytes();
        assertThat(read(v4)).extracting(CapturedPacket::ip).containsExactly(buf(SYN4));
        assertThat(read(v6)).extracting(CapturedPacket::ip).containsExactly(buf(SYN6));
    }

    @Test
    void unknownLinkTypeIsSkippedNotAnError() throws IOException {
        byte[] file = Capture.classic(BIG_ENDIAN, false, 147).record(1, 0, SYN4).record(2, 0, SYN4).toBytes();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
            assertThat(r.next()).isFalse();
            assertThat(r.skipped()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void pcapngInterfacesResolutionsAndBlockKinds(String orderName) throws IOException {
        ByteOrder o = orderName.equals("BIG_ENDIAN") ? BIG_ENDIAN : LITTLE_ENDIAN;
        Capture c = Capture.pcapng(o);
        long t = 1_700_000_000L;
        c.idb(LinkType.ETHERNET, 0)                                                    // 0: microseconds
                .idb(LinkType.RAW, 65535, c.option(9, new byte[] {9}))                 // 1: nanoseconds
                .idb(LinkType.NULL, 65535, c.option(9, new byte[] {(byte) 0x94}),      // 2: 2^-20 s
                        c.option64(14, 100))                                          //    +100 s offset
                .block(0x0BAD, new byte[] {1, 2, 3})                                    // unknown: skipped
                .block(5, new byte[20])                                                 // statistics: skipped
                .epb(0, t * 1_000_000 + 250_000, Capture.ethernet(0x0800, SYN4))       // 1
                .epb(1, t * 1_000_000_000 + 7, SYN6)                                    // 2
                .epb(2, (t << 20) + (1 << 19), Capture.loopback(2, o, DATA4))           // 3: +0.5 s
                .epb(0, t * 1_000_000, Capture.ethernet(0x0806, ARP))                  // 4: ARP
                .pb(1, t * 1_000_000_000 + 9, SYN4)                                     // 5: obsolete PB
                .spb(Capture.ethernet(0x86DD, SYN6));                                   // 6: no timestamp
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(c.toBytes()))) {
            assertThat(r.format()).isEqualTo(PcapFormat.PCAPNG);
            List<CapturedPacket> p = r.readAll();
            assertThat(p).extracting(CapturedPacket::number).containsExactly(1L, 2L, 3L, 5L, 6L);
            assertThat(p).extracting(CapturedPacket::interfaceId).containsExactly(0, 1, 2, 1, 0);
            assertThat(p).extracting(CapturedPacket::linkType).containsExactly(LinkType.ETHERNET, LinkType.RAW,
                    LinkType.NULL, LinkType.RAW, LinkType.ETHERNET);
            assertThat(p).extracting(CapturedPacket::ip)
                    .containsExactly(buf(SYN4), buf(SYN6), buf(DATA4), buf(SYN4), buf(SYN6));
            assertThat(p).extracting(CapturedPacket::timestampNanos).containsExactly(
                    t * 1_000_000_000 + 250_000_000, t * 1_000_000_000 + 7,
                    (t + 100) * 1_000_000_000 + 500_000_000, t * 1_000_000_000 + 9, PcapReader.NO_TIMESTAMP);
            assertThat(r.skipped()).isEqualTo(1);
        }
    }

    @Test
    void binaryResolutionRoundsDownToTheNanosecond() throws IOException {
        Capture c = Capture.pcapng(LITTLE_ENDIAN);
        c.idb(LinkType.RAW, 0, c.option(9, new byte[] {(byte) 0xA0})) // 2^-32 s
                .epb(0, (5L << 32) | 0x8000_0001L, SYN4)
                .idb(LinkType.RAW, 0, c.option(9, new byte[] {(byte) 0x80})) // 2^0: whole seconds
                .epb(1, 12, SYN4)
                .idb(LinkType.RAW, 0, c.option(9, new byte[] {12})) // picoseconds
                .epb(2, 3_000_000_123_456L, SYN4);
        assertThat(read(c.toBytes())).extracting(CapturedPacket::timestampNanos).containsExactly(
                5_500_000_000L, // 0.5 s + 2^-32 s, which is 0.23 ns
                12_000_000_000L,
                3_000_000_123L);
    }

    @Test
    void sectionsMayChangeByteOrderAndRestartInterfaceNumbers() throws IOException {
        Capture be = Capture.pcapng(BIG_ENDIAN).idb(LinkType.RAW, 0).epb(0, 1_000_000, SYN4);
        Capture le = Capture.pcapng(LITTLE_ENDIAN).idb(LinkType.LINUX_SLL2, 0)
                .epb(0, 2_000_000, Capture.sll2(0x86DD, SYN6));
        byte[] file = new Capture(BIG_ENDIAN).bytes(be.toBytes()).bytes(le.toBytes()).toBytes();
        List<CapturedPacket> p = read(file);
        assertThat(p).extracting(CapturedPacket::linkType).containsExactly(LinkType.RAW, LinkType.LINUX_SLL2);
        assertThat(p).extracting(CapturedPacket::ip).containsExactly(buf(SYN4), buf(SYN6));
        assertThat(p).extracting(CapturedPacket::timestampNanos).containsExactly(1_000_000_000L, 2_000_000_000L);
    }

    @Test
    void simplePacketIsCutToTheInterfaceSnapshotLength() throws IOException {
        // the block holds the frame padded to 4 bytes; the snapshot length of 54 cuts the 61-byte frame
        byte[] frame = Capture.ethernet(0x0800, DATA4);
        byte[] file = Capture.pcapng(BIG_ENDIAN).idb(LinkType.ETHERNET, 54).spb(frame).toBytes();
        CapturedPacket p = read(file).get(0);
        assertThat(p.ip()).isEqualTo(buf(java.util.Arrays.copyOf(DATA4, 40)));
        assertThat(p.originalLength()).isEqualTo(frame.length);
    }

    @Test
    void cursorAccessorsNeedACurrentPacket() throws IOException {
        byte[] file = Capture.classic(BIG_ENDIAN, false, LinkType.RAW).record(1, 0, SYN4).toBytes();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
            org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(r::ip);
            assertThat(r.next()).isTrue();
            assertThat(r.recordOffset()).isEqualTo(24);
            assertThat(r.next()).isFalse();
            org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(r::number);
        }
    }
}
