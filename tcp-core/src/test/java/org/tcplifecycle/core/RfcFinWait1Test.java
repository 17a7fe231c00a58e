package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;

/** RFC 9293 §3.10 in FIN-WAIT-1: our FIN (seq L) is out, SND.NXT = L + 1, RCV.NXT = P. */
class RfcFinWait1Test {

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = finWait1(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.FIN_WAIT_1);
    }

    @Test
    void sendIsConnectionClosing() {
        Rig r = new Rig();
        long h = finWait1(r);
        assertErrorUnchanged(r, h, () -> r.write(h, "x"), CONNECTION_CLOSING, "SEND", TcpState.FIN_WAIT_1);
    }

    @Test
    void receiveStillDeliversText() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.data("P.", P, L, "abc"));
        r.expect(".", L + 1, P + 3);
        r.noOutput();
        assertThat(r.read(h)).isEqualTo("abc");
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void closeIsOkAndSendsNoSecondFin() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.engine.close(h, r.now());
        r.noOutput();
        assertThat(r.states).isEmpty();
        // the handle is released; the connection finishes on its own
        assertError(() -> r.engine.state(h), CONNECTION_DOES_NOT_EXIST, "STATUS", null);
        r.in(r.seg(".", P, L + 1));
        assertThat(r.states).containsExactly(TcpState.FIN_WAIT_2);
    }

    @Test
    void abortSendsRstAtSndNxt() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.engine.abort(h, r.now());
        r.expect("R", L + 1, 0);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void statusReportsFinWait1() {
        Rig r = new Rig();
        long h = finWait1(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(v.sndUna()).isEqualTo(L);
        assertThat(v.sndNxt()).isEqualTo(L + 1);
    }

    @Test
    void ackOfOurFinEntersFinWait2() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg(".", P, L + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void ackOfDataButNotOfTheFinStaysInFinWait1() {
        Rig r = new Rig();
        long h = established(r);
        r.write(h, "abc");
        r.expectData("P.", L, P, "abc");
        r.engine.shutdownOutput(h, r.now());
        r.expect("F.", L + 3, P);
        r.in(r.seg(".", P, L + 3));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(r.engine.unacknowledged(h)).isZero();
        r.in(r.seg(".", P, L + 4));
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void finWithAckOfOurFinGoesStraightToTimeWait() {
        // RFC 9293: "if our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT"; the
        // engine does not report a FIN-WAIT-2 step in between
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg("F.", P, L + 1));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.TIME_WAIT);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void finWithoutAckOfOurFinEntersClosing() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg("F.", P, L));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
    }

    @Test
    void unacceptableSequenceNumberIsAckedAndDropped() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg(".", P - 1, L + 1));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).as("the ACK of our FIN was not processed").isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void rstAtRcvNxtResets() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg("R", P, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:rst");
        assertError(() -> r.read(h), CONNECTION_RESET, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void rstInWindowNotExactGetsChallengeAck() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg("R", P + 1, 0));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void rstOutOfWindowIsDropped() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg("R", P - 1, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void synGetsChallengeAck() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg("S", P + 5, 0));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void segmentWithAckBitOffIsDropped() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg("F", P, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void ackOfSomethingNotYetSentIsAckedAndDropped() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.seg(".", P, L + 5));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void textOutOfOrderIsDroppedAndReAcked() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.in(r.data("P.", P + 2, L, "cd"));
        r.expect(".", L + 1, P);
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
    }

    @Test
    void textAfterCloseIsAckedAndDiscardedUnderRfc9293OrphanPolicy() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.engine.close(h, r.now());
        r.in(r.data("P.", P, L, "abc"));
        r.expect(".", L + 1, P + 3);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isEqualTo(1);
    }

    @Test
    void textAfterCloseGetsRstUnderLinuxOrphanPolicy() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).orphan(OrphanPolicy.LINUX));
        long h = finWait1(r);
        r.engine.close(h, r.now());
        r.in(r.data("P.", P, L, "abc"));
        r.expect("R.", L + 1, P);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
    }

    @Test
    void finIsRetransmittedWithBackoff() {
        Rig r = new Rig();
        long h = finWait1(r);
        r.advanceMs(1000);
        r.expect("F.", L, P);
        r.advanceMs(1999);
        r.noOutput();
        r.advanceMs(1);
        r.expect("F.", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void finRetriesExhaustedIsConnectionTimedOut() {
        RetransmissionPolicy twoTries = RetransmissionPolicy.of(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(60), 6, 5, 15, 2);
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).retransmission(twoTries));
        long h = finWait1(r);
        r.advanceMs(1000);
        r.expect("F.", L, P);
        r.advanceMs(2000);
        r.expect("F.", L, P);
        r.advanceMs(4000);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:retransmit-timeout");
    }

    @Test
    void oldDuplicateAckIsIgnoredAndTheTextProcessed() {
        Rig r = new Rig();
        long h = established(r);
        r.write(h, "abc");
        r.expectData("P.", L, P, "abc");
        r.in(r.seg(".", P, L + 3));
        r.engine.shutdownOutput(h, r.now());
        r.expect("F.", L + 3, P);
        r.in(r.data("P.", P, L + 1, "xy")); // SEG.ACK < SND.UNA
        r.expect(".", L + 4, P + 2);
        r.noOutput();
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L + 3);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(r.read(h)).isEqualTo("xy");
    }

    @Test
    void urgentTextIsDeliveredInline() {
        Rig r = new Rig();
        long h = finWait1(r);
        org.tcplifecycle.api.Segment s = r.data("UP.", P, L + 1, "urgent");
        s.urgent = 1;
        r.in(s);
        r.expect(".", L + 1, P + 6);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(r.read(h)).isEqualTo("urgent");
    }
}
