package org.tcplifecycle.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tcplifecycle.api.Segment;

/** Round trips, checksum error detection and robustness against arbitrary bytes. */
class WirePropertyTest {

    /** A segment with every field random; options present or absent at random. */
    static Segment randomSegment(Random r, boolean ipv6) {
        Segment s = new Segment();
        s.ipv6 = ipv6;
        if (ipv6) {
            s.srcHi = r.nextLong();
            s.srcLo = r.nextLong();
            s.dstHi = r.nextLong();
            s.dstLo = r.nextLong();
        } else {
            s.srcLo = r.nextInt() & 0xFFFF_FFFFL;
            s.dstLo = r.nextInt() & 0xFFFF_FFFFL;
        }
        s.srcPort = r.nextInt(65536);
        s.dstPort = r.nextInt(65536);
        s.seq = r.nextInt();
        s.ack = r.nextInt();
        s.flags = r.nextInt(256);
        s.window = r.nextInt(65536);
        s.urgent = r.nextInt(65536);
        if (r.nextBoolean()) s.mss = r.nextInt(65536);
        if (r.nextBoolean()) s.wscale = r.nextInt(15);
        s.sackPermitted = r.nextBoolean();
        if (r.nextBoolean()) {
            s.hasTimestamps = true;
            s.tsVal = r.nextInt();
            s.tsEcr = r.nextInt();
        }
        s.sackBlocks = r.nextInt(3) == 0 ? r.nextInt(Segment.MAX_SACK_BLOCKS + 1) : 0;
        for (int i = 0; i < s.sack.length; i++) s.sack[i] = r.nextInt();
        int n = r.nextInt(4) == 0 ? 0 : r.nextInt(1500);
        if (n > 0) {
            int at = r.nextInt(8);
            ByteBuffer p = r.nextBoolean() ? ByteBuffer.allocateDirect(at + n) : ByteBuffer.allocate(at + n);
            for (int i = 0; i < at + n; i++) p.put(i, (byte) r.nextInt());
            s.payload = p;
            s.payloadOffset = at;
            s.payloadLength = n;
        }
        return s;
    }

    static ByteBuffer buffer(int size, boolean direct, boolean little) {
        return (direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size))
                .order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    /** Everything {@code d} must hold after encoding {@code s} and decoding it again. */
    static void assertDecodedAs(Segment d, Segment s, OptionLayout layout) {
        assertThat(d.ipv6).isEqualTo(s.ipv6);
        assertThat(new long[] {d.srcHi, d.srcLo, d.dstHi, d.dstLo}).containsExactly(s.srcHi, s.srcLo, s.dstHi, s.dstLo);
        assertThat(new int[] {d.srcPort, d.dstPort, d.seq, d.ack, d.flags, d.window, d.urgent})
                .containsExactly(s.srcPort, s.dstPort, s.seq, s.ack, s.flags, s.window, s.urgent);
        assertThat(new int[] {d.mss, d.wscale, d.tsVal, d.tsEcr})
                .containsExactly(s.mss, s.wscale, s.hasTimestamps ? s.tsVal : 0, s.hasTimestamps ? s.tsEcr : 0);
        assertThat(d.sackPermitted).isEqualTo(s.sackPermitted);
        assertThat(d.hasTimestamps).isEqualTo(s.hasTimestamps);
        int blocks = TcpCodec.sackBlocksEncoded(s, layout);
        assertThat(blocks).isGreaterThanOrEqualTo(Math.min(s.sackBlocks, s.hasTimestamps ? 2 : 3));
        assertThat(d.sackBlocks).isEqualTo(blocks);
        for (int i = 0; i < 2 * blocks; i++) assertThat(d.sack[i]).isEqualTo(s.sack[i]);
        assertThat(d.payloadLength).isEqualTo(s.payloadLength);
        for (int i = 0; i < s.payloadLength; i++) {
            assertThat(d.payload.get(d.payloadOffset + i)).isEqualTo(s.payload.get(s.payloadOffset + i));
        }
    }

