package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.wire.DecodeResult;

/** Two engines exchanging real IP packets (bytes, checksums) through the wire codec. */
class WireLinkTest {
    private final ArrayDeque<byte[]> toServer = new ArrayDeque<>();
    private final ArrayDeque<byte[]> toClient = new ArrayDeque<>();

    private static PacketEncoder into(ArrayDeque<byte[]> q) {
        return new PacketEncoder((b, off, len) -> {
            byte[] copy = new byte[len];
            b.get(off, copy, 0, len);
            q.add(copy);
        });
    }

    private void run(TcpEngine client, TcpEngine server, long now) {
        while (!toServer.isEmpty() || !toClient.isEmpty()) {
            if (!toServer.isEmpty()) {
                byte[] p = toServer.poll();
                assertThat(server.onPacket(ByteBuffer.wrap(p), 0, p.length, now)).isEqualTo(DecodeResult.OK);
            }
            if (!toClient.isEmpty()) {
                byte[] p = toClient.poll();
                assertThat(client.onPacket(ByteBuffer.wrap(p), 0, p.length, now)).isEqualTo(DecodeResult.OK);
            }
        }
    }

    private void lifecycle(Endpoint clientEp, Endpoint serverEp) {
        TcpEngine client = new TcpEngine(TcpConfig.rfc().isn(IsnGenerator.fixed(10001)), into(toServer), TcpEventListener.NONE);
        TcpEngine server = new TcpEngine(TcpConfig.rfc().isn(IsnGenerator.fixed(20001)), into(toClient), TcpEventListener.NONE);
        long l = server.listen(serverEp, 4);
        long c = client.connect(clientEp, serverEp, 0);
        run(client, server, 0);
        long s = server.accept(l);
        assertThat(client.state(c)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(client.view(c).timestamps()).as("timestamps negotiated through the codec").isTrue();
        assertThat(client.view(c).sndWscale()).isEqualTo(7);

        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + 7);
        ByteBuffer src = ByteBuffer.wrap(big);
        ByteBuffer dst = ByteBuffer.allocate(big.length);
        long now = 0;
        while (dst.position() < big.length) {
            if (src.hasRemaining()) client.send(c, src, now);
            run(client, server, now);
            server.receive(s, dst, now);
            run(client, server, now);
            now += 1_000_000;
        }
        assertThat(Arrays.equals(dst.array(), big)).isTrue();
        client.close(c, now);
        run(client, server, now);
        assertThat(server.receive(s, ByteBuffer.allocate(16), now)).isEqualTo(-1);
        server.close(s, now);
        run(client, server, now);
        assertThat(client.timeWaitCount()).isEqualTo(1);
        assertThat(server.connectionCount()).isZero();
        assertThat(client.stats().dropsTotal() + server.stats().dropsTotal()).isZero();
    }

    @Test
    void ipv4LifecycleThroughTheCodec() {
        lifecycle(Endpoint.v4("192.0.2.2", 40000), Endpoint.v4("192.0.2.1", 80));
    }

    @Test
    void ipv6LifecycleThroughTheCodec() {
        lifecycle(Endpoint.v6("2001:db8::2", 40000), Endpoint.v6("2001:db8::1", 80));
    }

    @Test
    void malformedPacketsAreCountedNeverThrown() {
        TcpEngine e = new TcpEngine(TcpConfig.rfc(), s -> { }, TcpEventListener.NONE);
        byte[] junk = "not an ip packet at all".getBytes(StandardCharsets.US_ASCII);
        int r = e.onPacket(ByteBuffer.wrap(junk), 0, junk.length, 0);
        assertThat(r).isNotEqualTo(DecodeResult.OK);
        assertThat(e.stats().drops(TcpStats.DROP_MALFORMED)).isEqualTo(1);
        assertThat(e.wireDrops().total()).isEqualTo(1);
    }

    @Test
    void badChecksumIsDroppedWhenVerifyingAndAcceptedWhenNot() {
        TcpEngine sender = new TcpEngine(TcpConfig.rfc(), into(toServer), TcpEventListener.NONE);
        sender.connect(Endpoint.v4("192.0.2.2", 40000), Endpoint.v4("192.0.2.1", 80), 0);
        byte[] syn = toServer.poll();
        syn[syn.length - 1] ^= 0x5A; // corrupt the last option byte: the TCP checksum no longer matches

        ArrayDeque<byte[]> replies = new ArrayDeque<>();
        TcpEngine strict = new TcpEngine(TcpConfig.rfc(), into(replies), TcpEventListener.NONE);
        strict.listen(Endpoint.v4("192.0.2.1", 80), 4);
        assertThat(strict.onPacket(ByteBuffer.wrap(syn), 0, syn.length, 0)).isEqualTo(DecodeResult.BAD_CHECKSUM);
        assertThat(replies).isEmpty();

        TcpConfig lax = TcpConfig.rfc();
        lax.verifyChecksums = false;
        TcpEngine loose = new TcpEngine(lax, into(replies), TcpEventListener.NONE);
        loose.listen(Endpoint.v4("192.0.2.1", 80), 4);
        assertThat(loose.onPacket(ByteBuffer.wrap(syn), 0, syn.length, 0)).isEqualTo(DecodeResult.OK);
        assertThat(replies).hasSize(1); // SYN-ACK
    }
}
