package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;

/** RFC 9293 §3.10 in CLOSE-WAIT: the peer's FIN received, RCV.NXT = P + 1, SND.NXT = L. */
class RfcCloseWaitTest {

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = closeWait(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.CLOSE_WAIT);
    }

    @Test
    void sendQueuesData() {
        Rig r = new Rig();
        long h = closeWait(r);
        assertThat(r.write(h, "hi")).isEqualTo(2);
        r.expectData("P.", L, P + 1, "hi");
        r.noOutput();
        r.in(r.seg(".", P + 1, L + 2));
        assertThat(r.engine.unacknowledged(h)).isZero();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void receiveReturnsRemainingTextThenEndOfStream() {
        // engine choice: once the data on hand is read, RECEIVE reports end of stream (-1), the
        // sockets equivalent of RFC 9293's "connection closing"
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("FP.", P, L, "last"));
        r.expect(".", L, P + 5);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(r.read(h)).isEqualTo("last");
        assertThat(r.read(h)).isNull();
        assertThat(r.read(h)).isNull();
    }

    @Test
    void closeSendsFinAndEntersLastAck() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.engine.close(h, r.now());
        r.expect("F.", L, P + 1);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.LAST_ACK);
        r.in(r.seg(".", P + 1, L + 1));
        assertThat(r.states).containsExactly(TcpState.LAST_ACK, TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void abortSendsRstAtSndNxt() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.engine.abort(h, r.now());
        r.expect("R", L, 0);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
    }

    @Test
    void statusReportsCloseWait() {
        Rig r = new Rig();
        long h = closeWait(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(v.rcvNxt()).isEqualTo(P + 1);
        assertThat(v.peerFin()).isTrue();
    }

    @Test
    void retransmittedFinIsAckedAgain() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.seg("F.", P, L));
        r.expect(".", L, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void textAfterTheFinIsIgnored() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.data("P.", P + 1, L, "late"));
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
        assertThat(r.engine.view(h).rcvNxt()).isEqualTo(P + 1);
    }

    @Test
    void rstAtRcvNxtResets() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.seg("R", P + 1, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:rst");
        assertError(() -> r.write(h, "x"), CONNECTION_RESET, "SEND", TcpState.CLOSED);
    }

    @Test
    void rstInWindowNotExactGetsChallengeAck() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.seg("R", P + 2, 0));
        r.expect(".", L, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void rstOutOfWindowIsDropped() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.seg("R", P, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void synGetsChallengeAck() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.seg("S", P + 1, 0));
        r.expect(".", L, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void segmentWithAckBitOffIsDropped() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.write(h, "hi");
        r.expectData("P.", L, P + 1, "hi");
        r.in(r.seg("", P + 1, L + 2)); // the acknowledgment field is not looked at without the ACK bit
        r.noOutput();
        assertThat(r.engine.unacknowledged(h)).isEqualTo(2);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void ackOfSomethingNotYetSentIsAckedAndDropped() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.seg(".", P + 1, L + 3));
        r.expect(".", L, P + 1);
        r.noOutput();
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L);
    }

    @Test
    void dataIsRetransmittedOnTimeout() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.write(h, "hi");
        r.expectData("P.", L, P + 1, "hi");
        r.advanceMs(1000);
        r.expectData("P.", L, P + 1, "hi");
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void oldDuplicateAckIsIgnored() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.write(h, "hello");
        r.expectData("P.", L, P + 1, "hello");
        r.in(r.seg(".", P + 1, L + 5));
        r.in(r.seg(".", P + 1, L + 2));
        r.noOutput();
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L + 5);
    }

    @Test
    void sendWindowUpdatesStillApply() {
        Rig r = new Rig();
        long h = closeWait(r);
        r.in(r.seg(".", P + 1, L, 0));
        r.write(h, "abc");
        r.noOutput();
        r.in(r.seg(".", P + 1, L, 10)); // SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK: taken
        r.expectData("P.", L, P + 1, "abc");
        r.noOutput();
    }
}