    @Property(tries = 2000)
    void ipRoundTrip(@ForAll long seed, @ForAll boolean ipv6, @ForAll boolean direct, @ForAll boolean little,
            @ForAll OptionLayout layout, @ForAll @IntRange(max = 7) int off) {
        Random r = new Random(seed);
        Segment s = randomSegment(r, ipv6);
        int n = IpCodec.encodedLength(s, layout);
        ByteBuffer b = buffer(off + n + 5, direct, little);
        assertThat(IpCodec.encode(s, b, off, layout, r.nextInt())).isEqualTo(n);
        Segment d = new Segment();
        d.sackBlocks = 3;
        d.mss = 1;
        assertThat(IpCodec.decode(b, off, n + r.nextInt(6), d, IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
        assertDecodedAs(d, s, layout);
        assertThat(d.payload).isSameAs(s.payloadLength > 0 ? b : d.payload);
    }

    @Property(tries = 1000)
    void tcpRoundTrip(@ForAll long seed, @ForAll boolean ipv6, @ForAll boolean direct, @ForAll OptionLayout layout) {
        Segment s = randomSegment(new Random(seed), ipv6);
        int n = TcpCodec.encodedLength(s, layout);
        assertThat(n).isEqualTo(TcpCodec.headerLength(s, layout) + s.payloadLength);
        assertThat(TcpCodec.optionsLength(s, layout) % 4).isZero();
        assertThat(TcpCodec.optionsLength(s, layout)).isLessThanOrEqualTo(TcpCodec.MAX_OPTIONS);
        ByteBuffer b = buffer(n, direct, false);
        TcpCodec.encode(s, b, 0, layout);
        Segment d = new Segment().replyTo(new Segment().replyTo(s));
        assertThat(TcpCodec.decode(b, 0, n, d, true)).isEqualTo(DecodeResult.OK);
        assertDecodedAs(d, s, layout);
    }

    /** Every single-bit error in an IPv4 packet is caught by a length check or one of the two checksums. */
    @Property(tries = 2000)
    void singleBitErrorsAreDetectedV4(@ForAll long seed, @ForAll OptionLayout layout, @ForAll @IntRange(max = 1 << 20) int pick) {
        Random r = new Random(seed);
        Segment s = randomSegment(r, false);
        int n = IpCodec.encodedLength(s, layout);
        ByteBuffer b = ByteBuffer.allocate(n);
        IpCodec.encode(s, b, 0, layout, 7);
        int bit = pick % (8 * n);
        b.put(bit >>> 3, (byte) (b.get(bit >>> 3) ^ 1 << (bit & 7)));
        assertThat(IpCodec.decode(b, 0, n, new Segment(), IpCodec.CHECK_ALL)).as("bit %d", bit).isNotEqualTo(DecodeResult.OK);
    }

    /**
     * IPv6 has no header checksum: version, traffic class, flow label and hop limit are unprotected, and
     * a flip in the payload length can turn into a different valid split. Addresses (via the
     * pseudo-header) and the whole TCP segment are covered.
     */
    @Property(tries = 2000)
    void singleBitErrorsAreDetectedV6(@ForAll long seed, @ForAll OptionLayout layout, @ForAll @IntRange(max = 1 << 20) int pick) {
        Random r = new Random(seed);
        Segment s = randomSegment(r, true);
        int n = IpCodec.encodedLength(s, layout);
        ByteBuffer b = ByteBuffer.allocate(n);
        IpCodec.encode(s, b, 0, layout, 7);
        int bit = 8 * 8 + pick % (8 * (n - 8));
        b.put(bit >>> 3, (byte) (b.get(bit >>> 3) ^ 1 << (bit & 7)));
        assertThat(IpCodec.decode(b, 0, n, new Segment(), IpCodec.CHECK_ALL)).as("bit %d", bit).isNotEqualTo(DecodeResult.OK);
    }

    /**
     * Arbitrary bytes never throw; two in three get a plausible IP version, length and protocol so the
     * deeper layers (extension headers, TCP options) see random input too. Bytes come from a seeded
     * generator rather than a jqwik array to keep 100 000 tries within a couple of seconds.
     */
    @Property(tries = 100_000)
    void arbitraryBytesNeverThrow(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] data = new byte[r.nextInt(101)];
        r.nextBytes(data);
        ByteBuffer b = ByteBuffer.wrap(data);
        int shape = r.nextInt(3);
        if (data.length >= 40 && shape > 0) {
            if (shape == 1) {
                b.put(0, (byte) (0x45 + r.nextInt(3)));
                b.putShort(2, (short) data.length);
                b.put(6, (byte) 0);
                b.put(9, (byte) 6);
            } else {
                b.put(0, (byte) 0x60);
                b.putShort(4, (short) (data.length - 40));
                int[] nh = {6, 6, 0, 43, 44, 60};
                b.put(6, (byte) nh[r.nextInt(nh.length)]);
            }
        }
        int res = IpCodec.decode(b, 0, data.length, new Segment(), r.nextInt(4));
        assertThat(res).isBetween(DecodeResult.OK, DecodeResult.COUNT - 1);
        int t = TcpCodec.decode(b, 0, data.length, new Segment(), r.nextBoolean());
        assertThat(t).isBetween(DecodeResult.OK, DecodeResult.COUNT - 1);
    }

    /** Valid packets with a few random bytes overwritten never throw, with or without verification. */
    @Property(tries = 5000)
    void corruptedPacketsNeverThrow(@ForAll long seed, @ForAll boolean ipv6, @ForAll OptionLayout layout, @ForAll boolean verify) {
        Random r = new Random(seed);
        Segment s = randomSegment(r, ipv6);
        int n = IpCodec.encodedLength(s, layout);
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        IpCodec.encode(s, b, 0, layout, 0);
        int hl = IpCodec.headerLength(ipv6);
        int limit = Math.min(n, hl + TcpCodec.MAX_HEADER);
        for (int k = 1 + r.nextInt(4); k > 0; k--) b.put(r.nextInt(limit), (byte) r.nextInt());
        int res = IpCodec.decode(b, 0, n - r.nextInt(3), new Segment(), verify ? IpCodec.CHECK_ALL : IpCodec.CHECK_NONE);
        assertThat(res).isBetween(DecodeResult.OK, DecodeResult.COUNT - 1);
    }
}
