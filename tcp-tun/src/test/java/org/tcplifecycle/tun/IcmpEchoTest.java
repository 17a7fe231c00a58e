package org.tcplifecycle.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcmpEchoTest {
    static final byte[] A4 = Packets.addr(192, 0, 2, 1);
    static final byte[] B4 = Packets.addr(192, 0, 2, 2);
    static final byte[] A6 = Packets.v6("2001:db8::1");
    static final byte[] B6 = Packets.v6("2001:db8::2");
    static final byte[] DATA = "abcdefghijklmnopqrstuvwxyz0123456789!".getBytes(); // odd length on purpose

    static byte[] answer(byte[] request) {
        ByteBuffer out = ByteBuffer.allocate(2048);
        int n = IcmpEcho.answer(ByteBuffer.wrap(request), out);
        return n < 0 ? null : Arrays.copyOf(out.array(), n);
    }

    @Test
    void ipv4ReplySwapsAddressesAndKeepsIdSequenceAndData() {
        byte[] reply = answer(Packets.echoRequestV4(A4, B4, 0x2aef, 7, DATA, 0));
        assertThat(reply).isNotNull().hasSize(20 + 8 + DATA.length);
        assertThat(reply[0]).isEqualTo((byte) 0x45);
        assertThat(Packets.u16(reply, 2)).isEqualTo(reply.length);
        assertThat(reply[8]).as("TTL").isEqualTo((byte) 64);
        assertThat(reply[9]).as("protocol").isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(reply, 12, 16)).as("source").isEqualTo(B4);
        assertThat(Arrays.copyOfRange(reply, 16, 20)).as("destination").isEqualTo(A4);
        assertThat(reply[20]).as("type echo reply").isEqualTo((byte) 0);
        assertThat(reply[21]).as("code").isEqualTo((byte) 0);
        assertThat(Packets.u16(reply, 24)).as("identifier").isEqualTo(0x2aef);
        assertThat(Packets.u16(reply, 26)).as("sequence").isEqualTo(7);
        assertThat(Arrays.copyOfRange(reply, 28, reply.length)).isEqualTo(DATA);
        assertThat(Packets.checksumsValidV4(reply)).as("IP and ICMP checksums").isTrue();
    }

    @Test
    void ipv4OptionsAreNotCopiedIntoTheReply() {
        byte[] reply = answer(Packets.echoRequestV4(A4, B4, 1, 2, DATA, 2));
        assertThat(reply).isNotNull().hasSize(20 + 8 + DATA.length);
        assertThat(reply[0]).isEqualTo((byte) 0x45);
        assertThat(Arrays.copyOfRange(reply, 28, reply.length)).isEqualTo(DATA);
        assertThat(Packets.checksumsValidV4(reply)).isTrue();
    }

    @Test
    void ipv4RequestsAStackWouldDropAreNotAnswered() {
        byte[] good = Packets.echoRequestV4(A4, B4, 1, 1, DATA, 0);
        assertThat(answer(good)).isNotNull();

        byte[] badIcmp = good.clone();
        badIcmp[30] ^= 1; // a data byte: the ICMP checksum no longer matches
        assertThat(answer(badIcmp)).isNull();

        byte[] badIp = good.clone();
        badIp[8] ^= 1; // TTL: the header checksum no longer matches
        assertThat(answer(badIp)).isNull();

        byte[] fragment = Packets.echoRequestV4(A4, B4, 1, 1, DATA, 0);
        fragment[6] = 0x20; // MF
        fixIpChecksum(fragment);
        assertThat(answer(fragment)).isNull();

        assertThat(answer(Packets.echoRequestV4(A4, Packets.addr(224, 0, 0, 1), 1, 1, DATA, 0))).isNull();
        assertThat(answer(Packets.echoRequestV4(A4, Packets.addr(255, 255, 255, 255), 1, 1, DATA, 0))).isNull();

        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertThat(answer(truncated)).isNull();

        byte[] reply = answer(good);
        assertThat(answer(reply)).as("an echo reply is not answered").isNull();

        byte[] udp = good.clone();
        udp[9] = 17;
        fixIpChecksum(udp);
        assertThat(answer(udp)).isNull();
    }

    @Test
    void ipv6ReplyHasAValidPseudoHeaderChecksum() {
        byte[] reply = answer(Packets.echoRequestV6(A6, B6, 0x1234, 3, DATA));
        assertThat(reply).isNotNull().hasSize(40 + 8 + DATA.length);
        assertThat(Packets.u16(reply, 0)).as("version 6, traffic class 0").isEqualTo(0x6000);
        assertThat(Packets.u16(reply, 4)).isEqualTo(8 + DATA.length);
        assertThat(reply[6]).as("next header").isEqualTo((byte) 58);
        assertThat(reply[7]).as("hop limit").isEqualTo((byte) 64);
        assertThat(Arrays.copyOfRange(reply, 8, 24)).as("source").isEqualTo(B6);
        assertThat(Arrays.copyOfRange(reply, 24, 40)).as("destination").isEqualTo(A6);
        assertThat(reply[40] & 0xFF).as("type echo reply").isEqualTo(129);
        assertThat(Packets.u16(reply, 44)).isEqualTo(0x1234);
        assertThat(Packets.u16(reply, 46)).isEqualTo(3);
        assertThat(Arrays.copyOfRange(reply, 48, reply.length)).isEqualTo(DATA);
        assertThat(Packets.checksumValidIcmpV6(reply)).isTrue();
    }

    @Test
    void ipv6RequestsThatAreNotPlainUnicastEchoAreNotAnswered() {
        byte[] good = Packets.echoRequestV6(A6, B6, 1, 1, DATA);
        byte[] bad = good.clone();
        bad[50] ^= 1;
        assertThat(answer(bad)).isNull();
        assertThat(answer(Packets.echoRequestV6(A6, Packets.v6("ff02::1"), 1, 1, DATA))).isNull();
        byte[] hopByHop = good.clone();
        hopByHop[6] = 0; // an extension header first: not handled
        assertThat(answer(hopByHop)).isNull();
        assertThat(answer(answer(good))).as("an echo reply is not answered").isNull();
    }

    @Test
    void honoursBufferPositionsAndIgnoresByteOrder() {
        byte[] req = Packets.echoRequestV4(A4, B4, 9, 9, DATA, 0);
        ByteBuffer in = ByteBuffer.allocateDirect(req.length + 10).order(ByteOrder.LITTLE_ENDIAN);
        in.position(7);
        for (byte b : req) in.put(b);
        in.flip().position(7).limit(7 + req.length);
        ByteBuffer out = ByteBuffer.allocateDirect(2048).order(ByteOrder.LITTLE_ENDIAN);
        out.position(3);
        int n = IcmpEcho.answer(in, out);
        assertThat(n).isEqualTo(req.length);
        assertThat(in.position()).isEqualTo(7);
        assertThat(out.position()).isEqualTo(3);
        out.limit(3 + n);
        byte[] reply = Packets.bytes(out);
        assertThat(reply).isEqualTo(answer(req));
        assertThat(Packets.checksumsValidV4(reply)).isTrue();
    }

    @Test
    void asHandlerAnswersEchoAndPassesEverythingElseOn() {
        List<byte[]> written = new ArrayList<>();
        List<byte[]> passed = new ArrayList<>();
        PacketHandler next = new PacketHandler() {
            PacketOutput out;

            @Override
            public void attach(PacketOutput out) {
                this.out = out;
            }

            @Override
            public void onPacket(ByteBuffer ipPacket, long nowNanos) {
                passed.add(Packets.bytes(ipPacket));
            }

            @Override
            public long poll(long nowNanos) {
                return nowNanos + 42;
            }
        };
        IcmpEcho echo = new IcmpEcho(next);
        echo.attach(p -> written.add(Packets.bytes(p)));

        byte[] req = Packets.echoRequestV6(A6, B6, 5, 6, DATA);
        byte[] udp = Packets.echoRequestV4(A4, B4, 1, 1, DATA, 0);
        udp[9] = 17;
        echo.onPacket(ByteBuffer.wrap(req), 0);
        echo.onPacket(ByteBuffer.wrap(udp), 0);

        assertThat(written).hasSize(1);
        assertThat(written.get(0)).isEqualTo(answer(req));
        assertThat(passed).hasSize(1);
        assertThat(passed.get(0)).isEqualTo(udp);
        assertThat(echo.replies()).isEqualTo(1);
        assertThat(echo.poll(100)).as("deadline of the next handler").isEqualTo(142);
        assertThat(new IcmpEcho().poll(100)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void answeringAllocatesNothing() {
        ByteBuffer v4 = ByteBuffer.allocateDirect(2048);
        v4.put(Packets.echoRequestV4(A4, B4, 1, 1, new byte[56], 0)).flip();
        ByteBuffer v6 = ByteBuffer.allocateDirect(2048);
        v6.put(Packets.echoRequestV6(A6, B6, 1, 1, new byte[56])).flip();
        long[] sent = new long[1];
        IcmpEcho echo = new IcmpEcho();
        echo.attach(p -> sent[0] += p.remaining());
        for (int i = 0; i < 20_000; i++) {
            echo.onPacket(v4, i);
            echo.onPacket(v6, i);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            echo.onPacket(v4, i);
            echo.onPacket(v6, i);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated answering 20000 requests").isLessThan(1000);
        assertThat(echo.replies()).isEqualTo(60_000);
        assertThat(sent[0]).isEqualTo(30_000L * (84 + 104));
    }

    private static void fixIpChecksum(byte[] p) {
        int ihl = (p[0] & 0x0F) * 4;
        p[10] = 0;
        p[11] = 0;
        int c = Packets.checksum(p, 0, ihl, 0);
        p[10] = (byte) (c >> 8);
        p[11] = (byte) c;
    }
}
