package org.tcplifecycle.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TunEventLoopTest {
    final FakeDevice dev = new FakeDevice();

    /** Base for test handlers: no timers, keeps the output. */
    abstract static class Handler implements PacketHandler {
        PacketOutput out;
        TunEventLoop loop;

        @Override
        public void attach(PacketOutput out) {
            this.out = out;
        }

        @Override
        public void onPacket(ByteBuffer ipPacket, long nowNanos) {
        }

        @Override
        public long poll(long nowNanos) {
            return Long.MAX_VALUE;
        }
    }

    @Test
    void pollTimeoutRoundsUpToWholeMilliseconds() {
        assertThat(TunEventLoop.timeoutMs(Long.MAX_VALUE, 5)).as("no deadline: wait forever").isEqualTo(-1);
        assertThat(TunEventLoop.timeoutMs(100, 100)).isZero();
        assertThat(TunEventLoop.timeoutMs(100, 200)).as("overdue").isZero();
        assertThat(TunEventLoop.timeoutMs(101, 100)).isEqualTo(1);
        assertThat(TunEventLoop.timeoutMs(1_000_100, 100)).isEqualTo(1);
        assertThat(TunEventLoop.timeoutMs(1_000_101, 100)).isEqualTo(2);
        assertThat(TunEventLoop.timeoutMs(Long.MAX_VALUE - 1, 0)).isEqualTo(Integer.MAX_VALUE);
        assertThat(TunEventLoop.timeoutMs(Long.MIN_VALUE + 10, Long.MAX_VALUE - 10))
                .as("nanoTime wrap-around: 21 ns ahead").isEqualTo(1);
    }

    @Test
    void packetsReachTheHandlerAndItsOutputReachesTheDevice() throws Exception {
        dev.offer(new byte[] {0x45, 1, 2});
        dev.offer(new byte[] {0x60, 3});
        List<Long> times = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void onPacket(ByteBuffer p, long now) {
                times.add(now);
                assertThat(p.position()).isZero();
                byte[] b = Packets.bytes(p);
                b[0] = (byte) (b[0] + 1);
                // the buffer may be reused by the handler: position and limit are reset for each packet
                p.put(0, b[0]).position(1);
                out.write(ByteBuffer.wrap(b));
                if (times.size() == 2) loop.stop();
            }
        };
        TunEventLoop loop = new TunEventLoop(dev, h, dev::now);
        h.loop = loop;
        loop.run();
        assertThat(dev.written()).containsExactly(new byte[] {0x46, 1, 2}, new byte[] {0x61, 3});
        assertThat(times).containsExactly(dev.now(), dev.now());
        assertThat(loop.packetsIn()).isEqualTo(2);
        assertThat(loop.packetsOut()).isEqualTo(2);
        assertThat(loop.failure()).isNull();
    }

    @Test
    void timersRunAtTheirDeadlinesNeverBefore() throws Exception {
        List<long[]> fired = new ArrayList<>();
        Handler h = new Handler() {
            long deadline = dev.now() + 2_500_000;

            @Override
            public long poll(long now) {
                if (now >= deadline) {
                    fired.add(new long[] {deadline, now});
                    deadline = now + 2_500_000;
                    if (fired.size() == 3) loop.stop();
                }
                return deadline;
            }
        };
        TunEventLoop loop = new TunEventLoop(dev, h, dev::now);
        h.loop = loop;
        loop.run();
        assertThat(fired).hasSize(3).allSatisfy(f -> assertThat(f[1]).isGreaterThanOrEqualTo(f[0]));
        assertThat(dev.timeouts()).as("2.5 ms waits round up to 3 ms, no early wakeups").containsExactly(3, 3, 3);
    }

    @Test
    void aDeadlineSetWhileHandlingAPacketIsHonoured() throws Exception {
        dev.offer(new byte[] {0x45});
        Handler h = new Handler() {
            long deadline = Long.MAX_VALUE;

            @Override
            public void onPacket(ByteBuffer p, long now) {
                deadline = now + 1_000_000;
            }

            @Override
            public long poll(long now) {
                if (now >= deadline) {
                    loop.stop();
                    deadline = Long.MAX_VALUE;
                }
                return deadline;
            }
        };
        TunEventLoop loop = new TunEventLoop(dev, h, dev::now);
        h.loop = loop;
        loop.run();
        // -1: idle; 0: anything more waiting after the packet?; 1: the new deadline
        assertThat(dev.timeouts()).containsExactly(-1, 0, 1);
    }

    @Test
    void waitingPacketsAreHandledBeforeTheHandlerIsPolled() throws Exception {
        for (int i = 0; i < 3; i++) dev.offer(new byte[] {0x45, (byte) i});
        List<String> calls = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void onPacket(ByteBuffer p, long now) {
                calls.add("packet " + p.get(1));
            }

            @Override
            public long poll(long now) {
                calls.add("poll");
                if (calls.size() > 1) loop.stop();
                return now; // a timer always due: it must still wait for the queued packets
            }
        };
        TunEventLoop loop = new TunEventLoop(dev, h, dev::now);
        h.loop = loop;
        loop.run();
        assertThat(calls).containsExactly("poll", "packet 0", "packet 1", "packet 2", "poll");
    }

    @Test
    void stopFromAnotherThreadWakesAPollWithoutTimeout() throws Exception {
        TunEventLoop loop = new TunEventLoop(dev, new Handler() {}, dev::now).start("test-loop");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!dev.timeouts().contains(-1) && System.nanoTime() < end) Thread.sleep(1);
        assertThat(dev.timeouts()).as("loop is waiting without timeout").contains(-1);
        assertThat(loop.isRunning()).isTrue();
        loop.stop();
        assertThat(loop.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.isRunning()).isFalse();
        loop.close();
        assertThat(loop.failure()).isNull();
    }

    @Test
    void aHandlerExceptionEndsTheLoopAndIsReported() throws Exception {
        dev.offer(new byte[] {0x45});
        IllegalStateException boom = new IllegalStateException("boom");
        TunEventLoop loop = new TunEventLoop(dev, new Handler() {
            @Override
            public void onPacket(ByteBuffer p, long now) {
                throw boom;
            }
        }, dev::now);
        assertThatThrownBy(loop::run).isSameAs(boom);
        assertThat(loop.failure()).isSameAs(boom);
        assertThat(loop.isRunning()).isFalse();

        TunEventLoop threaded = new TunEventLoop(dev, new Handler() {
            @Override
            public long poll(long now) {
                throw boom;
            }
        }, dev::now).start();
        assertThat(threaded.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(threaded.failure()).isSameAs(boom);
    }

    @Test
    void refusedWritesAreCountedAndTheLoopGoesOn() throws Exception {
        dev.failWrites = true;
        dev.offer(new byte[] {0x45});
        dev.offer(new byte[] {0x45});
        Handler h = new Handler() {
            int seen;

            @Override
            public void onPacket(ByteBuffer p, long now) {
                out.write(p);
                if (++seen == 2) loop.stop();
            }
        };
        TunEventLoop loop = new TunEventLoop(dev, h, dev::now);
        h.loop = loop;
        loop.run();
        assertThat(loop.packetsIn()).isEqualTo(2);
        assertThat(loop.packetsOut()).isZero();
        assertThat(loop.writeErrors()).isEqualTo(2);
        assertThat(loop.lastWriteError()).isInstanceOf(TunException.class);
        assertThat(((TunException) loop.lastWriteError()).errnoName()).isEqualTo("EINVAL");
    }

    @Test
    void aLoopRunsOnce() {
        TunEventLoop loop = new TunEventLoop(dev, new Handler() {}, dev::now).start();
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
        loop.close();
        assertThat(loop.isRunning()).isFalse();
    }
}
