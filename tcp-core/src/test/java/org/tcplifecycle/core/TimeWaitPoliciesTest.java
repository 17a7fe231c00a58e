package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.TimeWaitCapPolicy;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.api.policy.TimeWaitReusePolicy;
import org.tcplifecycle.api.policy.TimeWaitRstPolicy;
import org.tcplifecycle.api.policy.TimeWaitSynPolicy;

/** TIME_WAIT strategies: length, cap, SYN reuse (RFC 6191), RST (RFC 1337), port reuse, footprint. */
class TimeWaitPoliciesTest {
    private static final int PEER_ISS = 5000;

    private static Rig rig(TcpConfig cfg) {
        return new Rig(cfg.timestamps(false).windowScale(-1).buffers(32768, 32768));
    }

    /** Active close by us on an accepted connection; ends in TIME_WAIT with RCV.NXT = PEER_ISS + 2. */
    private static void intoTimeWait(Rig r) {
        long h = r.established(PEER_ISS);
        r.engine.close(h, r.now());
        r.expect("F.", Rig.ISS + 1, PEER_ISS + 1);
        r.in(r.seg("F.", PEER_ISS + 1, Rig.ISS + 2));
        r.expect(".", Rig.ISS + 2, PEER_ISS + 2);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
    }

    private static void assertLength(TimeWaitPolicy p, long seconds) {
        Rig r = rig(TcpConfig.rfc().timeWait(p));
        intoTimeWait(r);
        r.advanceMs(seconds * 1000 - 1);
        assertThat(r.engine.timeWaitCount()).as("still in TIME_WAIT 1 ms before %d s", seconds).isEqualTo(1);
        r.advanceMs(1);
        assertThat(r.engine.timeWaitCount()).isZero();
        assertThat(r.events).contains("TIME_WAIT->CLOSED", "closed:time-wait-expired");
    }

    @Test
    void rfc793PresetWaitsFourMinutes() {
        assertLength(TimeWaitPolicy.RFC793, 240);
    }

    @Test
    void linuxPresetWaitsSixtySeconds() {
        assertLength(TimeWaitPolicy.LINUX, 60);
    }

    @Test
    void configurableMslWaitsTwice() {
        assertLength(TimeWaitPolicy.twoMsl(TimeUnit.SECONDS.toNanos(7)), 14);
    }

    /** Three connections from three peer ports closed actively, one after another. */
    private static Rig threeClosed(TcpConfig cfg) {
        Rig r = rig(cfg);
        long l = r.listen();
        for (int i = 0; i < 3; i++) {
            r.out.clear();
            Segment syn = r.seg("S", PEER_ISS, 0);
            syn.srcPort = 41000 + i;
            r.in(syn);
            Segment ack = r.seg(".", PEER_ISS + 1, Rig.ISS + 1);
            ack.srcPort = 41000 + i;
            r.in(ack);
            long h = r.engine.accept(l);
            r.engine.close(h, r.now());
            Segment fin = r.seg("F.", PEER_ISS + 1, Rig.ISS + 2);
            fin.srcPort = 41000 + i;
            r.in(fin);
            r.advanceMs(1000);
        }
        return r;
    }

    @Test
    void capSkippingTimeWaitClosesTheNewcomerAtOnceAndCountsIt() {
        Rig r = threeClosed(TcpConfig.rfc().timeWaitCap(TimeWaitCapPolicy.of(2, TimeWaitCapPolicy.Overflow.SKIP_TIME_WAIT)));
        assertThat(r.engine.timeWaitCount()).isEqualTo(2);
        assertThat(r.engine.stats().timeWaitOverflow).isEqualTo(1);
        assertThat(r.events).contains("closed:time-wait-cap");
        // the first two rows remain: a FIN retransmitted to the first is answered from TIME_WAIT
        r.out.clear();
        Segment fin = r.seg("F.", PEER_ISS + 1, Rig.ISS + 2);
        fin.srcPort = 41000;
        r.in(fin);
        r.expect(".", Rig.ISS + 2, PEER_ISS + 2);
        // the third has no row: it gets a RST
        fin.srcPort = 41002;
        r.in(fin);
        r.expect("R", Rig.ISS + 2, 0);
    }

