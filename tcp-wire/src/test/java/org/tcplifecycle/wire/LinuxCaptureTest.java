package org.tcplifecycle.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;

/**
 * Packets captured from a Linux kernel on loopback. They check that {@link OptionLayout#LINUX} and the
 * IP header defaults reproduce what Linux sends byte for byte, and that loopback's unfinished TCP
 * checksums (offloaded, never computed) fail verification while decoding cleanly without it.
 */
class LinuxCaptureTest {
    /* SYN 127.0.0.1:46852 -> 127.0.0.1:40001: MSS 65495, SACK-perm, TS, NOP, WS 10; IP ID f33b. */
    static final String SYN_V4 = "4500 003c f33b 4000 4006 497e 7f000001 7f000001"
            + "b704 9c41 6a340965 00000000 a002 ffd7 fe30 0000 | 0204ffd7 0402080a 9c385e2d 00000000 0103030a";
    /* PSH+ACK with "hello", NOP NOP TS; IP ID f33d. */
    static final String DATA_V4 = "4500 0039 f33d 4000 4006 497f 7f000001 7f000001"
            + "b704 9c41 6a340966 0322289a 8018 0040 fe2d 0000 | 0101080a 9c385e2d 01054500 | 68656c6c6f";
    /* SYN [::1]:33450 -> [::1]:40008 (flow label 95bf6, which Linux picks per connection). */
    static final String SYN_V6 = "6009 5bf6 0028 0640 00000000000000000000000000000001 00000000000000000000000000000001"
            + "82aa 9c48 92e93a03 00000000 a002 ffc4 0030 0000 | 0204ffc4 0402080a b3e8222a 00000000 0103030a";

    /** Decode without the TCP checksum, re-encode, and compare everything except that checksum. */
    static void assertReencodes(String hex, int ipId, int ipHeader, int from) {
        byte[] p = Hex.bytes(hex);
        Segment s = new Segment();
        ByteBuffer in = ByteBuffer.wrap(p);
        assertThat(IpCodec.decode(in, 0, p.length, s, IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.BAD_CHECKSUM);
        assertThat(IpCodec.decode(in, 0, p.length, s, IpCodec.CHECK_IP)).isEqualTo(DecodeResult.OK);
        ByteBuffer out = ByteBuffer.allocate(p.length);
        assertThat(IpCodec.encode(s, out, 0, OptionLayout.LINUX, ipId)).isEqualTo(p.length);
        int ck = ipHeader + 16;
        assertThat(Hex.str(out, from, ck - from)).isEqualTo(Hex.str(in, from, ck - from));
        assertThat(Hex.str(out, ck + 2, p.length - ck - 2)).isEqualTo(Hex.str(in, ck + 2, p.length - ck - 2));
        assertThat(IpCodec.decode(out, 0, p.length, new Segment(), IpCodec.CHECK_ALL)).isEqualTo(DecodeResult.OK);
    }

    @Test
    void linuxSynV4() {
        assertReencodes(SYN_V4, 0xf33b, 20, 0);
    }

    @Test
    void linuxDataSegmentV4() {
        assertReencodes(DATA_V4, 0xf33d, 20, 0);
    }

    @Test
    void linuxSynV6() {
        assertReencodes(SYN_V6, 0, 40, 4);
    }

    @Test
    void decodedFieldsMatchTheCapture() {
        byte[] p = Hex.bytes(SYN_V4);
        Segment s = new Segment();
        assertThat(IpCodec.decode(ByteBuffer.wrap(p), 0, p.length, s, IpCodec.CHECK_IP)).isEqualTo(DecodeResult.OK);
        assertThat(s.toString()).isEqualTo("127.0.0.1:46852 > 127.0.0.1:40001 S seq 1781795173 win 65495 mss 65495 wscale 10"
                + " sackOK TS val 2620939821 ecr 0 len 0");
    }
}
