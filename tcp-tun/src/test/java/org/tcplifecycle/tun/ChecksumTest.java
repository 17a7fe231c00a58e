package org.tcplifecycle.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2, so the checksum is 0x220d.
        ByteBuffer b = ByteBuffer.wrap(Packets.addr(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7));
        assertThat(Checksum.of(b, 0, 8)).isEqualTo(0x220d);
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        ByteBuffer b = ByteBuffer.wrap(Packets.addr(0x12, 0x34, 0x56));
        // 0x1234 + 0x5600 = 0x6834, complement 0x97cb
        assertThat(Checksum.of(b, 0, 3)).isEqualTo(0x97cb);
    }

    @Test
    void readsBigEndianWhateverTheBufferOrder() {
        ByteBuffer b = ByteBuffer.wrap(Packets.addr(0x00, 0x01, 0xf2, 0x03)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Checksum.of(b, 0, 4)).isEqualTo(~(0x0001 + 0xf203) & 0xFFFF);
    }

    @Property(tries = 200)
    void matchesTheIndependentImplementation(@ForAll @Size(max = 300) byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        assertThat(Checksum.of(b, 0, data.length)).isEqualTo(Packets.checksum(data, 0, data.length, 0));
    }
}
