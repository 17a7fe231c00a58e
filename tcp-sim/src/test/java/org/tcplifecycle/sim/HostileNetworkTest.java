package org.tcplifecycle.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.policy.ResetPolicy;

/** Blind in-window attacks (RFC 5961) and a SYN flood against a plain backlog. */
class HostileNetworkTest {
    static final long ATTEMPTS = 500_000;

    /**
     * With a 64 KiB window a uniformly guessed sequence number falls in the window with probability
     * 2^16 / 2^32: about 7.6 hits in 500 000 tries. RFC 793 lets each hit reset the connection; RFC 5961
     * needs the exact RCV.NXT (2^-32) and answers the rest with challenge ACKs.
     */
    @Test
    void blindRstAndSynSucceedUnderRfc793AndNotUnderRfc5961() {
        for (BlindAttack.Kind k : new BlindAttack.Kind[] {BlindAttack.Kind.RST, BlindAttack.Kind.SYN}) {
            BlindAttack.Result classic = BlindAttack.measure(ResetPolicy.RFC793, k, ATTEMPTS, 42);
            BlindAttack.Result hardened = BlindAttack.measure(ResetPolicy.RFC5961, k, ATTEMPTS, 42);
            assertThat(classic.successes()).as("%s under RFC 793", k).isBetween(1L, 30L);
            assertThat(hardened.successes()).as("%s under RFC 5961", k).isZero();
            assertThat(hardened.challengeAcks()).as("in-window %s answered by challenge ACKs", k).isPositive();
            assertThat(classic.challengeAcks()).isZero();
        }
    }

    /** Forged data needs SEG.SEQ = RCV.NXT exactly (no out-of-order queue) and an acceptable ACK. */
    @Test
    void blindDataIsNeverAccepted() {
        assertThat(BlindAttack.measure(ResetPolicy.RFC793, BlindAttack.Kind.DATA, ATTEMPTS, 43).successes()).isZero();
        assertThat(BlindAttack.measure(ResetPolicy.RFC5961, BlindAttack.Kind.DATA, ATTEMPTS, 43).successes()).isZero();
    }

    @Test
    void synFloodIsBoundedByTheBacklogAndLegitimateClientsRecoverAfterIt() {
        SynFlood.Result r = SynFlood.run(100_000, 50_000, 32, 20, 3);
        assertThat(r.peakSynReceived()).isLessThanOrEqualTo(32);
        assertThat(r.peakConnections()).isLessThanOrEqualTo(2 * 32);
        assertThat(r.backlogDrops()).isGreaterThan(r.floodSyns() - 1000);
        assertThat(r.legitAttempts()).isEqualTo(40);
        // while the flood lasts, a plain backlog turns legitimate clients away ...
        assertThat(r.legitDuringFlood()).isLessThan(r.legitAttempts() / 2);
        // ... and once the spoofed half-open connections time out, their retransmitted SYNs get through
        assertThat(r.legitAfter()).isEqualTo(r.legitAttempts());
    }

    @Test
    void withSynCookiesLegitimateClientsConnectDuringTheFloodAndStateStaysBounded() {
        SynFlood.Result r = SynFlood.run(100_000, 50_000, 32, 20, 3, org.tcplifecycle.api.policy.SynCookiePolicy.WHEN_FULL);
        assertThat(r.legitAttempts()).isEqualTo(40);
        assertThat(r.legitDuringFlood()).as("every legitimate handshake completes while the flood lasts")
                .isEqualTo(r.legitAttempts());
        // half-open state never exceeds the backlog; the rest are the legitimate connections themselves
        assertThat(r.peakSynReceived()).isLessThanOrEqualTo(32);
        assertThat(r.peakConnections()).isLessThanOrEqualTo(32 + r.legitAttempts());
        assertThat(r.backlogDrops()).isZero();
    }
}
