package org.tcplifecycle.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.IpAddress;

class ChecksumTest {

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 (0001 + f203 + f4f5 + f6f7 = 2ddf0 -> ddf2)
        byte[] d = Hex.bytes("0001 f203 f4f5 f6f7");
        for (boolean direct : new boolean[] {false, true}) {
            for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                ByteBuffer b = Hex.buffer(d, 3, 5, direct, o);
                assertThat(Checksum.sum(b, 3, 8, 0)).as("direct=%s %s", direct, o).isEqualTo(0xddf2);
            }
        }
        assertThat(Checksum.finish(0xddf2)).isEqualTo(0x220d);
    }

    @Test
    void oddLengthPadsLastByteOnTheRight() {
        // 0102 + 0300 (03 padded) = 0402, in any byte order and for 1, 3, 5, 7 and 9+ trailing sizes
        ByteBuffer le = Hex.buffer(Hex.bytes("010203"), 1, 0, false, ByteOrder.LITTLE_ENDIAN);
        assertThat(Checksum.sum(le, 1, 3, 0)).isEqualTo(0x0402);
        assertThat(Checksum.sum(Hex.buffer(Hex.bytes("010203"), 0, 0, true, ByteOrder.BIG_ENDIAN), 0, 3, 0)).isEqualTo(0x0402);
        // 11 bytes: 0102 0304 0506 0708 090a 0b00 = 0x1e24
        ByteBuffer b = ByteBuffer.wrap(Hex.bytes("0102030405060708090a0b"));
        assertThat(Checksum.sum(b, 0, 11, 0)).isEqualTo(0x0102 + 0x0304 + 0x0506 + 0x0708 + 0x090a + 0x0b00);
    }

    @Test
    void carriesWrapAround() {
        // ffff + ffff + 0002 = 2_0000 -> 0002 after end-around carry
        assertThat(Checksum.sum(ByteBuffer.wrap(Hex.bytes("ffffffff0002")), 0, 6, 0)).isEqualTo(0x0002);
        assertThat(Checksum.add(0xffff, 0x0001)).isEqualTo(0x0001);
        assertThat(Checksum.fold(0xFFFF_FFFF_FFFF_FFFFL)).isEqualTo(0xffff);
    }

    @Test
    void ipv4HeaderVerifies() {
        // 4500 003c 1234 4000 4006 0000 c000 0201 c633 6402: 453c, 5770, 9770, d776, 1_9776, 1_9977,
        // 2_5faa, 2_c3ac -> c3ae; checksum ~c3ae = 3c51
        byte[] h = Hex.bytes("4500 003c 1234 4000 4006 0000 c000 0201 c633 6402");
        assertThat(Checksum.finish(Checksum.sum(ByteBuffer.wrap(h), 0, 20, 0))).isEqualTo(0x3c51);
        h[10] = 0x3c;
        h[11] = 0x51;
        assertThat(Checksum.sum(ByteBuffer.wrap(h), 0, 20, 0)).isEqualTo(Checksum.VALID);
    }

    @Test
    void pseudoHeaderV4() {
        // 192.0.2.1 -> 198.51.100.2, TCP, length 40:
        // c000 + 0201 + c633 + 6402 + 0006 + 0028 = 1_ec64 -> ec65
        int src = IpAddress.v4("192.0.2.1");
        int dst = IpAddress.v4("198.51.100.2");
        assertThat(Checksum.pseudoV4(src, dst, 6, 40)).isEqualTo(0xec65);
    }

    @Test
    void pseudoHeaderV6() {
        // 2001:db8::1 -> 2001:db8::2, TCP, length 24:
        // 2001 + 0db8 + 0001 + 2001 + 0db8 + 0002 + 0000 + 0018 + 0006 = 5b93
        long[] s = IpAddress.v6("2001:db8::1");
        long[] d = IpAddress.v6("2001:db8::2");
        assertThat(Checksum.pseudoV6(s[0], s[1], d[0], d[1], 6, 24)).isEqualTo(0x5b93);
        // the 32-bit length contributes both halves: 0x0001_0004 adds 0001 + 0004
        assertThat(Checksum.pseudoV6(0, 0, 0, 0, 6, 0x0001_0004)).isEqualTo(0x000b);
    }

    @Test
    void rfc1624Example() {
        // RFC 1624 §4: HC = dd2f, m = 5555 -> m' = 3285 gives HC' = 0000 with eqn. 3
        assertThat(Checksum.update(0xdd2f, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    @Property(tries = 500)
    void sumIsIndependentOfBufferKindOrderAndOffset(@ForAll @Size(max = 90) byte[] data,
            @ForAll @IntRange(max = 9) int off, @ForAll boolean direct, @ForAll boolean little) {
        ByteBuffer b = Hex.buffer(data, off, 3, direct, little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        assertThat(Checksum.sum(b, off, data.length, 0)).isEqualTo(reference(data));
        assertThat(Checksum.sum(data, 0, data.length, 0)).isEqualTo(reference(data));
    }

    @Property(tries = 300)
    void regionsSplitAtEvenBoundariesAddUp(@ForAll @Size(min = 2, max = 80) byte[] data, @ForAll @IntRange(max = 40) int cut) {
        int c = Math.min(cut * 2, data.length);
        ByteBuffer b = ByteBuffer.wrap(data);
        int split = Checksum.sum(b, c, data.length - c, Checksum.sum(b, 0, c, 0));
        assertThat(split).isEqualTo(reference(data));
    }

    @Property(tries = 500)
    void incrementalUpdateMatchesRecompute(@ForAll @Size(min = 2, max = 40) byte[] data, @ForAll @IntRange(max = 19) int word,
            @ForAll @IntRange(max = 0xffff) int value) {
        int w = Math.min(word, data.length / 2 - 1) * 2;
        byte[] changed = data.clone();
        changed[w] = (byte) (value >>> 8);
        changed[w + 1] = (byte) value;
        int before = Checksum.finish(reference(data));
        int after = Checksum.finish(reference(changed));
        int updated = Checksum.update(before, (data[w] & 0xff) << 8 | data[w + 1] & 0xff, value);
        // ones' complement has two zeros; both verify, so compare the values modulo 0xffff
        assertThat(updated % 0xffff).isEqualTo(after % 0xffff);
    }

    /** Straightforward RFC 1071 sum, one word at a time. */
    static int reference(byte[] d) {
        long s = 0;
        for (int i = 0; i < d.length; i += 2) s += (d[i] & 0xff) << 8 | (i + 1 < d.length ? d[i + 1] & 0xff : 0);
        while (s >>> 16 != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) s;
    }
}
