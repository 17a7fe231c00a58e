package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.OrphanPolicy;

/** RFC 9293 §3.10 in FIN-WAIT-2: our FIN acknowledged, SND.UNA = SND.NXT = L + 1, RCV.NXT = P. */
class RfcFinWait2Test {

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = finWait2(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.FIN_WAIT_2);
    }

    @Test
    void sendIsConnectionClosing() {
        Rig r = new Rig();
        long h = finWait2(r);
        assertErrorUnchanged(r, h, () -> r.write(h, "x"), CONNECTION_CLOSING, "SEND", TcpState.FIN_WAIT_2);
    }

    @Test
    void receiveStillDeliversText() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.data("P.", P, L + 1, "abc"));
        r.expect(".", L + 1, P + 3);
        r.noOutput();
        assertThat(r.read(h)).isEqualTo("abc");
        assertThat(r.read(h)).isEmpty();
    }

    @Test
    void closeIsOkAndWaitsForThePeerForeverUnderRfc9293OrphanPolicy() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.engine.close(h, r.now());
        r.noOutput();
        for (int i = 0; i < 10; i++) r.advanceMs(60_000);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isEqualTo(1);
        r.in(r.seg("F.", P, L + 1));
        r.expect(".", L + 1, P + 1);
        assertThat(r.states).containsExactly(TcpState.TIME_WAIT);
    }

    @Test
    void closeStartsTheFinWait2TimerUnderLinuxOrphanPolicy() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).orphan(OrphanPolicy.LINUX));
        long h = finWait2(r);
        r.engine.close(h, r.now());
        r.noOutput();
        r.advanceMs(TimeUnit.SECONDS.toMillis(60) - 1);
        r.noOutput();
        r.advanceMs(1);
        r.expect("R.", L + 1, P);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
    }

    @Test
    void abortSendsRstAtSndNxt() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.engine.abort(h, r.now());
        r.expect("R", L + 1, 0);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
    }

    @Test
    void statusReportsFinWait2() {
        Rig r = new Rig();
        long h = finWait2(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(v.sndUna()).isEqualTo(L + 1);
        assertThat(v.sndNxt()).isEqualTo(L + 1);
        assertThat(v.rcvNxt()).isEqualTo(P);
    }

    @Test
    void finEntersTimeWaitAndIsAcked() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("F.", P, L + 1));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(r.events).containsExactly("peer-closed", "FIN_WAIT_2->TIME_WAIT");
    }

    @Test
    void finWithTextDeliversTheTextThenEndOfStream() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.data("FP.", P, L + 1, "bye"));
        r.expect(".", L + 1, P + 4);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(r.read(h)).isEqualTo("bye");
        assertThat(r.read(h)).isNull();
    }

    @Test
    void unacceptableSequenceNumberIsAckedAndDropped() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("F.", P + 40_000, L + 1));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void rstAtRcvNxtResets() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("R", P, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertError(() -> r.read(h), CONNECTION_RESET, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void rstInWindowNotExactGetsChallengeAck() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("R", P + 100, 0));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void rstOutOfWindowIsDropped() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("R", P + 40_000, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void synGetsChallengeAck() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("S", P, 0));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void segmentWithAckBitOffIsDropped() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("F", P, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void ackOfSomethingNotYetSentIsAckedAndDropped() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.seg("F.", P, L + 2));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).as("the FIN was dropped with it").isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void oldDuplicateAckIsIgnoredAndTheSegmentProcessed() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.data("P.", P, L, "abc")); // SEG.ACK = L < SND.UNA
        r.expect(".", L + 1, P + 3);
        r.noOutput();
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L + 1);
        assertThat(r.read(h)).isEqualTo("abc");
    }

    @Test
    void urgentTextIsDeliveredInline() {
        Rig r = new Rig();
        long h = finWait2(r);
        org.tcplifecycle.api.Segment s = r.data("UP.", P, L + 1, "urgent");
        s.urgent = 3;
        r.in(s);
        r.expect(".", L + 1, P + 6);
        assertThat(r.read(h)).isEqualTo("urgent");
    }

    @Test
    void textOutOfOrderIsDroppedAndReAcked() {
        Rig r = new Rig();
        long h = finWait2(r);
        r.in(r.data("FP.", P + 3, L + 1, "def"));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
        assertThat(r.engine.state(h)).as("the FIN after the gap waits").isEqualTo(TcpState.FIN_WAIT_2);
    }
}
