package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;

/** RFC 9293 §3.10 in ESTABLISHED: every user call and every step of SEGMENT ARRIVES. */
class RfcEstablishedTest {
    private static final int WND = 32768; // the rig's receive buffer, i.e. RCV.WND when nothing is unread

    /** A rig whose receive buffer (and so RCV.WND) is only 16 octets. */
    private static Rig smallWindow() {
        return new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 16));
    }

    // ---------------------------------------------------------------------------------------------
    // OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = established(r);
        assertErrorUnchanged(r, h, () -> r.engine.connect(Rig.LOCAL, Rig.REMOTE, r.now()),
                CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.ESTABLISHED);
        assertErrorUnchanged(r, h, () -> r.engine.connect4(0xC0000201, 80, 0xC0000202, 40000, r.now()),
                CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.ESTABLISHED);
        assertThat(r.engine.connectionCount()).isEqualTo(1);
    }

    @Test
    void sendTransmitsDataAtSndNxt() {
        Rig r = new Rig();
        long h = established(r);
        assertThat(r.write(h, "hello")).isEqualTo(5);
        r.expectData("P.", L, P, "hello");
        r.noOutput();
        assertThat(r.engine.view(h).sndNxt()).isEqualTo(L + 5);
        assertThat(r.engine.unacknowledged(h)).isEqualTo(5);
    }

    @Test
    void receiveDeliversQueuedTextAndReturnsZeroWhenNothingIsQueued() {
        Rig r = new Rig();
        long h = established(r);
        assertThat(r.read(h)).isEmpty();
        r.in(r.data("P.", P, L, "abc"));
        r.expect(".", L, P + 3);
        assertThat(r.engine.available(h)).isEqualTo(3);
        assertThat(r.read(h)).isEqualTo("abc");
        assertThat(r.read(h)).isEmpty();
    }

    @Test
    void closeSendsFinAndEntersFinWait1() {
        Rig r = new Rig();
        long h = established(r);
        r.engine.close(h, r.now());
        r.expect("F.", L, P);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.FIN_WAIT_1);
        // CLOSE releases the handle: the connection finishes on its own
        assertError(() -> r.engine.state(h), CONNECTION_DOES_NOT_EXIST, "STATUS", null);
        assertThat(r.engine.connectionCount()).isEqualTo(1);
    }

    @Test
    void closeSendsFinAfterQueuedData() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg(".", P, L)); // no change: the peer's window stays open
        r.engine.shutdownOutput(h, r.now());
        r.expect("F.", L, P);
        r.noOutput();
        Rig r2 = new Rig();
        long h2 = established(r2);
        r2.in(r2.seg(".", P, L, 0)); // zero window: data waits, so the FIN must wait behind it
        r2.write(h2, "abc");
        r2.engine.shutdownOutput(h2, r2.now());
        r2.noOutput();
        r2.in(r2.seg(".", P, L, 100));
        r2.expectData("FP.", L, P, "abc");
        r2.noOutput();
    }

    @Test
    void abortSendsRstAtSndNxtAndDeletesTheConnection() {
        Rig r = new Rig();
        long h = established(r);
        r.write(h, "abc");
        r.expectData("P.", L, P, "abc");
        r.engine.abort(h, r.now());
        r.expect("R", L + 3, 0);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.isValid(h)).isFalse();
    }

    @Test
    void abortSendsRstWithAckUnderTheLinuxProfileSwitch() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768));
        r.cfg.abortRstWithAck = true;
        long h = established(r);
        r.engine.abort(h, r.now());
        r.expect("R.", L, P);
        r.noOutput();
    }

    @Test
    void statusReportsStateAndSequenceVariables() {
        Rig r = new Rig();
        long h = established(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(v.iss()).isEqualTo(Rig.ISS);
        assertThat(v.irs()).isEqualTo(PEER_ISS);
        assertThat(v.sndUna()).isEqualTo(L);
        assertThat(v.sndNxt()).isEqualTo(L);
        assertThat(v.rcvNxt()).isEqualTo(P);
        assertThat(v.sndWnd()).isEqualTo(65535);
        assertThat(r.engine.tuple(h).local()).isEqualTo(Rig.LOCAL);
        assertThat(r.engine.tuple(h).remote()).isEqualTo(Rig.REMOTE);
    }

    // ---------------------------------------------------------------------------------------------
    // SEGMENT ARRIVES, first: sequence number acceptability (the four cases)

    @Test
    void emptySegmentBelowWindowIsUnacceptableAckedAndDropped() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg(".", P - 1, L, 7));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.view(h).sndWnd()).as("the window it carried is not used").isEqualTo(65535);
    }

    @Test
    void emptySegmentAtRightEdgeIsUnacceptableAckedAndDropped() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg(".", P + WND, L, 7));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(65535);
    }

    @Test
    void emptySegmentInsideWindowIsAccepted() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg(".", P + WND - 1, L, 7)); // RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
        r.noOutput();
        assertThat(r.engine.view(h).sndWnd()).as("processed: SND.WL1 < SEG.SEQ, the window is taken").isEqualTo(7);
    }

    @Test
    void textWhollyBelowWindowIsUnacceptableAckedAndDropped() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P - 3, L, "old"));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
    }

    @Test
    void textStartingBeyondWindowIsUnacceptableAckedAndDropped() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P + WND, L, "far"));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
    }

    @Test
    void textOverlappingLeftEdgeIsTrimmedAtTheFront() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P - 3, L, "xyzabc")); // the last octet is in the window: acceptable
        r.expect(".", L, P + 3);
        r.noOutput();
        assertThat(r.read(h)).isEqualTo("abc");
    }

    @Test
    void textBeyondWindowIsTrimmedAtTheEnd() {
        Rig r = smallWindow();
        long h = established(r);
        r.in(r.data("P.", P, L, "0123456789abcdefXYZ"));
        Segment ack = r.expect(".", L, P + 16);
        assertThat(ack.window).as("the window is now full").isZero();
        r.noOutput();
        assertThat(r.read(h)).isEqualTo("0123456789abcdef");
    }

    /** Fills the 16-octet window, with 2 octets of ours in flight. */
    private static long zeroWindow(Rig r) {
        long h = established(r);
        r.write(h, "hi");
        r.expectData("P.", L, P, "hi");
        r.in(r.data("P.", P, L, "0123456789abcdef"));
        assertThat(r.expect(".", L + 2, P + 16).window).isZero();
        return h;
    }

    @Test
    void zeroWindowAcceptsEmptySegmentAtRcvNxt() {
        Rig r = smallWindow();
        long h = zeroWindow(r);
        r.in(r.seg(".", P + 16, L + 2));
        r.noOutput();
        assertThat(r.engine.unacknowledged(h)).as("its ACK was processed").isZero();
    }

    @Test
    void zeroWindowRejectsEmptySegmentNotAtRcvNxt() {
        Rig r = smallWindow();
        long h = zeroWindow(r);
        r.in(r.seg(".", P + 17, L + 2));
        r.expect(".", L + 2, P + 16);
        r.noOutput();
        assertThat(r.engine.unacknowledged(h)).as("its ACK was not processed").isEqualTo(2);
    }

    @Test
    void zeroWindowRejectsTextButStillProcessesItsAck() {
        // RFC 9293: with a zero window, valid ACKs, URGs and RSTs are still processed
        Rig r = smallWindow();
        long h = zeroWindow(r);
        r.in(r.data("P.", P + 16, L + 2, "more"));
        assertThat(r.expect(".", L + 2, P + 16).window).isZero();
        r.noOutput();
        assertThat(r.engine.unacknowledged(h)).isZero();
        assertThat(r.read(h)).isEqualTo("0123456789abcdef");
    }

    // ---------------------------------------------------------------------------------------------
    // second: RST

    @Test
    void rstAtRcvNxtResetsTheConnection() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg("R", P, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).containsExactly("reset:rst", "ESTABLISHED->CLOSED", "closed:rst");
        assertError(() -> r.read(h), CONNECTION_RESET, "RECEIVE", TcpState.CLOSED);
        assertError(() -> r.write(h, "x"), CONNECTION_RESET, "SEND", TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void rstInWindowNotExactGetsChallengeAck() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg("R", P + 1, 0));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(r.engine.stats().challengeAcks).isEqualTo(1);
    }

    @Test
    void rstOutOfWindowIsDropped() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg("R", P + WND, 0));
        r.in(r.seg("R", P - 1, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void challengeAcksAreRateLimited() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).challengeAckLimit(1));
        long h = established(r);
        r.in(r.seg("R", P + 1, 0));
        r.expect(".", L, P);
        r.in(r.seg("R", P + 2, 0));
        r.noOutput();
        r.advanceMs(1000);
        r.in(r.seg("R", P + 3, 0));
        r.expect(".", L, P);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void rstInWindowUnderRfc793PolicyResets() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).reset(ResetPolicy.RFC793));
        long h = established(r);
        r.in(r.seg("R", P + 100, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertError(() -> r.read(h), CONNECTION_RESET, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void rstOutOfWindowUnderRfc793PolicyIsDropped() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).reset(ResetPolicy.RFC793));
        long h = established(r);
        r.in(r.seg("R", P + WND, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    // ---------------------------------------------------------------------------------------------
    // fourth: SYN (the third check, security, is not implemented: RFC 9293 leaves it optional)

    @Test
    void synInWindowGetsChallengeAck() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg("S", P + 5, 0));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(r.engine.stats().challengeAcks).isEqualTo(1);
    }

    @Test
    void synInWindowUnderRfc793PolicySendsRstAndResets() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).reset(ResetPolicy.RFC793));
        long h = established(r);
        r.in(r.seg("S", P + 5, 0));
        r.expect("R", L, 0);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:syn-in-window");
        assertError(() -> r.read(h), CONNECTION_RESET, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void synOutOfWindowUnderRfc793PolicyIsAckedAsUnacceptable() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).reset(ResetPolicy.RFC793));
        long h = established(r);
        r.in(r.seg("S", P + WND + 10, 0));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    // ---------------------------------------------------------------------------------------------
    // fifth: ACK

    @Test
    void segmentWithAckBitOffIsDropped() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P", P, 0, "abc"));
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
        assertThat(r.engine.view(h).rcvNxt()).isEqualTo(P);
    }

    @Test
    void ackOfSomethingNotYetSentIsAckedAndDropped() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P, L + 10, "abc"));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.available(h)).as("the text is dropped too").isZero();
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L);
    }

    @Test
    void acceptableAckAdvancesSndUnaAndFreesTheSendQueue() {
        Rig r = new Rig();
        long h = established(r);
        r.write(h, "hello");
        r.expectData("P.", L, P, "hello");
        r.in(r.seg(".", P, L + 3));
        r.noOutput();
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L + 3);
        assertThat(r.engine.unacknowledged(h)).isEqualTo(2);
        r.in(r.seg(".", P, L + 5));
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L + 5);
        assertThat(r.engine.unacknowledged(h)).isZero();
        r.noOutput();
    }

    @Test
    void oldDuplicateAckIsIgnoredButItsTextIsProcessed() {
        Rig r = new Rig();
        long h = established(r);
        r.write(h, "hello");
        r.expectData("P.", L, P, "hello");
        r.in(r.seg(".", P, L + 5));
        r.in(r.data("P.", P, L + 2, "abc")); // SEG.ACK < SND.UNA: a duplicate
        r.expect(".", L + 5, P + 3);
        r.noOutput();
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L + 5);
        assertThat(r.read(h)).isEqualTo("abc");
    }

    @Test
    void ackBelowSndUnaMinusMaxWindowIsAckedAndDropped() {
        // RFC 5961 §5.2: an ACK older than SND.UNA - MAX.SND.WND is not even a plausible duplicate
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P, L - 70_000, "abc"));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
    }

    @Test
    void sendWindowFollowsTheNewerSegment() {
        Rig r = new Rig();
        long h = established(r);
        // SND.WL1 < SEG.SEQ: taken, even with the same SEG.ACK
        r.in(r.data("P.", P, L, "abcde", 1000));
        r.expect(".", L, P + 5);
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(1000);
        assertThat(tcb(r, h).sndWl1).isEqualTo(P);
        r.in(r.data("P.", P + 5, L, "fgh", 2000));
        r.expect(".", L, P + 8);
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(2000);
        assertThat(tcb(r, h).sndWl1).isEqualTo(P + 5);
        assertThat(tcb(r, h).sndWl2).isEqualTo(L);
    }

    @Test
    void sendWindowIgnoresAnOlderSegment() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P, L, "abcde", 1000));
        r.in(r.data("P.", P + 5, L, "fgh", 2000));
        r.out.clear();
        // a retransmission from before: SND.WL1 > SEG.SEQ, so its window is stale; its new text is kept
        r.in(r.data("P.", P, L, "abcdefghij", 50));
        r.expect(".", L, P + 10);
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(2000);
        assertThat(r.read(h)).isEqualTo("abcdefghij");
    }

    @Test
    void sendWindowIgnoresAnOlderAckWithTheSameSeq() {
        Rig r = new Rig();
        long h = established(r);
        r.write(h, "hello");
        r.expectData("P.", L, P, "hello");
        r.in(r.seg(".", P, L + 5, 1000));
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(1000);
        // SND.WL1 = SEG.SEQ but SND.WL2 > SEG.ACK: reordered, not used
        r.in(r.seg(".", P, L + 3, 5000));
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(1000);
        // SND.WL1 = SEG.SEQ and SND.WL2 = SEG.ACK: a pure window update, used
        r.in(r.seg(".", P, L + 5, 3000));
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(3000);
        r.noOutput();
    }

    @Test
    void sendStopsAtTheSendWindowAndResumesWhenItOpens() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg(".", P, L, 3));
        r.write(h, "abcdef");
        r.expectData(".", L, P, "abc"); // not the end of the queued data: no PSH
        r.noOutput();
        r.in(r.seg(".", P, L + 3, 10));
        r.expectData("P.", L + 3, P, "def");
        r.noOutput();
    }

    // ---------------------------------------------------------------------------------------------
    // sixth: URG; seventh: segment text; eighth: FIN

    @Test
    void urgentDataIsDeliveredInlineAndThePointerIgnored() {
        Rig r = new Rig();
        long h = established(r);
        Segment s = r.data("UP.", P, L, "abc");
        s.urgent = 2;
        r.in(s);
        r.expect(".", L, P + 3);
        assertThat(r.read(h)).isEqualTo("abc");
    }

    @Test
    void textInOrderIsDeliveredAndAcked() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P, L, "abc"));
        r.expect(".", L, P + 3);
        r.in(r.data("P.", P + 3, L, "def"));
        r.expect(".", L, P + 6);
        r.noOutput();
        assertThat(r.read(h)).isEqualTo("abcdef");
    }

    @Test
    void textOutOfOrderIsDroppedAndReAcked() {
        // engine choice: no reassembly queue; the gap is re-ACKed and the sender repeats what follows it
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P + 3, L, "def"));
        r.expect(".", L, P);
        assertThat(r.engine.available(h)).isZero();
        r.in(r.data("P.", P, L, "abc"));
        r.expect(".", L, P + 3);
        r.in(r.data("P.", P + 3, L, "def"));
        r.expect(".", L, P + 6);
        r.noOutput();
        assertThat(r.read(h)).isEqualTo("abcdef");
    }

    @Test
    void finEntersCloseWaitAndIsAcked() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("FP.", P, L, "bye"));
        r.expect(".", L, P + 4);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(r.events).containsExactly("ESTABLISHED->CLOSE_WAIT", "peer-closed");
        assertThat(r.read(h)).isEqualTo("bye");
        assertThat(r.read(h)).as("end of stream").isNull();
    }

    @Test
    void finAfterAGapIsNotProcessed() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("FP.", P + 3, L, "def"));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    // ---------------------------------------------------------------------------------------------
    // timeouts

    @Test
    void retransmissionTimeoutResendsAndBacksOff() {
        Rig r = new Rig();
        long h = established(r);
        r.advanceMs(5); // a start time other than zero
        r.write(h, "hello");
        r.expectData("P.", L, P, "hello");
        r.advanceMs(999);
        r.noOutput();
        r.advanceMs(1); // RTO 1 s
        r.expectData("P.", L, P, "hello");
        r.advanceMs(1999);
        r.noOutput();
        r.advanceMs(1); // 2 s
        r.expectData("P.", L, P, "hello");
        r.advanceMs(3999);
        r.noOutput();
        r.advanceMs(1); // 4 s
        r.expectData("P.", L, P, "hello");
        assertThat(r.engine.view(h).retries()).isEqualTo(3);
        assertThat(r.engine.view(h).rtoNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(8));
        r.in(r.seg(".", P, L + 5));
        r.advanceMs(60_000);
        r.noOutput();
        assertThat(r.engine.view(h).retries()).isZero();
    }

    @Test
    void retransmissionTimeoutFollowsTheMeasuredRoundTrip() {
        // RFC 6298 (2.2): the SYN-ACK's round trip R = 100 ms is the first sample: SRTT = R, RTTVAR = R/2,
        // RTO = SRTT + 4 RTTVAR = 300 ms (above the Linux profile's 200 ms floor)
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .retransmission(RetransmissionPolicy.LINUX));
        long l = r.listen();
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", Rig.ISS, P);
        r.advanceMs(100);
        r.in(r.seg(".", P, L));
        long h = r.engine.accept(l);
        assertThat(r.engine.view(h).srttNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(r.engine.view(h).rtoNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        r.write(h, "def");
        r.expectData("P.", L, P, "def");
        r.advanceMs(299);
        r.noOutput();
        r.advanceMs(1);
        r.expectData("P.", L, P, "def");
        // Karn: the ACK of a retransmitted segment gives no sample
        r.advanceMs(50);
        r.in(r.seg(".", P, L + 3));
        assertThat(r.engine.view(h).srttNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void retransmissionLimitAbortsTheConnection() {
        RetransmissionPolicy twoTries = RetransmissionPolicy.of(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(60), 6, 5, 2, 2);
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).retransmission(twoTries));
        long h = established(r);
        r.advanceMs(5);
        r.write(h, "hello");
        r.expectData("P.", L, P, "hello");
        r.advanceMs(1000);
        r.expectData("P.", L, P, "hello");
        r.advanceMs(2000);
        r.expectData("P.", L, P, "hello");
        r.advanceMs(4000);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:retransmit-timeout");
        assertError(() -> r.write(h, "x"), CONNECTION_TIMED_OUT, "SEND", TcpState.CLOSED);
    }

    @Test
    void userTimeoutAbortsWithTimedOut() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .userTimeout(TimeUnit.MILLISECONDS.toNanos(2500)));
        long h = established(r);
        r.advanceMs(5);
        r.write(h, "hello");
        r.expectData("P.", L, P, "hello");
        r.advanceMs(1000);
        r.expectData("P.", L, P, "hello");
        r.advanceMs(2000); // 3 s unacknowledged > 2.5 s
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:user-timeout");
        assertError(() -> r.read(h), CONNECTION_TIMED_OUT, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void userTimeoutCountsFromTimeZeroToo() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .userTimeout(TimeUnit.MILLISECONDS.toNanos(2500)));
        long h = established(r);
        r.write(h, "hello"); // at t = 0
        r.expectData("P.", L, P, "hello");
        r.advanceMs(1000);
        r.expectData("P.", L, P, "hello");
        r.advanceMs(2000);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:user-timeout");
    }

    @Test
    void finBeyondTheWindowIsNotProcessed() {
        Rig r = smallWindow();
        long h = established(r);
        r.in(r.data("FP.", P, L, "0123456789abcdefXYZ")); // text trimmed at the right edge, the FIN with it
        r.expect(".", L, P + 16);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void rstWithAckBitAtRcvNxtResets() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg("R.", P, L));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void retransmissionTimeoutResendsOneSegmentThenGoesOnFromTheAck() {
        Rig r = new Rig();
        long h = established(r); // the peer's SYN had no MSS option: SMSS is 536
        r.advanceMs(5);
        String text = repeat('a', 536) + repeat('b', 536) + repeat('c', 80);
        assertThat(r.write(h, text)).isEqualTo(1152);
        r.expect(".", L, P);
        r.expect(".", L + 536, P);
        r.expect("P.", L + 1072, P);
        r.noOutput();
        r.advanceMs(1000);
        r.expectData(".", L, P, repeat('a', 536)); // only the first segment
        r.noOutput();
        r.in(r.seg(".", P, L + 536));
        r.expectData(".", L + 536, P, repeat('b', 536));
        r.expectData("P.", L + 1072, P, repeat('c', 80));
        r.noOutput();
        r.in(r.seg(".", P, L + 1152));
        assertThat(r.engine.unacknowledged(h)).isZero();
    }

    @Test
    void zeroSendWindowIsProbedWithBackoffForAsLongAsThePeerAnswers() {
        // RFC 9293 §3.8.6.1 / RFC 1122 4.2.2.17: probe a closed window, back off, never give up while
        // the peer keeps acknowledging the probes
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg(".", P, L, 0));
        r.write(h, "abc");
        r.noOutput();
        long[] gaps = new long[20];
        for (int i = 0; i < gaps.length; i++) {
            long waited = 0;
            while (r.out.isEmpty() && waited < 120_000) {
                r.advanceMs(100);
                waited += 100;
            }
            gaps[i] = waited;
            r.expectData(".", L, P, "a"); // one octet past the closed window
            r.noOutput();
            r.in(r.seg(".", P, L, 0)); // not taken: the window is still closed
            r.noOutput();
        }
        assertThat(gaps[0]).isEqualTo(1000);
        assertThat(gaps[2]).isEqualTo(2 * gaps[1]);
        assertThat(gaps[19]).as("backed off to the maximum RTO").isEqualTo(60_000);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        r.in(r.seg(".", P, L, 100));
        r.expectData("P.", L, P, "abc");
        r.noOutput();
    }

    @Test
    void receiveThatReopensAClosedWindowSendsAWindowUpdate() {
        Rig r = smallWindow();
        long h = established(r);
        r.in(r.data("P.", P, L, "0123456789abcdef"));
        assertThat(r.expect(".", L, P + 16).window).isZero();
        assertThat(r.read(h)).isEqualTo("0123456789abcdef");
        assertThat(r.expect(".", L, P + 16).window).isEqualTo(16);
        r.noOutput();
    }

    @Test
    void receiveAfterResetReturnsBufferedTextThenTheReset() {
        // engine choice (as sockets): text that arrived before the RST can still be read
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P, L, "abc"));
        r.expect(".", L, P + 3);
        r.in(r.seg("R", P + 3, 0));
        assertThat(r.read(h)).isEqualTo("abc");
        assertError(() -> r.read(h), CONNECTION_RESET, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void sendReturnsWhatFitsWhenTheSendQueueIsFull() {
        // engine choice (as sockets): a partial count, then 0, instead of "insufficient resources"
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(16, 32768));
        long h = established(r);
        r.in(r.seg(".", P, L, 0)); // the peer's window is closed: everything stays queued
        assertThat(r.write(h, "0123456789abcdefXYZ")).isEqualTo(16);
        assertThat(r.write(h, "more")).isZero();
        assertThat(r.engine.sendSpace(h)).isZero();
        r.noOutput();
    }

    @Test
    void closeWithUnreadTextResetsUnderTheRfc2525Policy() {
        // engine choice (default ClosePolicy.RFC2525, RFC 2525 §2.17): unread text makes CLOSE an abort
        Rig r = new Rig();
        long h = established(r);
        r.in(r.data("P.", P, L, "unread"));
        r.expect(".", L, P + 6);
        r.engine.close(h, r.now());
        r.expect("R", L, 0);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void zeroWindowStillAcceptsAnExactRst() {
        Rig r = smallWindow();
        long h = zeroWindow(r);
        r.in(r.seg("R", P + 17, 0));
        r.noOutput(); // not at RCV.NXT with a zero window: dropped without a challenge
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        r.in(r.seg("R", P + 16, 0));
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    /** ESTABLISHED with timestamps negotiated; the peer's TS.Recent is 101. */
    private static long establishedWithTimestamps(Rig r) {
        long l = r.listen();
        Segment syn = r.seg("S", PEER_ISS, 0);
        syn.hasTimestamps = true;
        syn.tsVal = 100;
        r.in(syn);
        Segment synAck = r.expect("S.", Rig.ISS, P);
        assertThat(synAck.hasTimestamps).isTrue();
        assertThat(synAck.tsEcr).isEqualTo(100);
        r.in(ts(r.seg(".", P, L), 101));
        return r.engine.accept(l);
    }

    private static Segment ts(Segment s, int tsVal) {
        s.hasTimestamps = true;
        s.tsVal = tsVal;
        return s;
    }

    @Test
    void pawsDropsAnOldSegmentWithAnAck() {
        // RFC 7323 §5.3, run before the sequence number check
        Rig r = new Rig(TcpConfig.rfc().timestamps(true).windowScale(-1).buffers(32768, 32768));
        long h = establishedWithTimestamps(r);
        r.in(ts(r.data("P.", P, L, "old"), 50));
        assertThat(r.expect(".", L, P).tsEcr).isEqualTo(101);
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
        r.in(ts(r.data("P.", P, L, "new"), 102));
        assertThat(r.expect(".", L, P + 3).tsEcr).isEqualTo(102);
        assertThat(r.read(h)).isEqualTo("new");
    }

    @Test
    void pawsDoesNotApplyToRst() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(true).windowScale(-1).buffers(32768, 32768));
        long h = establishedWithTimestamps(r);
        r.in(ts(r.seg("R", P, 0), 50));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    // ---------------------------------------------------------------------------------------------
    // sequence numbers wrap around 2^32

    @Test
    void sequenceNumbersWrapAroundInBothDirections() {
        int ourIss = -3; // 0xFFFFFFFD
        int peerIss = -2;
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .isn(org.tcplifecycle.api.policy.IsnGenerator.fixed(ourIss)));
        long l = r.listen();
        r.in(r.seg("S", peerIss, 0));
        r.expect("S.", ourIss, peerIss + 1);
        r.in(r.seg(".", peerIss + 1, ourIss + 1));
        long h = r.engine.accept(l);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        // the peer's text crosses 2^32: octets -1, 0, 1, ...
        r.in(r.data("P.", -1, ourIss + 1, "abcdef"));
        r.expect(".", ourIss + 1, 5);
        // a segment from before the wrap is old
        r.in(r.data("P.", -3, ourIss + 1, "zz"));
        r.expect(".", ourIss + 1, 5);
        // out of order after the wrap
        r.in(r.data("P.", 8, ourIss + 1, "xyz"));
        r.expect(".", ourIss + 1, 5);
        assertThat(r.read(h)).isEqualTo("abcdef");
        // our text crosses 2^32 too
        r.write(h, "hello");
        r.expectData("P.", -2, 5, "hello");
        r.in(r.seg(".", 5, 3));
        assertThat(r.engine.unacknowledged(h)).isZero();
        r.in(r.seg(".", 5, 4)); // beyond SND.NXT = 3: acked and dropped
        r.expect(".", 3, 5);
        // RST in the window but not exact, then exact
        r.in(r.seg("R", 6, 0));
        r.expect(".", 3, 5);
        r.in(r.seg("R", 5, 0));
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        r.noOutput();
    }
}
