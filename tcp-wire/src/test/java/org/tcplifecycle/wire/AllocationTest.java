package org.tcplifecycle.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;

/** The per-packet paths allocate nothing: checked with the JVM's per-thread allocation counter. */
class AllocationTest {

    @Test
    void encodeAndDecodeDoNotAllocate() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());

        Segment v4 = TcpCodecTest.synSegment();
        Segment v6 = TcpCodecTest.finSegment();
        v6.sackBlocks = 2;
        ByteBuffer heap = ByteBuffer.allocate(2048);
        ByteBuffer direct = ByteBuffer.allocateDirect(2048);
        Segment in = new Segment();
        DropCounters drops = new DropCounters();
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 20_000; i++) {
                int n = IpCodec.encode(v4, heap, 0, OptionLayout.LINUX, i);
                sink += IpCodec.decode(heap, 0, n, in, IpCodec.CHECK_ALL, drops) + in.mss;
                n = IpCodec.encode(v6, direct, 0, OptionLayout.PACKED, i);
                sink += IpCodec.decode(direct, 0, n, in, IpCodec.CHECK_ALL, drops) + in.payloadLength;
                sink += IpCodec.decode(direct, 0, n - 1, in, IpCodec.CHECK_ALL, drops);
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            // The first round links call sites and loads classes. In the second, one allocation per call
            // would show as at least 16 bytes x 60 000; the slack only absorbs the counter's own noise.
            if (round == 1) assertThat(allocated).as("bytes allocated in 60 000 codec calls").isLessThan(4096);
        }
        assertThat(sink).isEqualTo(2 * 20_000L * (1460 + 4 + DecodeResult.TRUNCATED));
        assertThat(drops.get(DecodeResult.TRUNCATED)).isEqualTo(40_000);
    }
}