    @Test
    void capEvictingOldestKeepsTheNewest() {
        Rig r = threeClosed(TcpConfig.rfc().timeWaitCap(TimeWaitCapPolicy.of(2, TimeWaitCapPolicy.Overflow.EVICT_OLDEST)));
        assertThat(r.engine.timeWaitCount()).isEqualTo(2);
        assertThat(r.engine.stats().timeWaitOverflow).isEqualTo(1);
        r.out.clear();
        Segment fin = r.seg("F.", PEER_ISS + 1, Rig.ISS + 2);
        fin.srcPort = 41000; // evicted
        r.in(fin);
        r.expect("R", Rig.ISS + 2, 0);
        fin.srcPort = 41002; // newest, kept
        r.in(fin);
        r.expect(".", Rig.ISS + 2, PEER_ISS + 2);
    }

    @Test
    void synAboveRcvNxtStartsANewIncarnationWithIssAboveTheOld() {
        Rig r = rig(TcpConfig.rfc().timeWaitSyn(TimeWaitSynPolicy.RFC6191));
        intoTimeWait(r);
        r.in(r.seg("S", PEER_ISS + 100_000, 0));
        // Linux's rule: new ISS = old SND.NXT + 65537
        int iss = Rig.ISS + 2 + 65537;
        r.expect("S.", iss, PEER_ISS + 100_001);
        assertThat(r.engine.timeWaitCount()).isZero();
        assertThat(r.engine.stats().timeWaitReused).isEqualTo(1);
        assertThat(r.events).contains("closed:time-wait-reused");
    }

