package org.tcplifecycle.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpStats;
import org.tcplifecycle.core.linger.Wire;

/**
 * RST and SYN acceptance in ESTABLISHED (RFC 5961 §3, §4, §7, and the RFC 793 alternative), with the
 * client side scripted: segments are forged to the server, whose RCV.NXT is 10002, SND.NXT 20002 and
 * receive window 32768 after the handshake.
 */
class ResetPolicyOnTheWireTest {
    private static final String CHALLENGE = "S>C . 20002 ack 10002 len 0";

    private static Wire established(TcpConfig server, long[] handles) {
        Wire w = new Wire(Wire.plain(), server);
        long[] h = w.handshake();
        System.arraycopy(h, 0, handles, 0, 2);
        w.toClient.clear();
        return w;
    }

    @Test
    void rstAtExactlyRcvNxtResets() {
        long[] h = new long[2];
        Wire w = established(Wire.plain(), h);
        int mark = w.log.size();
        w.forgeToServer("R", 10002, 0, "");
        assertThat(w.logFrom(mark)).hasSize(1); // only the forged segment: nothing answered
        assertThat(w.serverEvents.list).containsSubsequence("reset:rst", "ESTABLISHED->CLOSED");
        assertThat(w.server.stats().challengeAcks).isZero();
    }

    @Test
    void rstInsideTheWindowGetsAChallengeAck() {
        long[] h = new long[2];
        Wire w = established(Wire.plain(), h);
        int mark = w.log.size();
        w.forgeToServer("R", 10002 + 100, 0, "");
        assertThat(w.logFrom(mark + 1)).containsExactly(CHALLENGE);
        assertThat(w.server.state(h[1])).isEqualTo(TcpState.ESTABLISHED);
        assertThat(w.server.stats().challengeAcks).isEqualTo(1);
    }

    @Test
    void rstOutsideTheWindowIsDroppedSilently() {
        long[] h = new long[2];
        Wire w = established(Wire.plain(), h);
        int mark = w.log.size();
        long dropsBefore = w.server.stats().dropsTotal();
        w.forgeToServer("R", 10002 + 40_000, 0, "");
        w.forgeToServer("R", 10002 - 1, 0, "");
        assertThat(w.logFrom(mark)).hasSize(2); // the two forged RSTs, no answer
        assertThat(w.server.state(h[1])).isEqualTo(TcpState.ESTABLISHED);
        assertThat(w.server.stats().dropsTotal() - dropsBefore).isEqualTo(2);
        assertThat(w.server.stats().challengeAcks).isZero();
    }

    @Test
    void synInEstablishedGetsAChallengeAck() {
        long[] h = new long[2];
        Wire w = established(Wire.plain(), h);
        int mark = w.log.size();
        w.forgeToServer("S", 10002 + 5, 0, "");
        w.forgeToServer("S", 999, 0, ""); // even far outside the window
        assertThat(w.logFrom(mark)).containsExactly(
                "C>S S 10007 len 0 (forged)", CHALLENGE,
                "C>S S 999 len 0 (forged)", CHALLENGE);
        assertThat(w.server.state(h[1])).isEqualTo(TcpState.ESTABLISHED);
        assertThat(w.server.stats().rstOut).isZero();
    }

    @Test
    void challengeAcksAreRateLimitedPerSecond() {
        long[] h = new long[2];
        Wire w = established(Wire.plain().challengeAckLimit(2), h);
        int mark = w.log.size();
        for (int i = 1; i <= 5; i++) w.forgeToServer("R", 10002 + 10 * i, 0, "");
        assertThat(w.logFrom(mark).stream().filter(CHALLENGE::equals)).hasSize(2);
        assertThat(w.server.stats().challengeAcks).isEqualTo(2);
        assertThat(w.server.stats().drops(TcpStats.DROP_CHALLENGE_LIMIT)).isEqualTo(3);

        w.nowMs += 999; // still the same second
        mark = w.log.size();
        w.forgeToServer("R", 10102, 0, "");
        assertThat(w.logFrom(mark)).doesNotContain(CHALLENGE);

        w.nowMs += 1; // one second after the first challenge ACK: a fresh budget
        mark = w.log.size();
        w.forgeToServer("R", 10102, 0, "");
        w.forgeToServer("S", 10102, 0, "");
        w.forgeToServer("R", 10102, 0, "");
        assertThat(w.logFrom(mark).stream().filter(CHALLENGE::equals)).hasSize(2);
        assertThat(w.server.stats().challengeAcks).isEqualTo(4);
        assertThat(w.server.state(h[1])).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void unlimitedWhenTheLimitIsZero() {
        long[] h = new long[2];
        Wire w = established(Wire.plain().challengeAckLimit(0), h);
        for (int i = 1; i <= 50; i++) w.forgeToServer("R", 10002 + i, 0, "");
        assertThat(w.server.stats().challengeAcks).isEqualTo(50);
    }

    @Test
    void rfc793PolicyAcceptsAnyRstInTheWindow() {
        long[] h = new long[2];
        Wire w = established(Wire.plain().reset(ResetPolicy.RFC793), h);
        int mark = w.log.size();
        w.forgeToServer("R", 10002 + 40_000, 0, ""); // outside: still dropped
        assertThat(w.server.state(h[1])).isEqualTo(TcpState.ESTABLISHED);
        w.forgeToServer("R", 10002 + 100, 0, "");
        assertThat(w.logFrom(mark)).hasSize(2); // no challenge ACK under RFC 793
        assertThat(w.serverEvents.list).containsSubsequence("reset:rst", "ESTABLISHED->CLOSED");
    }

    @Test
    void rfc793PolicyResetsOnASynInTheWindow() {
        long[] h = new long[2];
        Wire w = established(Wire.plain().reset(ResetPolicy.RFC793), h);
        int mark = w.log.size();
        w.forgeToServer("S", 10002 + 5, 0, "");
        assertThat(w.logFrom(mark + 1)).containsExactly("S>C R 20002 len 0");
        assertThat(w.server.stats().rstOutByCause[Cause.SYN_IN_WINDOW]).isEqualTo(1);
        assertThat(w.serverEvents.list).containsSubsequence("reset:syn-in-window", "ESTABLISHED->CLOSED");
    }
}
