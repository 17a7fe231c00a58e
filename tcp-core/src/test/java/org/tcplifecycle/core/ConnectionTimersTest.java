package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.KeepalivePolicy;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;

/** Retransmission (RFC 6298), retry limits, FIN_WAIT_2, user timeout and keepalive, with a manual clock. */
class ConnectionTimersTest {
    private static final int PEER_ISS = 5000;

    private static Rig rig(TcpConfig cfg) {
        return new Rig(cfg.timestamps(false).windowScale(-1).buffers(32768, 32768));
    }

    /** Advance in 1 ms steps up to {@code untilMs}, recording the instant of each segment sent. */
    private static List<Long> sendTimes(Rig r, long untilMs) {
        List<Long> times = new ArrayList<>();
        while (r.nowMs < untilMs) {
            r.advanceMs(1);
            while (!r.out.isEmpty()) {
                r.out.poll();
                times.add(r.nowMs);
            }
        }
        return times;
    }

    @Test
    void synRetransmissionsBackOffExponentiallyThenAbort() {
        // RFC 6298 preset: initial 1 s, doubling, max 60 s, 6 SYN retries
        Rig r = rig(TcpConfig.rfc().retransmission(RetransmissionPolicy.RFC6298));
        long h = r.connect();
        r.expect("S", Rig.ISS, 0);
        List<Long> times = sendTimes(r, 200_000);
        assertThat(times).containsExactly(1_000L, 3_000L, 7_000L, 15_000L, 31_000L, 63_000L);
        assertThat(r.events).contains("reset:retransmit-timeout");
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        // the abort came one (capped) RTO after the 6th retransmission: 63 s + 60 s
        assertThat(r.events.indexOf("reset:retransmit-timeout")).isPositive();
    }

