package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;

/** RFC 7323: PAWS and segments without TSopt once timestamps were negotiated. */
class TimestampRulesTest {
    private static final int PEER = 5000;

    private static Segment ts(Segment s, int val) {
        s.hasTimestamps = true;
        s.tsVal = val;
        return s;
    }

    /** Handshake with timestamps (SYN TSval 100, final ACK TSval {@code ackTs}); returns the accepted handle. */
    private static long accepted(Rig r, int ackTs) {
        long l = r.listen();
        r.in(ts(r.seg("S", PEER, 0), 100));
        r.out.clear();
        r.in(ts(r.seg(".", PEER + 1, Rig.ISS + 1), ackTs));
        return r.engine.accept(l);
    }

    private static Rig rig(TcpConfig cfg) {
        return new Rig(cfg.timestamps(true).windowScale(-1).buffers(32768, 32768));
    }

    @Test
    void rfcProfileDropsASegmentWithoutTimestamp() {
        Rig r = rig(TcpConfig.rfc());
        long h = accepted(r, 101);
        r.in(r.data("P.", PEER + 1, Rig.ISS + 1, "no-ts"));
        r.noOutput();
        assertThat(r.engine.available(h)).isZero();
        assertThat(r.engine.stats().drops(TcpStats.DROP_NO_TIMESTAMP)).isEqualTo(1);
        r.in(ts(r.data("P.", PEER + 1, Rig.ISS + 1, "with-ts"), 102));
        assertThat(r.read(h)).isEqualTo("with-ts");
    }

    @Test
    void linuxProfileAcceptsASegmentWithoutTimestamp() {
        Rig r = rig(TcpConfig.linux());
        long h = accepted(r, 101);
        r.in(r.data("P.", PEER + 1, Rig.ISS + 1, "no-ts"));
        assertThat(r.read(h)).isEqualTo("no-ts");
    }

    @Test
    void pawsDropsAnOlderTimestampAndAcks() {
        Rig r = rig(TcpConfig.rfc());
        long h = accepted(r, 200);
        r.in(ts(r.data("P.", PEER + 1, Rig.ISS + 1, "old"), 150)); // older than TS.Recent 200
        Segment ack = r.expect(".", Rig.ISS + 1, PEER + 1);
        assertThat(ack.tsEcr).isEqualTo(200);
        assertThat(r.engine.available(h)).isZero();
        assertThat(r.engine.stats().drops(TcpStats.DROP_PAWS)).isEqualTo(1);
    }
}
