package org.tcplifecycle.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.IpAddress;
import org.tcplifecycle.api.TcpFlags;

/** The TUN device and event loop against the real kernel, inside a throw-away network namespace. */
class TunNetnsTest {

    @BeforeEach
    void environment() {
        NetnsFixture.assumeAvailable();
    }

    /** Copies every packet it is given (test code: allocation is fine here). */
    static final class Capture implements PacketHandler {
        final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();

        @Override
        public void attach(PacketOutput out) {
        }

        @Override
        public void onPacket(ByteBuffer ipPacket, long nowNanos) {
            byte[] b = new byte[ipPacket.remaining()];
            ipPacket.get(ipPacket.position(), b);
            packets.add(b);
        }

        @Override
        public long poll(long nowNanos) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Checks the checksums of every IPv4 packet the handler sends. Needed because the kernel hands an
     * ICMP reply to ping's raw socket before validating its checksum, and ping does not complain.
     */
    static final class VerifyingOutput implements PacketHandler {
        final PacketHandler inner;
        int sent;
        int invalid;

        VerifyingOutput(PacketHandler inner) {
            this.inner = inner;
        }

        @Override
        public void attach(PacketOutput out) {
            inner.attach(p -> {
                byte[] b = Packets.bytes(p);
                sent++;
                if ((b[0] & 0xF0) != 0x40 || !Packets.checksumsValidV4(b)) invalid++;
                out.write(p);
            });
        }

        @Override
        public void onPacket(ByteBuffer ipPacket, long nowNanos) {
            inner.onPacket(ipPacket, nowNanos);
        }

        @Override
        public long poll(long nowNanos) {
            return inner.poll(nowNanos);
        }
    }

    @Test
    void kernelPingIsAnsweredOverIpv4() throws Exception {
        NetnsFixture.assumeCommand("ping", "iputils-ping");
        try (NetnsFixture ns = NetnsFixture.create()) {
            IcmpEcho echo = new IcmpEcho(new Capture());
            VerifyingOutput verifying = new VerifyingOutput(echo);
            TunEventLoop loop = new TunEventLoop(ns.device(), verifying).start();
            NetnsFixture.Result ping;
            try {
                ping = ns.exec(10, "ping", "-c", "3", "-i", "0.2", "-W", "1", NetnsFixture.ENGINE_V4);
            } finally {
                loop.close();
            }
            assertThat(loop.failure()).isNull();
            assertThat(ping.exitCode).as("%s", ping).isZero();
            assertThat(ping.output).contains("3 packets transmitted, 3 received").doesNotContain("BAD CHECKSUM", "DUP!");
            assertThat(echo.replies()).isEqualTo(3);
            assertThat(verifying.sent).isEqualTo(3);
            assertThat(verifying.invalid).as("replies with a bad IP or ICMP checksum").isZero();
            assertThat(loop.packetsOut()).isEqualTo(3);
            assertThat(loop.writeErrors()).isZero();
        }
    }

    @Test
    void kernelPingIsAnsweredOverIpv6() throws Exception {
        NetnsFixture.assumeCommand("ping", "iputils-ping");
        try (NetnsFixture ns = NetnsFixture.create()) {
            assumeThat(ns.ipv6()).as("IPv6 is disabled in this kernel").isTrue();
            IcmpEcho echo = new IcmpEcho(new Capture());
            TunEventLoop loop = new TunEventLoop(ns.device(), echo).start();
            NetnsFixture.Result ping;
            try {
                ping = ns.exec(10, "ping", "-6", "-c", "3", "-i", "0.2", "-W", "1", NetnsFixture.ENGINE_V6);
            } finally {
                loop.close();
            }
            assertThat(loop.failure()).isNull();
            assertThat(ping.exitCode).as("%s", ping).isZero();
            assertThat(ping.output).contains("3 packets transmitted, 3 received").doesNotContain("BAD CHECKSUM", "DUP!");
            assertThat(echo.replies()).isEqualTo(3);
        }
    }

    @Test
    void kernelTcpConnectReachesTheHandlerAsSyn() throws Exception {
        NetnsFixture.assumeCommand("python3", "python3");
        try (NetnsFixture ns = NetnsFixture.create()) {
            Capture capture = new Capture();
            try (TunEventLoop loop = new TunEventLoop(ns.device(), new IcmpEcho(capture)).start()) {
                ns.spawn("python3", "-c", "import socket; socket.create_connection(('" + NetnsFixture.ENGINE_V4
                        + "', 7), timeout=5)");
                byte[] syn = null;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (syn == null && System.nanoTime() < end) {
                    byte[] p = capture.packets.poll(100, TimeUnit.MILLISECONDS);
                    // Skip what the kernel sends on its own (IPv6 router solicitations, MLD reports).
                    if (p != null && (p[0] & 0xF0) == 0x40 && p[9] == 6) syn = p;
                }
                assertThat(syn).as("no IPv4 TCP packet arrived within 5 s").isNotNull();
                assertSyn(syn);
                assertThat(loop.failure()).isNull();
            }
        }
    }

    private static void assertSyn(byte[] p) {
        ByteBuffer b = ByteBuffer.wrap(p);
        int ihl = (b.get(0) & 0x0F) * 4;
        assertThat(b.get(0) >>> 4).as("IP version").isEqualTo(4);
        assertThat(b.getShort(2) & 0xFFFF).as("total length").isEqualTo(p.length);
        assertThat(b.get(9)).as("protocol").isEqualTo((byte) 6);
        assertThat(IpAddress.v4(b.getInt(12))).as("source").isEqualTo(NetnsFixture.KERNEL_V4);
        assertThat(IpAddress.v4(b.getInt(16))).as("destination").isEqualTo(NetnsFixture.ENGINE_V4);
        assertThat(Packets.checksum(p, 0, ihl, 0)).as("IPv4 header checksum verifies").isZero();
        int tcp = ihl;
        assertThat(b.getShort(tcp + 2) & 0xFFFF).as("destination port").isEqualTo(7);
        assertThat(b.getShort(tcp) & 0xFFFF).as("source port").isGreaterThanOrEqualTo(1024);
        int flags = b.get(tcp + 13) & 0xFF;
        assertThat(TcpFlags.str(flags)).as("TCP flags").isEqualTo("S");
        int dataOffset = ((b.get(tcp + 12) & 0xFF) >>> 4) * 4;
        assertThat(dataOffset).as("a Linux SYN carries options").isGreaterThan(20);
        assertThat(p.length).as("a SYN carries no data").isEqualTo(ihl + dataOffset);
    }

    @Test
    void stopWakesALoopWaitingWithoutDeadline() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            TunEventLoop loop = new TunEventLoop(ns.device(), new Capture()).start();
            assertThat(loop.isRunning()).isTrue();
            loop.stop();
            assertThat(loop.awaitTermination(2, TimeUnit.SECONDS)).as("stopped within 2 s").isTrue();
            assertThat(loop.failure()).isNull();
            loop.close();
        }
    }
}