    @Test
    void synBelowRcvNxtIsOnlyAcknowledged() {
        Rig r = rig(TcpConfig.rfc().timeWaitSyn(TimeWaitSynPolicy.RFC6191));
        intoTimeWait(r);
        r.in(r.seg("S", PEER_ISS - 10, 0));
        r.expect(".", Rig.ISS + 2, PEER_ISS + 2);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void refusePolicyNeverReuses() {
        Rig r = rig(TcpConfig.rfc().timeWaitSyn(TimeWaitSynPolicy.REFUSE));
        intoTimeWait(r);
        r.in(r.seg("S", PEER_ISS + 100_000, 0));
        r.expect(".", Rig.ISS + 2, PEER_ISS + 2);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void rfc6191UsesTimestampsWhenBothHaveThem() {
        TimeWaitSynPolicy p = TimeWaitSynPolicy.RFC6191;
        // newer timestamp wins even with a lower sequence number, and the reverse
        assertThat(p.accept(100, 5000, true, 901, true, 900)).isTrue();
        assertThat(p.accept(9000, 5000, true, 899, true, 900)).isFalse();
        // without timestamps on either side: sequence numbers decide (with wrap-around)
        assertThat(p.accept(5001, 5000, false, 0, true, 900)).isTrue();
        assertThat(p.accept(0x7FFF_FFF0 + 0x20, 0x7FFF_FFF0, false, 0, false, 0)).isTrue();
        assertThat(p.accept(4999, 5000, false, 0, false, 0)).isFalse();
    }

    @Test
    void rstInTimeWaitIgnoredUnderRfc1337() {
        Rig r = rig(TcpConfig.rfc().timeWaitRst(TimeWaitRstPolicy.RFC1337));
        intoTimeWait(r);
        r.in(r.seg("R", PEER_ISS + 2, 0));
        r.noOutput();
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void rstInTimeWaitAssassinatesUnderRfc793() {
        Rig r = rig(TcpConfig.rfc().timeWaitRst(TimeWaitRstPolicy.RFC793));
        intoTimeWait(r);
        r.in(r.seg("R", PEER_ISS + 7, 0)); // not exactly RCV.NXT: ignored all the same
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
        r.in(r.seg("R", PEER_ISS + 2, 0));
        r.noOutput();
        assertThat(r.engine.timeWaitCount()).isZero();
        assertThat(r.events).contains("closed:rst");
    }

    // --- the active side: ephemeral ports and TIME_WAIT reuse

    /** Client engine with 3 ephemeral ports; closes actively n times (its side ends in TIME_WAIT). */
    private static Rig client(TcpConfig cfg, int lifecycles) {
        cfg.ephemeralFirst = 50000;
        cfg.ephemeralLast = 50002;
        Rig r = rig(cfg);
        for (int i = 0; i < lifecycles; i++) {
            long h = r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.2", 40000), r.now());
            Segment syn = r.out.poll();
            r.localPort = syn.srcPort;
            r.in(r.seg("S.", PEER_ISS, syn.seq + 1));
            r.out.clear();
            r.engine.close(h, r.now());
            r.out.clear();
            r.in(r.seg("F.", PEER_ISS + 1, syn.seq + 2));
            r.out.clear();
        }
        return r;
    }

    @Test
    void portExhaustionIsAClearErrorAndCounted() {
        Rig r = client(TcpConfig.rfc(), 3);
        assertThat(r.engine.timeWaitCount()).isEqualTo(3);
        assertThatThrownBy(() -> r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.2", 40000), r.now()))
                .isInstanceOf(TcpException.class)
                .satisfies(ex -> assertThat(((TcpException) ex).error()).isEqualTo(TcpException.Error.PORTS_EXHAUSTED))
                .hasMessageContaining("50000-50002");
        assertThat(r.engine.stats().portsExhausted).isEqualTo(1);
        // after 2MSL the ports come back
        r.advanceMs(60_000);
        long h = r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.2", 40000), r.now());
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void twReuseAlwaysTakesOverATimeWaitTupleWithHigherIss() {
        Rig r = client(TcpConfig.rfc().timeWaitReuse(TimeWaitReusePolicy.ALWAYS), 3);
        long h = r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.2", 40000), r.now());
        Segment syn = r.out.poll();
        assertThat(syn.syn()).isTrue();
        assertThat(syn.seq).isEqualTo(Rig.ISS + 2 + 65537);
        assertThat(r.engine.timeWaitCount()).isEqualTo(2);
        assertThat(r.engine.stats().timeWaitReused).isEqualTo(1);
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void twReuseWithTimestampsNeedsTimestampsAndOneSecond() {
        TimeWaitReusePolicy p = TimeWaitReusePolicy.TIMESTAMPS;
        assertThat(p.mayReuse(true, TimeUnit.MILLISECONDS.toNanos(1001))).isTrue();
        assertThat(p.mayReuse(true, TimeUnit.MILLISECONDS.toNanos(1000))).isFalse();
        assertThat(p.mayReuse(false, TimeUnit.SECONDS.toNanos(50))).isFalse();
        // and in the engine: no timestamps on these connections, so no reuse
        Rig r = client(TcpConfig.rfc().timeWaitReuse(TimeWaitReusePolicy.TIMESTAMPS), 3);
        r.advanceMs(5000);
        assertThatThrownBy(() -> r.engine.connect(Endpoint.v4("192.0.2.1", 0), Endpoint.v4("192.0.2.2", 40000), r.now()))
                .isInstanceOf(TcpException.class);
    }

    // --- footprint

    @Test
    void compactTimeWaitRowsCostAtMost64BytesEach() {
        int n = 1_000_000;
        TimeWaitTable tw = new TimeWaitTable(16);
        for (int i = 0; i < n; i++) {
            tw.add(0xC0000201L, 0xC6120000L + (i >>> 16), (i & 0xFFFF) << 16 | 80, i, i * 7, true, i, i, i);
        }
        long bytes = GraphLayout.parseInstance(tw).totalSize();
        double perRow = (double) bytes / n;
        System.out.printf("TIME_WAIT rows: %d rows, %d bytes, %.1f bytes/row%n", n, bytes, perRow);
        assertThat(perRow).isLessThanOrEqualTo(64.0);
        // and they are all findable
        assertThat(tw.find(0xC0000201L, 0xC6120000L + (999_999 >>> 16), (999_999 & 0xFFFF) << 16 | 80)).isNotNegative();
    }
}
