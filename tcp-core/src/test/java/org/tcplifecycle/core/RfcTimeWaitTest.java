package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.TimeWaitRstPolicy;

/**
 * RFC 9293 §3.10 in TIME-WAIT (a compact row, the handle still held): SND.NXT = L + 1, RCV.NXT = P + 1,
 * 2MSL = 60 s with the RFC profile.
 */
class RfcTimeWaitTest {

    @Test
    void openOnSameSocketPairIsConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = timeWait(r);
        assertErrorUnchanged(r, h, () -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.TIME_WAIT);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void openAfterTheHandleIsReleasedIsStillConnectionAlreadyExists() {
        Rig r = new Rig();
        long h = timeWait(r);
        r.engine.close(h, r.now());
        assertError(() -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.TIME_WAIT);
        r.noOutput();
    }

    @Test
    void sendIsConnectionClosing() {
        Rig r = new Rig();
        long h = timeWait(r);
        assertErrorUnchanged(r, h, () -> r.write(h, "x"), CONNECTION_CLOSING, "SEND", TcpState.TIME_WAIT);
    }

    @Test
    void receiveIsEndOfStream() {
        // engine choice: end of stream (-1) stands for RFC 9293's "connection closing"
        Rig r = new Rig();
        long h = timeWait(r);
        assertThat(r.read(h)).isNull();
        r.noOutput();
    }

    @Test
    void closeReleasesHandle() {
        Rig r = new Rig();
        long h = timeWait(r);
        r.engine.close(h, r.now());
        r.noOutput();
        assertThat(r.engine.isValid(h)).isFalse();
        assertThat(r.engine.timeWaitCount()).as("the row outlives the handle").isEqualTo(1);
        r.in(r.seg("F.", P, L + 1)); // and still answers a retransmitted FIN
        r.expect(".", L + 1, P + 1);
    }

    @Test
    void abortDeletesTheConnectionWithoutRst() {
        Rig r = new Rig();
        long h = timeWait(r);
        r.engine.abort(h, r.now());
        r.noOutput();
        assertThat(r.engine.isValid(h)).isFalse();
        assertThat(r.engine.timeWaitCount()).isZero();
        assertThat(r.engine.stats().inState[TcpState.TIME_WAIT.ordinal()]).isZero();
        assertThat(r.events).containsExactly("TIME_WAIT->CLOSED", "closed:abort");
        r.advanceMs(60_000); // nothing is left to expire
        assertThat(r.events).containsExactly("TIME_WAIT->CLOSED", "closed:abort");
        assertThat(r.engine.stats().inState[TcpState.TIME_WAIT.ordinal()]).isZero();
    }

    @Test
    void statusReportsTimeWaitThenClosed() {
        Rig r = new Rig();
        long h = timeWait(r);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        r.advanceMs(60_000);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void timeWaitExpiresAfter2Msl() {
        Rig r = new Rig();
        timeWait(r);
        r.advanceMs(59_999);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
        r.advanceMs(1);
        assertThat(r.engine.timeWaitCount()).isZero();
        assertThat(r.events).containsExactly("TIME_WAIT->CLOSED", "closed:time-wait-expired");
        r.noOutput();
        r.in(r.seg(".", P + 1, L + 1)); // now nothing knows the pair
        r.expect("R", L + 1, 0);
    }

    @Test
    void retransmittedFinIsAckedAndRestarts2Msl() {
        Rig r = new Rig();
        timeWait(r);
        r.advanceMs(30_000);
        r.in(r.seg("F.", P, L + 1));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        r.advanceMs(59_999);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
        r.advanceMs(1);
        assertThat(r.engine.timeWaitCount()).isZero();
    }

    @Test
    void rstIsIgnoredByDefaultPerRfc1337() {
        Rig r = new Rig();
        long h = timeWait(r);
        r.in(r.seg("R", P + 1, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void rstAtRcvNxtEndsTimeWaitUnderRfc793Policy() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .timeWaitRst(TimeWaitRstPolicy.RFC793));
        long h = timeWait(r);
        r.in(r.seg("R", P + 1, 0));
        r.noOutput();
        assertThat(r.engine.timeWaitCount()).isZero();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        assertThat(r.events).containsExactly("TIME_WAIT->CLOSED", "closed:rst");
    }

    @Test
    void rstNotAtRcvNxtIsDroppedEvenUnderRfc793Policy() {
        Rig r = new Rig(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768)
                .timeWaitRst(TimeWaitRstPolicy.RFC793));
        long h = timeWait(r);
        r.in(r.seg("R", P + 5, 0));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void newSynAboveRcvNxtReopensThePair() {
        // RFC 1122 4.2.2.13 / RFC 6191 (no timestamps: sequence numbers decide); the new ISS lies above
        // anything the old incarnation sent
        Rig r = new Rig();
        timeWait(r);
        r.in(r.seg("S", P + 100_000, 0));
        r.expect("S.", L + 1 + 65537, P + 100_001);
        r.noOutput();
        assertThat(r.engine.timeWaitCount()).isZero();
        assertThat(r.states).containsExactly(TcpState.CLOSED, TcpState.SYN_RECEIVED);
    }

    /** TIME-WAIT on the side that connected (no listener for a new SYN to go to). */
    private static long activeTimeWait(Rig r) {
        long h = synSent(r);
        r.in(r.seg("S.", PEER_ISS, Rig.ISS + 1));
        r.expect(".", L, P);
        r.engine.shutdownOutput(h, r.now());
        r.expect("F.", L, P);
        r.in(r.seg("F.", P, L + 1));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        clear(r);
        return h;
    }

    @Test
    void newSynWithoutAListenerGetsAckAndTimeWaitStays() {
        Rig r = new Rig();
        long h = activeTimeWait(r);
        r.in(r.seg("S", P + 100_000, 0));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        assertError(() -> r.connect(), CONNECTION_ALREADY_EXISTS, "OPEN", TcpState.TIME_WAIT);
    }

    @Test
    void oldSynGetsAck() {
        Rig r = new Rig();
        long h = timeWait(r);
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void textIsAckedAndDropped() {
        Rig r = new Rig();
        long h = timeWait(r);
        r.in(r.data("P.", P + 1, L + 1, "late"));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void pureAckIsIgnored() {
        Rig r = new Rig();
        long h = timeWait(r);
        r.in(r.seg(".", P + 1, L + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void segmentWithAckBitOffIsAckedAndDropped() {
        // TIME-WAIT rows answer any non-ACK, non-RST segment with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        Rig r = new Rig();
        long h = timeWait(r);
        r.in(r.seg("", P + 1, 0));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
    }
}
