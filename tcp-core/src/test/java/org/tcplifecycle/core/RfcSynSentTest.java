package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.RetransmissionPolicy;

/** RFC 9293 §3.10 in SYN-SENT: user calls and SEGMENT ARRIVES §3.10.7.3. Our SYN has ISS 20001. */
class RfcSynSentTest {
    private static final int ISS = Rig.ISS;

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = synSent(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.SYN_SENT);
    }

    @Test
    void sendQueuesDataUntilEstablished() {
        Rig r = new Rig();
        long h = synSent(r);
        assertThat(r.write(h, "hello")).isEqualTo(5);
        r.noOutput();
        r.in(r.seg("S.", PEER_ISS, ISS + 1));
        r.expectData("P.", L, P, "hello"); // the handshake's ACK rides on the data
        r.noOutput();
    }

    @Test
    void receiveQueuesUntilEstablished() {
        // engine: a RECEIVE before any data returns 0 (nothing yet), not an error
        Rig r = new Rig();
        long h = synSent(r);
        assertThat(r.read(h)).isEmpty();
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void closeDeletesTheTcbAndSendsNothing() {
        Rig r = new Rig();
        long h = synSent(r);
        r.engine.close(h, r.now());
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.isValid(h)).isFalse();
        assertThat(r.engine.connectionCount()).isZero();
        r.in(r.seg("S.", PEER_ISS, ISS + 1)); // a late SYN-ACK meets no connection
        r.expect("R", ISS + 1, 0);
    }

    @Test
    void closeWithLingerDropsQueuedDataAndReportsTheLingerFailed() {
        Rig r = new Rig();
        long h = synSent(r);
        r.write(h, "queued before the handshake");
        r.engine.setLinger(h, true, 5_000_000_000L);
        r.engine.close(h, r.now());
        r.noOutput();
        assertThat(r.events).contains("linger:false");
        assertThat(r.engine.isValid(h)).isFalse();
    }

    @Test
    void abortDeletesTheTcbWithoutRst() {
        Rig r = new Rig();
        long h = synSent(r);
        r.engine.abort(h, r.now());
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.isValid(h)).isFalse();
    }

    @Test
    void shutdownOutputSendsFinOnceEstablished() {
        Rig r = new Rig();
        long h = synSent(r);
        r.engine.shutdownOutput(h, r.now());
        r.noOutput();
        r.in(r.seg("S.", PEER_ISS, ISS + 1));
        r.expect("F.", L, P);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1);
    }

    @Test
    void sendAfterShutdownOutputIsConnectionClosing() {
        Rig r = new Rig();
        long h = synSent(r);
        r.engine.shutdownOutput(h, r.now());
        assertErrorUnchanged(r, h, () -> r.write(h, "x"), CONNECTION_CLOSING, "SEND", TcpState.SYN_SENT);
    }

    @Test
    void statusReportsSynSent() {
        Rig r = new Rig();
        long h = synSent(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(v.iss()).isEqualTo(ISS);
        assertThat(v.sndUna()).isEqualTo(ISS);
        assertThat(v.sndNxt()).isEqualTo(ISS + 1);
    }

    @Test
    void synAckWithBadAckGetsRst() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.seg("S.", PEER_ISS, ISS)); // SEG.ACK =< ISS
        r.expect("R", ISS, 0);
        r.in(r.seg("S.", PEER_ISS, ISS + 2)); // SEG.ACK > SND.NXT
        r.expect("R", ISS + 2, 0);
        r.in(r.seg(".", PEER_ISS, ISS - 100));
        r.expect("R", ISS - 100, 0);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void rstWithBadAckIsDropped() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.seg("R.", PEER_ISS, ISS + 5));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void rstWithAcceptableAckIsConnectionRefused() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.seg("R.", 0, ISS + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).containsExactly("reset:refused", "SYN_SENT->CLOSED", "closed:refused");
        assertError(() -> r.read(h), CONNECTION_REFUSED, "RECEIVE", TcpState.CLOSED);
        assertError(() -> r.write(h, "x"), CONNECTION_REFUSED, "SEND", TcpState.CLOSED);
    }

    @Test
    void rstWithoutAckIsDropped() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.seg("R", PEER_ISS, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void synAckEstablishesAndIsAcked() {
        Rig r = new Rig();
        long h = synSent(r);
        Segment synAck = r.seg("S.", PEER_ISS, ISS + 1, 5000);
        synAck.mss = 536;
        r.in(synAck);
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.ESTABLISHED);
        TcbView v = r.engine.view(h);
        assertThat(v.irs()).isEqualTo(PEER_ISS);
        assertThat(v.rcvNxt()).isEqualTo(P);
        assertThat(v.sndUna()).isEqualTo(L);
        assertThat(v.sndWnd()).isEqualTo(5000);
        assertThat(v.sndMss()).isEqualTo(536);
        assertThat(tcb(r, h).sndWl1).isEqualTo(PEER_ISS);
        assertThat(tcb(r, h).sndWl2).isEqualTo(L);
    }

    @Test
    void synAckWindowIsUnscaledAndLaterWindowsAreScaled() {
        // RFC 7323 §2.2: the window field of a SYN is never scaled
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(7).buffers(32768, 32768));
        long h = r.connect();
        assertThat(r.expect("S", ISS, 0).wscale).isEqualTo(7);
        Segment synAck = r.seg("S.", PEER_ISS, ISS + 1, 1000);
        synAck.wscale = 2;
        r.in(synAck);
        r.expect(".", L, P);
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(1000);
        r.in(r.seg(".", P, L, 1000));
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(4000);
        assertThat(r.engine.view(h).rcvWscale()).isEqualTo(7);
    }

    @Test
    void shutdownOutputThenSynAckWithFinEntersLastAck() {
        Rig r = new Rig();
        long h = synSent(r);
        r.engine.shutdownOutput(h, r.now());
        r.in(r.seg("SF.", PEER_ISS, ISS + 1));
        r.expect("F.", L, P + 1); // our FIN carries the ACK of theirs
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK);
        r.in(r.seg(".", P + 1, L + 1));
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void synAckRepeatedAfterEstablishedIsAckedAgain() {
        // our ACK of the SYN-ACK was lost and the peer repeats it: an old duplicate, answered with an ACK
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.seg("S.", PEER_ISS, ISS + 1));
        r.expect(".", L, P);
        r.in(r.seg("S.", PEER_ISS, ISS + 1));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(r.engine.stats().challengeAcks).isZero();
    }

    @Test
    void synWithoutAckIsSimultaneousOpen() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", ISS, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_RECEIVED);
        r.in(r.seg(".", P, L));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void segmentWithNeitherSynNorRstIsDropped() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.data("P.", PEER_ISS, ISS + 1, "abc"));
        r.in(r.seg("F.", PEER_ISS, ISS + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void synAckWithTextDeliversIt() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.data("S.", PEER_ISS, ISS + 1, "hi"));
        r.expect(".", L, P + 2);
        r.noOutput();
        assertThat(r.read(h)).isEqualTo("hi");
    }

    @Test
    void synAckWithFinEntersCloseWait() {
        Rig r = new Rig();
        long h = synSent(r);
        r.in(r.seg("SF.", PEER_ISS, ISS + 1));
        r.expect(".", L, P + 1);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT);
        assertThat(r.read(h)).isNull();
    }

    @Test
    void synRetransmissionBacksOff() {
        Rig r = new Rig();
        long h = synSent(r);
        r.advanceMs(999);
        r.noOutput();
        r.advanceMs(1);
        r.expect("S", ISS, 0);
        r.advanceMs(1999);
        r.noOutput();
        r.advanceMs(1);
        r.expect("S", ISS, 0);
        r.noOutput();
        assertThat(r.engine.view(h).retries()).isEqualTo(2);
    }

    @Test
    void synRetriesExhaustedIsConnectionTimedOut() {
        RetransmissionPolicy twoTries = RetransmissionPolicy.of(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(60), 2, 5, 15, 15);
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).retransmission(twoTries));
        long h = synSent(r);
        r.advanceMs(1000);
        r.expect("S", ISS, 0);
        r.advanceMs(2000);
        r.expect("S", ISS, 0);
        r.advanceMs(4000);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:retransmit-timeout");
        assertError(() -> r.read(h), CONNECTION_TIMED_OUT, "RECEIVE", TcpState.CLOSED);
    }

    private static Rig userTimeoutRig() {
        return new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .userTimeout(TimeUnit.MILLISECONDS.toNanos(2500)));
    }

    @Test
    void userTimeoutAbortsTheHandshake() {
        // RFC 9293 §3.10.8: the user timeout applies in every state, SYN-SENT included
        Rig r = userTimeoutRig();
        r.advanceMs(5);
        long h = synSent(r);
        r.advanceMs(1000);
        r.expect("S", ISS, 0);
        r.advanceMs(2000); // 3 s without an answer > 2.5 s
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).contains("reset:user-timeout");
        assertError(() -> r.read(h), CONNECTION_TIMED_OUT, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void userTimeoutAfterTheHandshakeCountsFromTheData() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .userTimeout(TimeUnit.MILLISECONDS.toNanos(3500)));
        long h = synSent(r);
        r.advanceMs(1000);
        r.expect("S", ISS, 0);
        r.advanceMs(1000);
        r.in(r.seg("S.", PEER_ISS, ISS + 1)); // RTO 3 s from here on (RFC 6298 (5.7))
        r.expect(".", L, P);
        r.advanceMs(400);
        r.write(h, "abc"); // t = 2.4 s
        r.expectData("P.", L, P, "abc");
        r.advanceMs(3000); // 3 s unacknowledged < 3.5 s (5.4 s since the SYN): retransmitted, not aborted
        r.expectData("P.", L, P, "abc");
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void rtoIsThreeSecondsAfterARetransmittedSyn() {
        // RFC 6298 (5.7): the SYN timed out and no RTT was measured, so data starts with RTO = 3 s
        Rig r = new Rig();
        long h = synSent(r);
        r.advanceMs(1000);
        r.expect("S", ISS, 0);
        r.advanceMs(500);
        r.in(r.seg("S.", PEER_ISS, ISS + 1));
        r.expect(".", L, P);
        assertThat(r.engine.view(h).rtoNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
        r.write(h, "abc");
        r.expectData("P.", L, P, "abc");
        r.advanceMs(2999);
        r.noOutput();
        r.advanceMs(1);
        r.expectData("P.", L, P, "abc");
    }
}
