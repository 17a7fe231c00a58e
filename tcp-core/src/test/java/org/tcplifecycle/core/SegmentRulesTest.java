package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.RetransmissionPolicy;
import org.tcplifecycle.api.policy.TimeWaitReusePolicy;

/** Rules at the edges of segment processing and of the API that the per-state tests do not reach. */
class SegmentRulesTest {
    private static final int PEER = 5000;

    @Test
    void anOldAckDoesNotMoveTheSendWindow() {
        Rig r = new Rig();
        long h = r.established(PEER);
        r.write(h, "abc");
        r.out.clear();
        r.in(r.seg(".", PEER + 1, Rig.ISS + 4, 1000)); // acknowledges the data, window 1000
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(1000);
        // a newer sequence number but an ACK below SND.UNA: RFC 9293 forbids the window update
        r.in(r.data("P.", PEER + 1, Rig.ISS + 1, "x", 0));
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(1000);
        assertThat(r.read(h)).isEqualTo("x");
    }

    @Test
    void aSecondFinInCloseWaitTakesNoSequenceNumber() {
        Rig r = new Rig();
        long h = r.established(PEER);
        r.in(r.seg("F.", PEER + 1, Rig.ISS + 1));
        r.expect(".", Rig.ISS + 1, PEER + 2);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
        r.in(r.seg("F.", PEER + 2, Rig.ISS + 1)); // bogus: a FIN after the FIN
        r.expect(".", Rig.ISS + 1, PEER + 2);
        assertThat(r.engine.view(h).rcvNxt()).isEqualTo(PEER + 2);
    }

    @Test
    void aHandBuiltSegmentWithAnImpossiblePayloadIsDroppedNotThrown() {
        Rig r = new Rig();
        long h = r.established(PEER);
        Segment s = r.seg("P.", PEER + 1, Rig.ISS + 1);
        s.payload = ByteBuffer.allocate(4);
        s.payloadLength = 100;
        r.in(s);
        s.payload = null;
        r.in(s);
        r.noOutput();
        assertThat(r.engine.stats().drops(TcpStats.DROP_MALFORMED)).isEqualTo(2);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void connect4ToPortZeroIsForeignSocketUnspecified() {
        Rig r = new Rig();
        assertThatThrownBy(() -> r.engine.connect4(0xC0000201, 0, 0xC0000202, 0, 0))
                .isInstanceOf(TcpException.class)
                .satisfies(e -> assertThat(((TcpException) e).error()).isEqualTo(TcpException.Error.FOREIGN_SOCKET_UNSPECIFIED));
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void aLingeringCloseEndedByRetransmissionTimeoutReportsTheLinger() {
        TcpConfig cfg = TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .retransmission(RetransmissionPolicy.of(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1),
                        TimeUnit.SECONDS.toNanos(60), 6, 5, 1, 1));
        Rig r = new Rig(cfg);
        long h = r.established(PEER);
        r.write(h, "data");
        r.engine.setLinger(h, true, TimeUnit.SECONDS.toNanos(100)); // longer than the retries take
        r.engine.close(h, r.now());
        r.advanceMs(10_000); // 1 retry, then the retransmission timeout ends it
        assertThat(r.events).contains("reset:retransmit-timeout", "linger:false");
        assertThat(r.engine.isValid(h)).isFalse();
    }

    @Test
    void aTimeWaitRowIsNotSpentOnAPortThatSomethingListensOn() {
        TcpConfig cfg = TcpConfig.rfc().timestamps(false).windowScale(-1).timeWaitReuse(TimeWaitReusePolicy.ALWAYS);
        cfg.ephemeralFirst = 50000;
        cfg.ephemeralLast = 50000;
        Rig r = new Rig(cfg);
        // one lifecycle from port 50000 leaves a TIME_WAIT row on our side
        long h = r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.2", 40000), r.now());
        Segment syn = r.out.poll();
        r.localPort = syn.srcPort;
        r.in(r.seg("S.", PEER, syn.seq + 1));
        r.engine.close(h, r.now());
        r.in(r.seg("F.", PEER + 1, syn.seq + 2));
        r.out.clear();
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
        // now the only ephemeral port is also listened on: connect must fail without touching the row
        r.engine.listen(Endpoint.v4("192.0.2.1", 50000), 4);
        assertThatThrownBy(() -> r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.2", 40000), r.now()))
                .isInstanceOf(TcpException.class);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
        assertThat(r.engine.stats().timeWaitReused).isZero();
        // and the next connection elsewhere gets its own ISN, not the abandoned reuse ISN
        cfg.ephemeralLast = 50001;
        long other = r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.9", 80), r.now());
        assertThat(r.out.poll().seq).isEqualTo(Rig.ISS);
        assertThat(r.engine.state(other)).isEqualTo(TcpState.SYN_SENT);
    }
}
