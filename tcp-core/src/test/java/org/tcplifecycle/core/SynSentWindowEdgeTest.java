package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.policy.IsnGenerator;

/**
 * The right edge of the window offered in our SYN is placed once the peer's ISN is known, so the first
 * ACK advertises the buffer's window whatever that ISN is (it once kept an edge computed from RCV.NXT = 0,
 * which for some ISNs pinned the advertised window at 65535 &lt;&lt; scale).
 */
class SynSentWindowEdgeTest {

    @ParameterizedTest(name = "peer ISN {0}")
    @ValueSource(ints = {0, 52570265, 0x7FFF_0000, 0x8400_0000, -2078175000, -1})
    void firstAckAdvertisesTheBuffer(int peerIsn) {
        List<Segment> out = new ArrayList<>();
        TcpConfig cfg = TcpConfig.linux().isn(IsnGenerator.fixed(1000)).windowScale(7).buffers(1 << 16, 1 << 16);
        TcpEngine e = new TcpEngine(cfg, s -> out.add(s.deepCopy()), null);
        Endpoint local = Endpoint.v4("192.0.2.1", 40000), remote = Endpoint.v4("192.0.2.2", 80);
        long h = e.connect(local, remote, 1_000_000L);
        Segment synAck = new Segment();
        synAck.srcLo = remote.lo();
        synAck.srcPort = remote.port();
        synAck.dstLo = local.lo();
        synAck.dstPort = local.port();
        synAck.flags = TcpFlags.SYN | TcpFlags.ACK;
        synAck.seq = peerIsn;
        synAck.ack = 1001;
        synAck.window = 65535;
        synAck.mss = 1460;
        synAck.wscale = 7;
        synAck.hasTimestamps = true;
        synAck.tsVal = 5;
        e.onSegment(synAck, 2_000_000L);
        Segment ack = out.get(out.size() - 1);
        assertThat(ack.flags).isEqualTo(TcpFlags.ACK);
        assertThat(ack.ack).isEqualTo(peerIsn + 1);
        assertThat(ack.window).isEqualTo((1 << 16) >> 7); // 512: the 64 KiB buffer, scaled
        assertThat(e.view(h).rcvWnd()).isEqualTo(1 << 16);
    }
}
