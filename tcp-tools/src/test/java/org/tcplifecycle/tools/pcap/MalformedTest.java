package org.tcplifecycle.tools.pcap;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tcplifecycle.tools.pcap.SyntheticFormatsTest.SYN4;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken files: each must fail with a {@link PcapFormatException} naming the offset of the fault. */
class MalformedTest {

    /** Reads {@code file} to the end and returns the failure, asserting its offset appears in the message. */
    static PcapFormatException failure(byte[] file, long offset) {
        PcapFormatException e = org.junit.jupiter.api.Assertions.assertThrows(PcapFormatException.class, () -> {
            try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
                r.readAll();
            }
        });
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.getMessage()).startsWith("offset " + offset + ": ").endsWith(e.problem());
        return e;
    }

    static byte[] cut(byte[] b, int len) {
        return Arrays.copyOf(b, len);
    }

    static byte[] classicTwo() {
        return Capture.classic(LITTLE_ENDIAN, false, LinkType.RAW).record(1, 0, SYN4).record(2, 0, SYN4).toBytes();
    }

    @Test
    void emptyAndShortInput() {
        assertThat(failure(new byte[0], 0).problem()).contains("empty");
        assertThat(failure(new byte[] {(byte) 0xD4, (byte) 0xC3}, 0).problem()).contains("truncated file header");
    }

    @Test
    void unknownAndUnsupportedMagic() {
        assertThat(failure("GIF89a-not-a-capture-at-all".getBytes(), 0).problem())
                .contains("not a pcap or pcapng file").contains("0x47494638");
        byte[] modified = Capture.classic(BIG_ENDIAN, false, 1).toBytes();
        modified[2] = (byte) 0xCD;
        modified[3] = 0x34;
        assertThat(failure(modified, 0).problem()).contains("Kuznetzov");
    }

    @Test
    void classicHeaderProblems() {
        byte[] header = Capture.classic(BIG_ENDIAN, false, LinkType.RAW).toBytes();
        assertThat(failure(cut(header, 15), 4).problem()).contains("truncated pcap file header: 15 of 24");
        byte[] v1 = header.clone();
        v1[5] = 1;
        assertThat(failure(v1, 4).problem()).contains("unsupported pcap version 1");
    }

    @Test
    void truncatedRecordHeader() {
        byte[] two = classicTwo();
        int second = 24 + 16 + SYN4.length;
        assertThat(failure(cut(two, second + 9), second).problem())
                .isEqualTo("truncated record header: 9 of 16 bytes");
    }

    @Test
    void truncatedRecordData() {
        byte[] two = classicTwo();
        int second = 24 + 16 + SYN4.length;
        assertThat(failure(cut(two, two.length - 1), second).problem())
                .isEqualTo("truncated record: header claims 40 captured bytes, only 39 present from offset "
                        + (second + 16));
    }

    @Test
    void absurdCapturedLength() {
        byte[] file = Capture.classic(BIG_ENDIAN, false, LinkType.RAW).u32(1).u32(0).u32(0x7FFF_FFF0L).u32(60)
                .toBytes();
        assertThat(failure(file, 24).problem()).contains("2147483632 captured bytes, more than the limit");
    }

    @Test
    void realCaptureCutInsideItsLastRecord() throws IOException {
        byte[] whole = Files.readAllBytes(RealCapturesTest.capture("close-client.pcap"));
        // records: 16-byte header plus the frame; the Ethernet frame lengths are those tshark shows
        int[] frames = {74, 74, 66, 71, 66, 71, 66, 66, 66, 66, 66};
        int last = 24;
        for (int i = 0; i < frames.length - 1; i++) {
            last += 16 + frames[i];
        }
        assertThat(last + 16 + frames[10]).isEqualTo(whole.length);
        assertThat(failure(cut(whole, whole.length - 10), last).problem())
                .contains("truncated record: header claims 66 captured bytes, only 56 present");
    }

    @Test
    void realPcapngCutInsideABlock() throws IOException {
        byte[] whole = Files.readAllBytes(RealCapturesTest.capture("close-client.pcapng"));
        PcapFormatException e = failure(cut(whole, whole.length - 3), lastBlockOffset(whole));
        assertThat(e.problem()).startsWith("truncated block type 0x00000006");
    }

    /** Walks a little-endian pcapng file's block lengths to find where its last block starts. */
    static int lastBlockOffset(byte[] file) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file).order(LITTLE_ENDIAN);
        assertThat(b.getInt(8)).isEqualTo(0x1A2B3C4D);
        int at = 0;
        int last = 0;
        while (at < file.length) {
            last = at;
            at += b.getInt(at + 4);
        }
        return last;
    }

    @Test
    void badByteOrderMagic() {
        byte[] file = Capture.pcapng(BIG_ENDIAN).toBytes();
        file[9] = 0;
        assertThat(failure(file, 8).problem()).contains("byte-order magic 0x1a003c4d");
    }

    @Test
    void unsupportedPcapngVersion() {
        byte[] file = Capture.pcapng(BIG_ENDIAN).toBytes();
        file[13] = 2;
        assertThat(failure(file, 12).problem()).contains("unsupported pcapng version 2");
    }

    @Test
    void blockLengthNotAMultipleOfFour() {
        Capture c = Capture.pcapng(LITTLE_ENDIAN);
        int at = c.size();
        byte[] file = c.u32(1).u32(22).bytes(new byte[14]).toBytes();
        assertThat(failure(file, at).problem()).contains("total length 22, not a multiple of 4");
    }

    @Test
    void blockLengthTooSmall() {
        Capture c = Capture.pcapng(BIG_ENDIAN).idb(LinkType.RAW, 0);
        int at = c.size();
        assertThat(failure(c.u32(6).u32(8).toBytes(), at).problem()).contains("total length 8, less than 12");
    }

    @Test
    void trailingLengthMismatch() {
        Capture c = Capture.pcapng(BIG_ENDIAN).idb(LinkType.RAW, 0);
        int at = c.size();
        byte[] file = c.epb(0, 1, SYN4).toBytes();
        int len = file.length - at;
        file[file.length - 1] ^= 4;
        assertThat(failure(file, file.length - 4).problem())
                .contains("at offset " + at + " ends with length " + (len ^ 4) + ", its header says " + len);
    }

    @Test
    void truncatedBlockHeaderAtEnd() {
        Capture c = Capture.pcapng(BIG_ENDIAN).idb(LinkType.RAW, 0);
        int at = c.size();
        assertThat(failure(c.u32(6).u16(0).toBytes(), at).problem()).contains("truncated block header: 6 of 8");
    }

    @Test
    void packetOnUndefinedInterface() {
        Capture c = Capture.pcapng(LITTLE_ENDIAN).idb(LinkType.RAW, 0);
        int at = c.size();
        assertThat(failure(c.epb(1, 0, SYN4).toBytes(), at + 8).problem())
                .contains("refers to interface 1 but the section defines 1");
    }

    @Test
    void interfacesDoNotSurviveANewSection() {
        Capture c = Capture.pcapng(LITTLE_ENDIAN).idb(LinkType.RAW, 0).shb();
        int at = c.size();
        assertThat(failure(c.epb(0, 0, SYN4).toBytes(), at + 8).problem()).contains("defines 0");
    }

    @Test
    void capturedLengthBeyondTheBlock() {
        Capture c = Capture.pcapng(BIG_ENDIAN).idb(LinkType.RAW, 0);
        int at = c.size();
        byte[] file = c.epb(0, 0, SYN4).toBytes();
        java.nio.ByteBuffer.wrap(file).putInt(at + 20, 41);
        assertThat(failure(file, at + 20).problem()).contains("claims 41 captured bytes");
    }

    @Test
    void optionRunningPastItsBlock() {
        Capture c = Capture.pcapng(BIG_ENDIAN);
        int at = c.size();
        byte[] body = new Capture(BIG_ENDIAN).u16(LinkType.RAW).u16(0).u32(0).u16(9).u16(40).u32(0).toBytes();
        assertThat(failure(c.block(1, body).toBytes(), at + 16).problem())
                .contains("option 9 of length 40 runs past the end");
    }

    @Test
    void unsupportedResolution() {
        Capture c = Capture.pcapng(BIG_ENDIAN);
        int at = c.size();
        byte[] file = c.idb(LinkType.RAW, 0, c.option(9, new byte[] {19})).toBytes();
        assertThat(failure(file, at + 20).problem()).contains("unsupported if_tsresol 0x13");
    }

    @Test
    void timestampOverflow() {
        Capture c = Capture.pcapng(BIG_ENDIAN).idb(LinkType.RAW, 0);
        int at = c.size();
        assertThat(failure(c.epb(0, -1L, SYN4).toBytes(), at + 12).problem()).contains("timestamp beyond");
    }

    @Test
    void simplePacketWithoutInterface() {
        Capture c = Capture.pcapng(BIG_ENDIAN);
        int at = c.size();
        assertThat(failure(c.spb(SYN4).toBytes(), at).problem()).contains("before any interface");
    }

    @Test
    void errorsBeforeTheFailureStillYieldThePacketsBeforeIt() throws IOException {
        byte[] two = classicTwo();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(cut(two, two.length - 5)))) {
            assertThat(r.next()).isTrue();
            assertThat(r.number()).isEqualTo(1);
            assertThatThrownBy(r::next).isInstanceOf(PcapFormatException.class);
        }
    }

    @Test
    void streamWrapsTheFormatError() throws IOException {
        byte[] two = classicTwo();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(cut(two, two.length - 5)))) {
            assertThatThrownBy(() -> r.stream().count()).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(PcapFormatException.class);
        }
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("broken.pcap");
        byte[] two = classicTwo();
        Files.write(f, cut(two, 30));
        assertThatThrownBy(() -> PcapReader.readAll(f)).isInstanceOf(PcapFormatException.class)
                .hasMessage("broken.pcap: offset 24: truncated record header: 6 of 16 bytes");
    }
}
