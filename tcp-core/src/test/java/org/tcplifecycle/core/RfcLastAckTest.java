package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.RetransmissionPolicy;

/** RFC 9293 §3.10 in LAST-ACK: the peer's FIN received, ours (seq L) out; SND.NXT = L + 1, RCV.NXT = P + 1. */
class RfcLastAckTest {

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = lastAck(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.LAST_ACK);
    }

    @Test
    void sendIsConnectionClosing() {
        Rig r = new Rig();
        long h = lastAck(r);
        assertErrorUnchanged(r, h, () -> r.write(h, "x"), CONNECTION_CLOSING, "SEND", TcpState.LAST_ACK);
    }

    @Test
    void receiveIsEndOfStream() {
        // engine choice: end of stream (-1) stands for RFC 9293's "connection closing"
        Rig r = new Rig();
        long h = lastAck(r);
        assertThat(r.read(h)).isNull();
        r.noOutput();
    }

    @Test
    void closeIsOkAndSendsNothing() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.engine.close(h, r.now());
        r.noOutput();
        // the handle is released; the connection finishes on its own
        assertError(() -> r.engine.state(h), CONNECTION_DOES_NOT_EXIST, "STATUS", null);
        r.in(r.seg(".", P + 1, L + 1));
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void abortDeletesWithoutRst() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.engine.abort(h, r.now());
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void statusReportsLastAck() {
        Rig r = new Rig();
        long h = lastAck(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.LAST_ACK);
        assertThat(v.sndUna()).isEqualTo(L);
        assertThat(v.sndNxt()).isEqualTo(L + 1);
        assertThat(v.rcvNxt()).isEqualTo(P + 1);
    }

    @Test
    void ackOfOurFinEntersClosed() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg(".", P + 1, L + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).containsExactly("LAST_ACK->CLOSED", "closed:ack");
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.timeWaitCount()).as("the passive closer has no TIME-WAIT").isZero();
        assertThat(r.read(h)).isNull();
    }

    @Test
    void duplicateAckNotCoveringOurFinIsIgnored() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg(".", P + 1, L));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void retransmittedFinIsAckedAgain() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg("F.", P, L));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void textIsIgnored() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.data("P.", P + 1, L, "late"));
        r.noOutput();
        assertThat(r.engine.view(h).rcvNxt()).isEqualTo(P + 1);
    }

    @Test
    void rstAtRcvNxtEntersClosed() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg("R", P + 1, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).containsExactly("LAST_ACK->CLOSED", "closed:rst");
    }

    @Test
    void rstInWindowNotExactGetsChallengeAck() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg("R", P + 9, 0));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void synGetsChallengeAck() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg("S", P + 1, 0));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void segmentWithAckBitOffIsDropped() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg("", P + 1, L + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void ackOfSomethingNotYetSentIsAckedAndDropped() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg(".", P + 1, L + 2));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void finIsRetransmittedWithBackoff() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.advanceMs(1000);
        r.expect("F.", L, P + 1);
        r.advanceMs(1999);
        r.noOutput();
        r.advanceMs(1);
        r.expect("F.", L, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void finRetriesExhaustedIsConnectionTimedOut() {
        RetransmissionPolicy oneTry = RetransmissionPolicy.of(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(60), 6, 5, 15, 1);
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).retransmission(oneTry));
        long h = lastAck(r);
        r.advanceMs(1000);
        r.expect("F.", L, P + 1);
        r.advanceMs(2000);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:retransmit-timeout");
    }

    @Test
    void unacceptableSequenceNumberIsAckedAndDropped() {
        Rig r = new Rig();
        long h = lastAck(r);
        r.in(r.seg(".", P + 40_000, L + 1));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).as("its ACK of our FIN was not used").isEqualTo(TcpState.LAST_ACK);
    }
}
