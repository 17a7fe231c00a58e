package org.tcplifecycle.tools.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapWriterTest {
    static final long T0 = 1_764_000_000_123_456_789L;

    /** A small IPv4 and IPv6 exchange: handshake, data, FIN, RST; every checksum correct. */
    static List<byte[]> exchange() {
        byte[] a = Ip.v4(192, 0, 2, 1);
        byte[] b = Ip.v4(192, 0, 2, 2);
        List<byte[]> p = new ArrayList<>();
        p.add(Ip.tcp4(a, b, 40000, 80, 100, 0, Ip.SYN, new byte[0]));
        p.add(Ip.tcp4(b, a, 80, 40000, 900, 101, Ip.SYN | Ip.ACK, new byte[0]));
        p.add(Ip.tcp4(a, b, 40000, 80, 101, 901, Ip.ACK, new byte[0]));
        p.add(Ip.tcp4(a, b, 40000, 80, 101, 901, Ip.PSH | Ip.ACK, "odd-length!".getBytes()));
        p.add(Ip.tcp4(b, a, 80, 40000, 901, 112, Ip.FIN | Ip.ACK, new byte[0]));
        p.add(Ip.tcp6(Ip.v6(1), Ip.v6(2), 40001, 443, 5, 0, Ip.SYN, new byte[0]));
        p.add(Ip.tcp6(Ip.v6(2), Ip.v6(1), 443, 40001, 0, 6, Ip.RST | Ip.ACK, new byte[0]));
        p.add(Ip.tcp6(Ip.v6(1), Ip.v6(2), 40001, 443, 6, 0, Ip.PSH | Ip.ACK, "data".getBytes()));
        return p;
    }

    static long ts(int i) {
        return T0 + i * 1_500_250L;
    }

    static Path write(Path file, int link, PcapWriter.Resolution res) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, link, res)) {
            List<byte[]> p = exchange();
            for (int i = 0; i < p.size(); i++) {
                if (i % 2 == 0) {
                    w.write(ts(i), ByteBuffer.wrap(p.get(i)));
                } else {
                    w.write(ts(i), p.get(i), 0, p.get(i).length);
                }
            }
            assertThat(w.packets()).isEqualTo(p.size());
        }
        return file;
    }

    @ParameterizedTest(name = "link {0} {1}")
    @CsvSource({"101,MICROS", "101,NANOS", "1,MICROS", "1,NANOS"})
    void writtenFileReadsBackIdentically(int link, PcapWriter.Resolution res, @TempDir Path dir)
            throws IOException {
        Path f = write(dir.resolve("w.pcap"), link, res);
        List<byte[]> sent = exchange();
        try (PcapReader r = PcapReader.open(f)) {
            assertThat(r.format()).isEqualTo(res == PcapWriter.Resolution.NANOS ? PcapFormat.PCAP_NANOS
                    : PcapFormat.PCAP_MICROS);
            List<CapturedPacket> got = r.readAll();
            assertThat(got).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                CapturedPacket p = got.get(i);
                assertThat(p.ipBytes()).isEqualTo(sent.get(i));
                assertThat(p.number()).isEqualTo(i + 1);
                assertThat(p.linkType()).isEqualTo(link);
                assertThat(p.originalLength()).isEqualTo(sent.get(i).length + (link == 1 ? 14 : 0));
                long expected = res == PcapWriter.Resolution.NANOS ? ts(i) : ts(i) / 1000 * 1000;
                assertThat(p.timestampNanos()).isEqualTo(expected);
            }
        }
    }

    @Test
    void headerBytesAreTheDocumentedOnes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] syn = exchange().get(0);
        try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, PcapWriter.Resolution.MICROS)) {
            w.write(2_000_000_123_000L, ByteBuffer.wrap(syn));
        }
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
        assertThat(b.getInt(0)).isEqualTo(0xA1B2C3D4);
        assertThat(b.getShort(4)).isEqualTo((short) 2);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getInt(16)).isEqualTo(PcapWriter.SNAPLEN);
        assertThat(b.getInt(20)).isEqualTo(1);
        assertThat(b.getInt(24)).isEqualTo(2000); // seconds
        assertThat(b.getInt(28)).isEqualTo(123); // microseconds
        assertThat(b.getInt(32)).isEqualTo(54);
        assertThat(b.getInt(36)).isEqualTo(54);
        assertThat(Arrays.copyOfRange(out.toByteArray(), 40, 54)).containsExactly(
                2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00);
        assertThat(out.size()).isEqualTo(24 + 16 + 14 + syn.length);
    }

    @Test
    void directBufferSliceIsWrittenWithoutMovingItsPosition() throws IOException {
        byte[] syn = exchange().get(0);
        ByteBuffer direct = ByteBuffer.allocateDirect(syn.length + 10);
        direct.position(5);
        direct.put(syn);
        direct.position(5).limit(5 + syn.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkType.RAW, PcapWriter.Resolution.NANOS)) {
            w.write(1, direct);
        }
        assertThat(direct.position()).isEqualTo(5);
        try (PcapReader r = new PcapReader(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            assertThat(r.next()).isTrue();
            assertThat(r.ip()).isEqualTo(ByteBuffer.wrap(syn));
            assertThat(r.timestampNanos()).isEqualTo(1);
        }
    }

    @Test
    void refusesWhatPcapCannotHold() throws IOException {
        byte[] syn = exchange().get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PcapWriter(out, LinkType.LINUX_SLL, PcapWriter.Resolution.MICROS));
        try (PcapWriter w = new PcapWriter(out, LinkType.RAW, PcapWriter.Resolution.MICROS)) {
            assertThatIllegalArgumentException().isThrownBy(() -> w.write(-1, syn, 0, syn.length));
            assertThatIllegalArgumentException().isThrownBy(() -> w.write(1L << 62, syn, 0, syn.length));
            assertThatIllegalArgumentException().isThrownBy(() -> w.write(0, new byte[] {0x50, 0}, 0, 2))
                    .withMessageContaining("version nibble 5");
            assertThatIllegalArgumentException().isThrownBy(() -> w.write(0, ByteBuffer.allocate(0)));
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> w.write(0, ByteBuffer.allocate(PcapWriter.SNAPLEN + 1).put(0, (byte) 0x45)));
            assertThat(w.packets()).isZero();
        }
        assertThat(out.size()).isEqualTo(24); // nothing but the header reached the stream
    }

    static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    @ParameterizedTest(name = "link {0} {1}")
    @CsvSource({"101,NANOS", "1,MICROS"})
    void tsharkParsesEveryPacketWithGoodChecksums(int link, PcapWriter.Resolution res, @TempDir Path dir)
            throws Exception {
        String tshark = which("tshark");
        Assumptions.assumeTrue(tshark != null, "tshark is not on the PATH");
        Path f = write(dir.resolve("w.pcap"), link, res);
        Process proc = new ProcessBuilder(tshark, "-n", "-r", f.toString(), "-T", "fields",
                "-E", "separator=,", "-e", "frame.number", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.flags",
                "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
                "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE")
                .redirectError(dir.resolve("stderr").toFile()).start();
        String stdout = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as("tshark exit status").isZero();
        // checksum status 1 is "Good"; IPv6 has no header checksum, so that field stays empty
        assertThat(stdout.lines().toList()).containsExactly(
                "1,192.0.2.1,,0x0002,1,1",
                "2,192.0.2.2,,0x0012,1,1",
                "3,192.0.2.1,,0x0010,1,1",
                "4,192.0.2.1,,0x0018,1,1",
                "5,192.0.2.2,,0x0011,1,1",
                "6,,2001:db8::1,0x0002,,1",
                "7,,2001:db8::2,0x0014,,1",
                "8,,2001:db8::1,0x0018,,1");
    }
}