    @Test
    void abortInstantIsExactEvenWithLargeSteps() {
        Rig r = rig(TcpConfig.rfc().retransmission(RetransmissionPolicy.RFC6298));
        long h = r.connect();
        r.out.clear();
        r.advanceMs(122_999);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT); // several timeouts in one advance
        r.advanceMs(1);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void linuxPresetRetriesSynAckFiveTimesThenForgetsTheChild() {
        Rig r = rig(TcpConfig.rfc().retransmission(RetransmissionPolicy.LINUX));
        r.listen();
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", Rig.ISS, PEER_ISS + 1);
        List<Long> times = sendTimes(r, 100_000);
        assertThat(times).containsExactly(1_000L, 3_000L, 7_000L, 15_000L, 31_000L);
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.events).contains("SYN_RECEIVED->CLOSED");
    }

    @Test
    void dataRetransmissionUsesGoBackAndKarnsRule() {
        Rig r = rig(TcpConfig.rfc());
        long h = r.established(PEER_ISS);
        long srttBefore = r.engine.view(h).srttNanos();
        r.write(h, "hello");
        r.expectData("P.", Rig.ISS + 1, PEER_ISS + 1, "hello");
        r.advanceMs(999);
        r.noOutput();
        r.advanceMs(1);
        r.expectData("P.", Rig.ISS + 1, PEER_ISS + 1, "hello");
        assertThat(r.engine.stats().retransmits).isEqualTo(1);
        r.advanceMs(2000); // backed off to 2 s
        r.expectData("P.", Rig.ISS + 1, PEER_ISS + 1, "hello");
        r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 6));
        assertThat(r.engine.view(h).retries()).isZero();
        assertThat(r.engine.view(h).srttNanos()).as("no RTT sample from a retransmitted segment").isEqualTo(srttBefore);
        r.advanceMs(10_000);
        r.noOutput();
    }

    @Test
    void rttSampleSetsRtoPerRfc6298() {
        Rig r = rig(TcpConfig.rfc().retransmission(RetransmissionPolicy.LINUX)); // 200 ms minimum
        long h = r.connect();
        Segment syn = r.out.poll();
        r.localPort = syn.srcPort;
        r.advanceMs(100);
        r.in(r.seg("S.", PEER_ISS, Rig.ISS + 1)); // the SYN's round trip is the first sample
        // first sample R = 100 ms: SRTT = 100, RTTVAR = 50, RTO = 100 + 4*50 = 300 ms
        assertThat(r.engine.view(h).srttNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(r.engine.view(h).rtoNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        r.write(h, "y");
        r.out.clear();
        r.advanceMs(299);
        r.noOutput();
        r.advanceMs(1);
        r.expectData("P.", Rig.ISS + 1, PEER_ISS + 1, "y");
    }

    @Test
    void finRetriesExhaustedAbortsTheOrphan() {
        Rig r = rig(TcpConfig.rfc().retransmission(RetransmissionPolicy.of(TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(60), 6, 5, 15, 2)));
        long h = r.established(PEER_ISS);
        r.engine.close(h, r.now());
        r.expect("F.", Rig.ISS + 1, PEER_ISS + 1);
        List<Long> times = sendTimes(r, 20_000);
        assertThat(times).containsExactly(1_000L, 3_000L);
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.events).contains("FIN_WAIT_1->CLOSED", "closed:retransmit-timeout");
    }

    @Test
    void finWait2TimeoutEndsAnOrphanWithRst() {
        Rig r = rig(TcpConfig.rfc().orphan(OrphanPolicy.LINUX));
        long h = r.established(PEER_ISS);
        r.engine.close(h, r.now());
        r.expect("F.", Rig.ISS + 1, PEER_ISS + 1);
        r.advanceMs(10);
        r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 2));
        assertThat(r.states).endsWith(TcpState.FIN_WAIT_2);
        r.advanceMs(59_999);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isEqualTo(1);
        r.advanceMs(1);
        r.expect("R.", Rig.ISS + 2, PEER_ISS + 1);
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.events).contains("closed:fin-wait-2-timeout");
    }

    @Test
    void finWait2WaitsForeverUnderRfc9293() {
        Rig r = rig(TcpConfig.rfc().orphan(OrphanPolicy.RFC9293));
        long h = r.established(PEER_ISS);
        r.engine.close(h, r.now());
        r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 2));
        r.out.clear();
        r.advanceMs(3_600_000);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isEqualTo(1);
    }

    @Test
    void userTimeoutAbortsWhenDataStaysUnacknowledged() {
        Rig r = rig(TcpConfig.rfc().userTimeout(TimeUnit.SECONDS.toNanos(5)));
        long h = r.established(PEER_ISS);
        r.write(h, "data");
        r.out.clear();
        sendTimes(r, 20_000);
        // retransmissions at 1, 3 s; at 7 s the user timeout (5 s) has passed: abort with a timeout
        assertThat(r.events).contains("reset:user-timeout");
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void keepaliveProbesAnIdleConnectionAndGivesUp() {
        Rig r = rig(TcpConfig.rfc().keepalive(KeepalivePolicy.of(TimeUnit.SECONDS.toNanos(10),
                TimeUnit.SECONDS.toNanos(2), 3)));
        long h = r.established(PEER_ISS);
        List<Long> probes = new ArrayList<>();
        while (r.nowMs < 30_000) {
            r.advanceMs(1);
            Segment s;
            while ((s = r.out.poll()) != null) {
                assertThat(s.seq).as("a keepalive probe is SND.UNA - 1").isEqualTo(Rig.ISS);
                probes.add(r.nowMs);
            }
        }
        assertThat(probes).containsExactly(10_000L, 12_000L, 14_000L);
        assertThat(r.events).contains("reset:keepalive-timeout");
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void keepaliveAnsweredKeepsTheConnection() {
        Rig r = rig(TcpConfig.rfc().keepalive(KeepalivePolicy.of(TimeUnit.SECONDS.toNanos(10),
                TimeUnit.SECONDS.toNanos(2), 3)));
        long h = r.established(PEER_ISS);
        for (int i = 0; i < 5; i++) {
            r.advanceMs(10_000);
            r.expect(".", Rig.ISS, PEER_ISS + 1);
            r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 1)); // the peer answers
        }
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void zeroWindowIsProbedAndNeverGivesUpWhileThePeerAnswers() {
        Rig r = rig(TcpConfig.rfc());
        long h = r.established(PEER_ISS);
        r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 1, 0)); // peer closes its window
        r.write(h, "abc");
        r.noOutput();
        for (int i = 0; i < 40; i++) {
            r.advanceMs(60_000);
            Segment probe = r.out.poll();
            assertThat(probe).as("probe %d", i).isNotNull();
            assertThat(probe.payloadLength).isEqualTo(1);
            r.out.clear();
            r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 1, 0)); // still closed
        }
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 1, 1000)); // window opens
        r.expectData("P.", Rig.ISS + 1, PEER_ISS + 1, "abc");
    }

    @Test
    void defaultTimingWheelNeverFiresEarlyAndAtMostAnEighthLate() {
        TcpConfig cfg = TcpConfig.rfc().retransmission(RetransmissionPolicy.RFC6298);
        Rig r = new Rig(cfg.timestamps(false).windowScale(-1).buffers(32768, 32768).timers(null));
        r.connect();
        r.out.clear();
        List<Long> times = sendTimes(r, 70_000);
        long[] due = {1_000, 3_000, 7_000, 15_000, 31_000, 63_000};
        assertThat(times).hasSize(due.length);
        long previous = 0;
        for (int i = 0; i < due.length; i++) {
            long delay = due[i] - previous;
            long sent = times.get(i);
            assertThat(sent).as("retransmission %d never early", i).isGreaterThanOrEqualTo(due[i]);
            // each retransmission re-arms from the instant it was due, so lateness does not accumulate
            assertThat(sent - due[i]).as("retransmission %d late by at most delay/8", i).isLessThanOrEqualTo(delay / 8 + 1);
            previous = due[i];
        }
    }

    @Test
    void keepaliveAlsoProbesAHalfClosedConnectionInFinWait2() {
        Rig r = rig(TcpConfig.rfc().keepalive(KeepalivePolicy.of(TimeUnit.SECONDS.toNanos(10),
                TimeUnit.SECONDS.toNanos(2), 3)));
        long h = r.established(PEER_ISS);
        r.engine.shutdownOutput(h, r.now());
        r.expect("F.", Rig.ISS + 1, PEER_ISS + 1);
        r.in(r.seg(".", PEER_ISS + 1, Rig.ISS + 2)); // FIN_WAIT_2, the application still holds it
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
        List<Long> probes = sendTimes(r, 30_000);
        assertThat(probes).containsExactly(10_000L, 12_000L, 14_000L);
        assertThat(r.events).contains("reset:keepalive-timeout");
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }
}
