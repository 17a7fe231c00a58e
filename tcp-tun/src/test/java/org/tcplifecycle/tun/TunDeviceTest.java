package org.tcplifecycle.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class TunDeviceTest {
    static final byte[] KERNEL = Packets.addr(192, 0, 2, 1);
    static final byte[] ENGINE = Packets.addr(192, 0, 2, 2);

    @Test
    void aMissingCloneDeviceIsReportedWithItsErrno() {
        assertThatThrownBy(() -> TunDevice.open("/nonexistent/net/tun", "tl0"))
                .isInstanceOfSatisfying(TunException.class, e -> {
                    assertThat(e.errno()).isEqualTo(2);
                    assertThat(e.errnoName()).isEqualTo("ENOENT");
                })
                .hasMessageContaining("open /nonexistent/net/tun failed: ENOENT (No such file or directory)")
                .hasMessageContaining("no TUN driver");
    }

    @Test
    void aFileThatIsNotTheTunCloneDeviceIsRejectedByIoctl() {
        assertThatThrownBy(() -> TunDevice.open("/dev/null", null))
                .isInstanceOfSatisfying(TunException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOTTY"))
                .hasMessageContaining("ioctl(TUNSETIFF)")
                .hasMessageContaining("ENOTTY");
    }

    @Test
    void namesLongerThanIfnamsizAreRefusedBeforeAnySystemCall() {
        assertThatThrownBy(() -> TunDevice.open("/nonexistent", "a23456789012345x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 15");
    }

    @Test
    void theKernelAssignsANameWhenNoneIsGiven() throws Exception {
        NetnsFixture.assumeAvailable();
        String name;
        try (TunDevice d = TunDevice.open()) {
            name = d.name();
            assertThat(name).matches("tun\\d+");
            assertThat(NetnsFixture.run(5, "ip", "link", "show", "dev", name).exitCode).isZero();
        }
        assertThat(NetnsFixture.run(5, "ip", "link", "show", "dev", name).exitCode)
                .as("the interface goes away with the descriptor").isNotZero();
    }

    @Test
    void aGivenNameIsKeptAndABusyNameIsReportedWithItsErrno() throws Exception {
        NetnsFixture.assumeAvailable();
        String name = "tlt" + Integer.toHexString(ThreadLocalRandom.current().nextInt() >>> 4);
        TunDevice d = TunDevice.open(name);
        try {
            assertThat(d.name()).isEqualTo(name);
            assertThat(d.isOpen()).isTrue();
            assertThatThrownBy(() -> TunDevice.open(name))
                    .isInstanceOfSatisfying(TunException.class, e -> assertThat(e.errnoName()).isEqualTo("EBUSY"))
                    .hasMessageContaining(name);
        } finally {
            d.close();
        }
        assertThat(d.isOpen()).isFalse();
        assertThatThrownBy(() -> d.poll(0)).isInstanceOf(IllegalStateException.class);
        d.close(); // idempotent
    }

    /** Send an echo request to the kernel side and read its reply, returning the reply length. */
    private static int exchange(TunDevice dev, ByteBuffer request, ByteBuffer rx) throws Exception {
        dev.write(request);
        while (true) {
            if (!dev.poll(2000)) throw new AssertionError("no packet within 2 s"); // no AssertJ: it allocates
            int n = dev.read(rx);
            // IPv4 ICMP from the kernel: our reply (the kernel also sends IPv6 solicitations and reports)
            if ((rx.get(rx.position()) & 0xF0) == 0x40 && rx.get(rx.position() + 9) == 1) return n;
        }
    }

    @Test
    void directBuffersCrossTheDeviceWithoutAllocation() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            TunDevice dev = ns.device();
            byte[] req = Packets.echoRequestV4(ENGINE, KERNEL, 0x7a7a, 1, new byte[32], 0);
            ByteBuffer tx = ByteBuffer.allocateDirect(req.length + 4);
            tx.position(4);
            tx.put(req).flip().position(4); // a non-zero position: the address offset must be applied
            ByteBuffer rx = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
            rx.position(8);
            for (int i = 0; i < 2000; i++) exchange(dev, tx, rx); // warm up the JIT

            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            int n = 0;
            for (int i = 0; i < 1000; i++) n = exchange(dev, tx, rx);
            long allocated = mx.getThreadAllocatedBytes(tid) - before;

            assertThat(allocated).as("bytes allocated for 1000 write/poll/read exchanges").isLessThan(1000);
            assertThat(tx.position()).isEqualTo(4);
            assertThat(rx.position()).isEqualTo(8);
            rx.limit(8 + n);
            byte[] reply = Packets.bytes(rx);
            assertThat(reply).hasSize(req.length);
            assertThat(reply[20]).as("echo reply from the kernel").isEqualTo((byte) 0);
            assertThat(Packets.u16(reply, 24)).as("our identifier").isEqualTo(0x7a7a);
        }
    }

    @Test
    void heapBuffersWorkThroughTheScratchBuffer() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            byte[] req = Packets.echoRequestV4(ENGINE, KERNEL, 0x1111, 9, "heap".getBytes(), 0);
            ByteBuffer tx = ByteBuffer.allocate(req.length + 2);
            tx.position(2);
            tx.put(req).flip().position(2);
            ByteBuffer rx = ByteBuffer.allocate(2048);
            rx.position(5);
            int n = exchange(ns.device(), tx, rx);
            rx.limit(5 + n);
            byte[] reply = Packets.bytes(rx);
            assertThat(reply[20]).isEqualTo((byte) 0);
            assertThat(Packets.u16(reply, 24)).isEqualTo(0x1111);
            assertThat(Packets.checksumsValidV4(reply)).isTrue();
            assertThat(new String(reply, 28, 4)).isEqualTo("heap");
        }
    }
}
