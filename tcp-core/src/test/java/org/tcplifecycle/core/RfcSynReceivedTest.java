package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.ResetPolicy;

/**
 * RFC 9293 §3.10 in SYN-RECEIVED, reached both ways: from a passive OPEN (a listener's child, which
 * has no handle until accepted) and from an active OPEN (simultaneous open, which does).
 */
class RfcSynReceivedTest {
    private static final int ISS = Rig.ISS;

    /** Listener + the peer's SYN answered; returns the listener. */
    private static long passive(Rig r) {
        long l = r.listen();
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", ISS, P);
        r.noOutput();
        clear(r);
        return l;
    }

    private static Rig rfc793() {
        return new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).reset(ResetPolicy.RFC793));
    }

    // ---------------------------------------------------------------------------------------------
    // user calls (active open, the side that holds a handle)

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = synReceived(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.SYN_RECEIVED);
    }

    @Test
    void sendQueuesDataUntilEstablished() {
        Rig r = new Rig();
        long h = synReceived(r);
        assertThat(r.write(h, "abc")).isEqualTo(3);
        r.noOutput();
        r.in(r.seg(".", P, L));
        r.expectData("P.", L, P, "abc");
        r.noOutput();
    }

    @Test
    void receiveQueuesUntilEstablished() {
        Rig r = new Rig();
        long h = synReceived(r);
        assertThat(r.read(h)).isEmpty();
        r.noOutput();
    }

    @Test
    void closeQueuesTheFinUntilEstablished() {
        // engine choice: RFC 9293 allows sending the FIN at once when nothing is queued; the engine
        // always waits for ESTABLISHED and then goes to FIN-WAIT-1
        Rig r = new Rig();
        long h = synReceived(r);
        r.engine.close(h, r.now());
        r.noOutput();
        assertThat(r.states).isEmpty();
        r.in(r.seg(".", P, L));
        r.expect("F.", L, P);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1);
    }

    @Test
    void abortSendsRstAndDeletes() {
        Rig r = new Rig();
        long h = synReceived(r);
        r.engine.abort(h, r.now());
        r.expect("R", L, 0);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.CLOSED);
        assertThat(r.engine.isValid(h)).isFalse();
    }

    @Test
    void statusReportsSynReceived() {
        Rig r = new Rig();
        long h = synReceived(r);
        TcbView v = r.engine.view(h);
        assertThat(v.state()).isEqualTo(TcpState.SYN_RECEIVED);
        assertThat(v.irs()).isEqualTo(PEER_ISS);
        assertThat(v.rcvNxt()).isEqualTo(P);
        assertThat(v.sndUna()).isEqualTo(ISS);
    }

    // ---------------------------------------------------------------------------------------------
    // SEGMENT ARRIVES

    @Test
    void retransmittedSynGetsTheSynAckAgain() {
        Rig r = new Rig();
        passive(r);
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", ISS, P);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isEqualTo(1);
    }

    @Test
    void unacceptableSequenceNumberIsAckedAndDropped() {
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.data("P.", P + 40_000, L, "far"));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.accept(l)).as("still SYN-RECEIVED").isEqualTo(TcpEngine.NO_HANDLE);
    }

    @Test
    void rstOnPassiveOpenReturnsToListen() {
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.seg("R", P, 0));
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
        assertThat(r.events).doesNotContain("reset:rst"); // nobody to tell: it was never accepted
        r.in(r.seg("S", PEER_ISS, 0)); // the listener takes a new SYN for the same pair
        r.expect("S.", ISS, P);
    }

    @Test
    void rstOnActiveOpenIsConnectionRefused() {
        Rig r = new Rig();
        long h = synReceived(r);
        r.in(r.seg("R", P, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertError(() -> r.read(h), CONNECTION_REFUSED, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void rstInWindowNotExactGetsChallengeAck() {
        Rig r = new Rig();
        long h = synReceived(r);
        r.in(r.seg("R", P + 10, 0));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_RECEIVED);
    }

    @Test
    void rstInWindowUnderRfc793PolicyReturnsPassiveOpenToListen() {
        Rig r = rfc793();
        long l = passive(r);
        r.in(r.seg("R", P + 10, 0));
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void synInWindowGetsChallengeAck() {
        Rig r = new Rig();
        passive(r);
        r.in(r.seg("S", P + 5, 0));
        r.expect(".", L, P);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isEqualTo(1);
        assertThat(r.engine.stats().challengeAcks).isEqualTo(1);
    }

    @Test
    void synInWindowUnderRfc793PolicyReturnsPassiveOpenToListen() {
        Rig r = rfc793();
        long l = passive(r);
        r.in(r.seg("S", P + 5, 0));
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void synInWindowUnderRfc793PolicyResetsActiveOpen() {
        Rig r = rfc793();
        long h = synReceived(r);
        r.in(r.seg("S", P + 5, 0));
        r.expect("R", L, 0);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void segmentWithAckBitOffIsDropped() {
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.data("P", P, 0, "abc"));
        r.noOutput();
        assertThat(r.engine.accept(l)).isEqualTo(TcpEngine.NO_HANDLE);
        assertThat(r.engine.connectionCount()).isEqualTo(1);
    }

    @Test
    void unacceptableAckGetsRstAtSegAck() {
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.seg(".", P, ISS)); // SEG.ACK = SND.UNA: does not acknowledge our SYN
        r.expect("R", ISS, 0);
        r.in(r.seg(".", P, L + 5)); // beyond SND.NXT
        r.expect("R", L + 5, 0);
        r.noOutput();
        assertThat(r.engine.accept(l)).isEqualTo(TcpEngine.NO_HANDLE);
        assertThat(r.engine.connectionCount()).isEqualTo(1);
    }

    @Test
    void acceptableAckEstablishesAndQueuesForAccept() {
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.seg(".", P, L, 4000));
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.ESTABLISHED);
        long h = r.engine.accept(l);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(r.engine.view(h).sndUna()).isEqualTo(L);
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(4000);
    }

    @Test
    void connectionResetBeforeAcceptIsStillAcceptedAndReportsTheReset() {
        // engine choice (as sockets): accept() hands over the connection, whose first call reports the reset
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.seg(".", P, L));
        r.in(r.seg("R", P, 0));
        long h = r.engine.accept(l);
        assertThat(h).isNotEqualTo(TcpEngine.NO_HANDLE);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertError(() -> r.read(h), CONNECTION_RESET, "RECEIVE", TcpState.CLOSED);
        r.engine.close(h, r.now());
        assertThat(r.engine.isValid(h)).isFalse();
        assertThat(r.engine.accept(l)).isEqualTo(TcpEngine.NO_HANDLE);
        r.in(r.seg("S", PEER_ISS, 0)); // the listener's queues are free again
        r.expect("S.", ISS, P);
    }

    @Test
    void ackWithTextEstablishesAndDeliversIt() {
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.data("P.", P, L, "abc"));
        r.expect(".", L, P + 3);
        r.noOutput();
        long h = r.engine.accept(l);
        assertThat(r.read(h)).isEqualTo("abc");
    }

    @Test
    void finWithAckEntersCloseWait() {
        Rig r = new Rig();
        long l = passive(r);
        r.in(r.seg("F.", P, L));
        r.expect(".", L, P + 1);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT);
        long h = r.engine.accept(l);
        assertThat(r.read(h)).isNull();
    }

    @Test
    void synAckRetransmissionBacksOff() {
        Rig r = new Rig();
        passive(r);
        r.advanceMs(1000);
        r.expect("S.", ISS, P);
        r.advanceMs(1999);
        r.noOutput();
        r.advanceMs(1);
        r.expect("S.", ISS, P);
        r.noOutput();
    }

    @Test
    void simultaneousOpenRetransmitsSynAckAndTimesOut() {
        Rig r = new Rig();
        long h = synReceived(r);
        long t = 0;
        int synAcks = 0;
        while (r.engine.state(h) == TcpState.SYN_RECEIVED && t < 600_000) {
            r.advanceMs(100);
            t += 100;
            while (!r.out.isEmpty()) {
                r.expect("S.", ISS, P);
                synAcks++;
            }
        }
        assertThat(synAcks).as("RFC 6298 policy: 5 SYN-ACK retransmissions").isEqualTo(5);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertError(() -> r.read(h), CONNECTION_TIMED_OUT, "RECEIVE", TcpState.CLOSED);
    }

    @Test
    void userTimeoutDropsTheHalfOpenConnection() {
        // RFC 9293 §3.10.8: the user timeout applies in every state
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .userTimeout(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2500)));
        r.advanceMs(5);
        long l = passive(r);
        r.advanceMs(1000);
        r.expect("S.", ISS, P);
        r.advanceMs(2000); // 3 s > 2.5 s
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void rtoIsThreeSecondsAfterARetransmittedSynAck() {
        // RFC 6298 (5.7), on the passive side: the SYN-ACK timed out and gave no RTT sample
        Rig r = new Rig();
        long l = passive(r);
        r.advanceMs(1000);
        r.expect("S.", ISS, P);
        r.advanceMs(500);
        r.in(r.seg(".", P, L));
        long h = r.engine.accept(l);
        assertThat(r.engine.view(h).rtoNanos()).isEqualTo(java.util.concurrent.TimeUnit.SECONDS.toNanos(3));
    }
}
