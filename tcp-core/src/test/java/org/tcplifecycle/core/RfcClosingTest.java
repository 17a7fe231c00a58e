package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;

/** RFC 9293 §3.10 in CLOSING: both FINs sent, ours (seq L) unacknowledged; SND.NXT = L + 1, RCV.NXT = P + 1. */
class RfcClosingTest {

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = closing(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.CLOSING);
    }

    @Test
    void sendIsConnectionClosing() {
        Rig r = new Rig();
        long h = closing(r);
        assertErrorUnchanged(r, h, () -> r.write(h, "x"), CONNECTION_CLOSING, "SEND", TcpState.CLOSING);
    }

    @Test
    void receiveIsEndOfStream() {
        // engine choice: end of stream (-1) stands for RFC 9293's "connection closing"
        Rig r = new Rig();
        long h = closing(r);
        assertThat(r.read(h)).isNull();
        r.noOutput();
    }

    @Test
    void closeIsOkAndSendsNothing() {
        Rig r = new Rig();
        long h = closing(r);
        r.engine.close(h, r.now());
        r.noOutput();
        assertThat(r.states).isEmpty();
        // the handle is released; the connection finishes on its own
        assertError(() -> r.engine.state(h), CONNECTION_DOES_NOT_EXIST, "STATUS", null);
        r.in(r.seg(".", P + 1, L + 1));
        assertThat(r.states).containsExactly(TcpState.TIME_WAIT);
    }

    @Test
    void abortDeletesWithoutRst() {
        Rig r = new Rig();
        long h = closing(r);
        r.engine.abort(h, r.now());
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.timeWaitCount()).isZero();
    }

    @Test
    void statusReportsClosing() {
        Rig r = new Rig();
        long h = closing(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.CLOSING);
        assertThat(v.sndUna()).isEqualTo(L);
        assertThat(v.sndNxt()).isEqualTo(L + 1);
        assertThat(v.rcvNxt()).isEqualTo(P + 1);
    }

    @Test
    void ackOfOurFinEntersTimeWait() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg(".", P + 1, L + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void duplicateAckNotCoveringOurFinIsIgnored() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg(".", P + 1, L));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
    }

    @Test
    void retransmittedFinIsAckedAgain() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg("F.", P, L));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
    }

    @Test
    void textIsIgnored() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.data("P.", P + 1, L, "late"));
        r.noOutput();
        assertThat(r.engine.view(h).rcvNxt()).isEqualTo(P + 1);
        assertThat(r.engine.available(h)).isZero();
    }

    @Test
    void rstAtRcvNxtEntersClosed() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg("R", P + 1, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).containsExactly("CLOSING->CLOSED", "closed:rst");
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void rstInWindowNotExactGetsChallengeAck() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg("R", P + 2, 0));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
    }

    @Test
    void synGetsChallengeAck() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg("S", P + 1, 0));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
    }

    @Test
    void segmentWithAckBitOffIsDropped() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg("", P + 1, L + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
    }

    @Test
    void ackOfSomethingNotYetSentIsAckedAndDropped() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg(".", P + 1, L + 2));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
    }

    @Test
    void finIsRetransmittedOnTimeout() {
        Rig r = new Rig();
        long h = closing(r);
        r.advanceMs(1000);
        r.expect("F.", L, P + 1);
        r.noOutput();
        r.in(r.seg(".", P + 1, L + 1));
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void unacceptableSequenceNumberIsAckedAndDropped() {
        Rig r = new Rig();
        long h = closing(r);
        r.in(r.seg(".", P + 40_000, L + 1));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).as("its ACK of our FIN was not used").isEqualTo(TcpState.CLOSING);
    }
}
