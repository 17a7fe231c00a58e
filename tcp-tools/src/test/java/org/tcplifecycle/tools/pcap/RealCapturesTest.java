package org.tcplifecycle.tools.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the loopback captures recorded by captures/make-captures.sh and checks each packet against what
 * tshark shows for the same file (listed in captures/README.md).
 */
class RealCapturesTest {

    static Path capture(String name) {
        try {
            return Path.of(RealCapturesTest.class.getResource("/captures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<CapturedPacket> read(String name) {
        try {
            return PcapReader.readAll(capture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One word per packet: who sent it (c = client, s = server port, x = both ends are the same port), the
     * TCP flags as letters, and ":n" for n payload bytes.
     */
    static String exchange(List<CapturedPacket> packets, int serverPort) {
        return packets.stream().map(p -> {
            ByteBuffer ip = p.ip();
            int src = Ip.srcPort(ip);
            int dst = Ip.dstPort(ip);
            String who = src == dst ? "x" : dst == serverPort ? "c" : src == serverPort ? "s" : "?";
            int f = Ip.flags(ip);
            String letters = ((f & Ip.FIN) != 0 ? "F" : "") + ((f & Ip.SYN) != 0 ? "S" : "")
                    + ((f & Ip.RST) != 0 ? "R" : "") + ((f & Ip.PSH) != 0 ? "P" : "")
                    + ((f & Ip.ACK) != 0 ? "A" : "");
            int len = Ip.payload(ip);
            return who + letters + (len > 0 ? ":" + len : "");
        }).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            close-client.pcap  | 40001 | 4 | cS sSA cA cPA:5 sA sPA:5 cA cFA sA sFA cA
            close-server.pcap  | 40002 | 4 | cS sSA cA cPA:5 sA sPA:5 cA sFA cA cFA sA
            half-close.pcap    | 40003 | 4 | cS sSA cA cPA:7 sA cFA sA sPA:3 cA sPA:3 cA sPA:5 cA sFA cA
            linger0.pcap       | 40004 | 4 | cS sSA cA cPA:5 sA sPA:5 cA cRA
            unread-data.pcap   | 40005 | 4 | cS sSA cA cPA:11 sA sRA
            refused.pcap       | 40006 | 4 | cS sRA
            self-connect.pcap  | 40007 | 4 | xS xSA xA xPA:4 xA xFA xA
            ipv6.pcap          | 40008 | 6 | cS sSA cA cPA:5 sA sPA:5 cA cFA sA sFA cA
            cooked-lo.pcap     | 40109 | 4 | cS sSA cA cPA:5 sA sPA:5 cA cFA sA sFA cA
            cooked-sll.pcap    | 40109 | 4 | cS sSA cA cPA:5 sA sPA:5 cA cFA sA sFA cA
            cooked-sll2.pcap   | 40109 | 4 | cS sSA cA cPA:5 sA sPA:5 cA cFA sA sFA cA
            close-client.pcapng| 40001 | 4 | cS sSA cA cPA:5 sA sPA:5 cA cFA sA sFA cA
            """)
    void everyPacketMatchesTheScenario(String file, int serverPort, int version, String expected)
            throws IOException {
        List<CapturedPacket> packets;
        try (PcapReader r = PcapReader.open(capture(file))) {
            packets = r.readAll();
            assertThat(r.skipped()).isZero();
            assertThat(r.frames()).isEqualTo(packets.size());
        }
        assertThat(exchange(packets, serverPort)).isEqualTo(expected);
        assertThat(packets).extracting(CapturedPacket::number)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, packets.size()).boxed()
                        .toList());
        for (CapturedPacket p : packets) {
            assertThat(Ip.version(p.ip())).isEqualTo(version);
            assertThat(Ip.protocol(p.ip())).isEqualTo(6);
        }
        assertThat(packets).extracting(CapturedPacket::timestampNanos).isSorted();
    }

    @Test
    void headerFieldsOfTheFirstClientCloseHandshake() throws IOException {
        List<CapturedPacket> packets = read("close-client.pcap");
        assertThat(packets).hasSize(11);
        CapturedPacket syn = packets.get(0);
        ByteBuffer ip = syn.ip();
        assertThat(ip.get(0)).isEqualTo((byte) 0x45); // IPv4, 20-byte header
        assertThat(ip.get(9)).isEqualTo((byte) 6);
        assertThat(Ip.srcPort(ip)).isEqualTo(46852);
        assertThat(Ip.dstPort(ip)).isEqualTo(40001);
        assertThat(Ip.flags(ip)).isEqualTo(0x02);
        // 74-byte Ethernet frame: 14-byte header, then a 60-byte IP packet (SYN with 20 bytes of options)
        assertThat(syn.originalLength()).isEqualTo(74);
        assertThat(ip.remaining()).isEqualTo(60);
        assertThat(syn.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(syn.timestampNanos()).isEqualTo(1_795_647_351_814_804_000L);
        assertThat(packets.get(10).timestampNanos()).isEqualTo(1_795_647_351_965_758_000L);
        assertThat(Ip.flags(packets.get(9).ip())).isEqualTo(0x11); // server FIN,ACK
        assertThat(Ip.srcPort(packets.get(9).ip())).isEqualTo(40001);
    }

    @Test
    void ipv6HeaderFields() throws IOException {
        CapturedPacket syn = read("ipv6.pcap").get(0);
        ByteBuffer ip = syn.ip();
        assertThat(syn.ipVersion()).isEqualTo(6);
        assertThat(ip.get(6)).isEqualTo((byte) 6); // next header: TCP
        assertThat(ip.get(23)).isEqualTo((byte) 1); // source ::1
        assertThat(ip.get(39)).isEqualTo((byte) 1); // destination ::1
        assertThat(Ip.dstPort(ip)).isEqualTo(40008);
        assertThat(ip.remaining()).isEqualTo(80);
        assertThat(syn.originalLength()).isEqualTo(94);
    }

    @Test
    void pcapngAndNanosecondConversionsEqualTheOriginal() throws IOException {
        List<CapturedPacket> original = read("close-client.pcap");
        try (PcapReader ng = PcapReader.open(capture("close-client.pcapng"));
             PcapReader ns = PcapReader.open(capture("close-client-nsec.pcap"))) {
            assertThat(ng.format()).isEqualTo(PcapFormat.PCAPNG);
            assertThat(ns.format()).isEqualTo(PcapFormat.PCAP_NANOS);
            // the records compare whole: number, timestamp, interface, link type, lengths and IP bytes
            assertThat(ng.readAll()).isEqualTo(original);
            assertThat(ns.readAll()).isEqualTo(original);
        }
        try (PcapReader r = PcapReader.open(capture("close-client.pcap"))) {
            assertThat(r.format()).isEqualTo(PcapFormat.PCAP_MICROS);
        }
    }

    @Test
    void cookedCapturesCarryTheSameIpPacketsAsTheLoopbackOne() {
        List<CapturedPacket> lo = read("cooked-lo.pcap");
        List<CapturedPacket> sll = read("cooked-sll.pcap");
        List<CapturedPacket> sll2 = read("cooked-sll2.pcap");
        assertThat(lo).hasSize(11);
        assertThat(sll).extracting(CapturedPacket::ip).isEqualTo(lo.stream().map(CapturedPacket::ip).toList());
        assertThat(sll2).extracting(CapturedPacket::ip).isEqualTo(lo.stream().map(CapturedPacket::ip).toList());
        assertThat(sll).allSatisfy(p -> assertThat(p.linkType()).isEqualTo(LinkType.LINUX_SLL));
        assertThat(sll2).allSatisfy(p -> assertThat(p.linkType()).isEqualTo(LinkType.LINUX_SLL2));
        // the three were taken at once: same packets within a few microseconds
        for (int i = 0; i < lo.size(); i++) {
            assertThat(Math.abs(sll.get(i).timestampNanos() - lo.get(i).timestampNanos())).isLessThan(100_000);
        }
    }

    @Test
    void mergedPcapngKeepsBothInterfacesAndTheirLinkTypes() throws IOException {
        List<CapturedPacket> merged = read("cooked-merged.pcapng");
        assertThat(merged).hasSize(22);
        assertThat(merged).extracting(CapturedPacket::number)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 22).boxed().toList());
        List<CapturedPacket> if0 = merged.stream().filter(p -> p.interfaceId() == 0).toList();
        List<CapturedPacket> if1 = merged.stream().filter(p -> p.interfaceId() == 1).toList();
        assertThat(if0).allSatisfy(p -> assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET));
        assertThat(if1).allSatisfy(p -> assertThat(p.linkType()).isEqualTo(LinkType.LINUX_SLL2));
        assertThat(if0).extracting(CapturedPacket::ip)
                .isEqualTo(read("cooked-lo.pcap").stream().map(CapturedPacket::ip).toList());
        assertThat(if1).extracting(CapturedPacket::ip)
                .isEqualTo(read("cooked-sll2.pcap").stream().map(CapturedPacket::ip).toList());
        assertThat(if0).extracting(CapturedPacket::timestampNanos)
                .isEqualTo(read("cooked-lo.pcap").stream().map(CapturedPacket::timestampNanos).toList());
        assertThat(merged).extracting(CapturedPacket::timestampNanos).isSorted();
    }

    @Test
    void streamAndCursorAgree() throws IOException {
        List<CapturedPacket> all = read("half-close.pcap");
        try (PcapReader r = PcapReader.open(capture("half-close.pcap"))) {
            assertThat(r.stream().toList()).isEqualTo(all);
        }
        try (PcapReader r = PcapReader.open(capture("half-close.pcap"))) {
            int i = 0;
            while (r.next()) {
                CapturedPacket p = all.get(i++);
                assertThat(r.number()).isEqualTo(p.number());
                assertThat(r.timestampNanos()).isEqualTo(p.timestampNanos());
                assertThat(r.ip()).isEqualTo(p.ip());
                assertThat(r.ipLength()).isEqualTo(p.ip().remaining());
                assertThat(r.ip().isReadOnly()).isTrue();
            }
            assertThat(i).isEqualTo(15);
            assertThat(r.next()).isFalse();
        }
        try (Stream<CapturedPacket> s = PcapReader.packets(capture("half-close.pcap"))) {
            assertThat(s.filter(p -> (Ip.flags(p.ip()) & Ip.FIN) != 0).map(CapturedPacket::number))
                    .containsExactly(6L, 14L);
        }
    }
}
