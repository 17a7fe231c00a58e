package org.tcplifecycle.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.policy.RetransmissionPolicy;

/** Expected values worked out by hand from RFC 6298 section 2 (alpha 1/8, beta 1/4, K 4). */
class RtoEstimatorTest {
    static final long MS = 1_000_000L;
    static final long SEC = 1000 * MS;
    static final long US = 1000L;

    @Test
    void followsRfc6298SectionTwo() {
        RtoEstimator e = new RtoEstimator(RetransmissionPolicy.LINUX, MS);
        assertThat(e.rto()).isEqualTo(1 * SEC);                 // (2.1) initial RTO before any sample
        assertThat(e.srtt()).isEqualTo(RtoEstimator.NO_SAMPLE);

        // (2.2) R = 100 ms: SRTT = 100, RTTVAR = 50, RTO = 100 + max(1, 4 * 50) = 300 ms.
        assertThat(e.sample(100 * MS)).isEqualTo(300 * MS);
        assertThat(e.srtt()).isEqualTo(100 * MS);
        assertThat(e.rttvar()).isEqualTo(50 * MS);

        // (2.3) R' = 120 ms: RTTVAR = 3/4 * 50 + 1/4 * |100 - 120| = 42.5 ms,
        //       SRTT = 7/8 * 100 + 1/8 * 120 = 102.5 ms, RTO = 102.5 + 170 = 272.5 ms.
        assertThat(e.sample(120 * MS)).isEqualTo(272_500 * US);
        assertThat(e.rttvar()).isEqualTo(42_500 * US);
        assertThat(e.srtt()).isEqualTo(102_500 * US);

        // R' = 80 ms: RTTVAR = (3 * 42.5 + 22.5) / 4 = 37.5 ms (uses the SRTT before this sample),
        //       SRTT = (7 * 102.5 + 80) / 8 = 99.6875 ms, RTO = 99.6875 + 150 = 249.6875 ms.
        assertThat(e.sample(80 * MS)).isEqualTo(249_687_500L);
        assertThat(e.rttvar()).isEqualTo(37_500 * US);
        assertThat(e.srtt()).isEqualTo(99_687_500L);
    }

    @Test
    void staticFunctionsMatchTheInstance() {
        RetransmissionPolicy p = RetransmissionPolicy.LINUX;
        RtoEstimator e = new RtoEstimator(p, MS);
        long srtt = RtoEstimator.NO_SAMPLE, rttvar = 0, rto = p.initialRtoNanos();
        long[] samples = {100 * MS, 120 * MS, 80 * MS, 3 * SEC, 7 * MS};
        for (long r : samples) {
            long v = RtoEstimator.nextRttvar(srtt, rttvar, r);
            srtt = RtoEstimator.nextSrtt(srtt, r);
            rttvar = v;
            rto = RtoEstimator.rto(srtt, rttvar, MS, p);
            assertThat(e.sample(r)).isEqualTo(rto);
            assertThat(e.srtt()).isEqualTo(srtt);
            assertThat(e.rttvar()).isEqualTo(rttvar);
        }
        assertThat(RtoEstimator.rto(RtoEstimator.NO_SAMPLE, 0, MS, p)).isEqualTo(p.initialRtoNanos());
    }

    @Test
    void granularityFloorsTheVarianceTerm() {
        RetransmissionPolicy p = RetransmissionPolicy.of(SEC, MS, 60 * SEC, 6, 5, 15, 15);
        // R = 10 ms with G = 100 ms: RTO = 10 + max(100, 4 * 5) = 110 ms.
        assertThat(new RtoEstimator(p, 100 * MS).sample(10 * MS)).isEqualTo(110 * MS);
        // Same sample with G = 1 ms: 10 + 20 = 30 ms.
        assertThat(new RtoEstimator(p, MS).sample(10 * MS)).isEqualTo(30 * MS);
    }

    @Test
    void policyClampsTheComputedRto() {
        // (2.4) RFC 6298 rounds a computed RTO below 1 s up to 1 s: 100 + 200 = 300 ms -> 1 s.
        RtoEstimator e = new RtoEstimator(RetransmissionPolicy.RFC6298, MS);
        assertThat(e.sample(100 * MS)).isEqualTo(SEC);
        // (2.5) and a maximum of 60 s: 40 s + 4 * 20 s = 120 s -> 60 s.
        e.reset();
        assertThat(e.sample(40 * SEC)).isEqualTo(60 * SEC);
    }

    @Test
    void timeoutsDoubleUpToTheMaximumAndASampleRecomputes() {
        RtoEstimator e = new RtoEstimator(RetransmissionPolicy.LINUX, MS);
        e.sample(100 * MS);                                      // RTO 300 ms
        assertThat(e.onTimeout()).isEqualTo(600 * MS);           // (5.5) back off
        assertThat(e.onTimeout()).isEqualTo(1200 * MS);
        assertThat(e.backoffs()).isEqualTo(2);
        // (5.7)-style recovery: a valid sample computes the RTO afresh from SRTT and RTTVAR.
        // RTTVAR = (3 * 50 + 0) / 4 = 37.5 ms, SRTT = 100 ms, RTO = 100 + 150 = 250 ms.
        assertThat(e.sample(100 * MS)).isEqualTo(250 * MS);
        assertThat(e.backoffs()).isZero();

        RtoEstimator big = new RtoEstimator(RetransmissionPolicy.RFC6298, MS);
        big.sample(20 * SEC);                                    // 20 + 40 = 60 s, the maximum
        assertThat(big.onTimeout()).isEqualTo(60 * SEC);
        assertThat(RtoEstimator.backoff(45 * SEC, RetransmissionPolicy.RFC6298)).isEqualTo(60 * SEC);
        assertThat(RtoEstimator.backoff(45 * SEC, RetransmissionPolicy.LINUX)).isEqualTo(90 * SEC);
    }

    @Test
    void karnsRuleRejectsAmbiguousSamples() {
        assertThat(RtoEstimator.sampleAllowed(false, false)).isTrue();
        assertThat(RtoEstimator.sampleAllowed(true, false)).isFalse();
        assertThat(RtoEstimator.sampleAllowed(true, true)).isTrue();   // a timestamp echo names the transmission
    }

    @Test
    void synTimeoutRaisesTheDataRtoToThreeSeconds() {
        assertThat(RtoEstimator.afterSynTimeout(SEC)).isEqualTo(3 * SEC);
        assertThat(RtoEstimator.afterSynTimeout(5 * SEC)).isEqualTo(5 * SEC);
    }

    @Test
    void resetForgetsTheMeasurements() {
        RtoEstimator e = new RtoEstimator(RetransmissionPolicy.LINUX, MS);
        e.sample(500 * MS);
        e.onTimeout();
        e.reset();
        assertThat(e.rto()).isEqualTo(SEC);
        assertThat(e.srtt()).isEqualTo(RtoEstimator.NO_SAMPLE);
        assertThat(e.backoffs()).isZero();
        // The next sample is a first sample again: 200 + 4 * 100 = 600 ms.
        assertThat(e.sample(200 * MS)).isEqualTo(600 * MS);
    }

    @Test
    void rejectsNegativeSamples() {
        assertThatThrownBy(() -> RtoEstimator.nextSrtt(5, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtoEstimator(RetransmissionPolicy.LINUX, MS).sample(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
