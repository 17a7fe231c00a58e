package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.SynCookiePolicy;

/** SYN cookies (RFC 4987 §3.6): a listener that keeps no state until the final ACK. */
class SynCookiesTest {
    private static final int PEER = 5000;

    private static Rig rig(SynCookiePolicy p, int backlog) {
        TcpConfig cfg = TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768).synCookies(p);
        cfg.synCookieKey0 = 0x1234;
        cfg.synCookieKey1 = 0x5678;
        Rig r = new Rig(cfg);
        r.engine.listen(Rig.LOCAL, backlog);
        return r;
    }

    private static Segment syn(Rig r, int port, int seq, int mss) {
        Segment s = r.seg("S", seq, 0);
        s.srcPort = port;
        s.mss = mss;
        return s;
    }

    @Test
    void alwaysAnswersStatelesslyAndTheCookieAckCreatesTheConnection() {
        Rig r = rig(SynCookiePolicy.ALWAYS, 4);
        r.in(syn(r, 40000, PEER, 1400));
        Segment synAck = r.out.poll();
        assertThat(synAck.flags).isEqualTo(Rig.flags("S."));
        assertThat(synAck.ack).isEqualTo(PEER + 1);
        assertThat(synAck.mss).as("largest table MSS not above 1400").isEqualTo(1300);
        assertThat(synAck.wscale).isEqualTo(Segment.NO_WSCALE);
        assertThat(r.engine.connectionCount()).as("no state kept for the SYN").isZero();

        Segment ack = r.data("P.", PEER + 1, synAck.seq + 1, "hello");
        r.in(ack);
        r.expect(".", synAck.seq + 1, PEER + 6);
        assertThat(r.engine.connectionCount()).isEqualTo(1);
        long h = r.engine.accept(0xFFFF_FFFFL & 0); // listener is slot 0, generation 0
        assertThat(r.engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(r.read(h)).isEqualTo("hello");
        assertThat(r.engine.view(h).sndMss()).isEqualTo(1300);
        assertThat(r.engine.stats().synCookiesSent).isEqualTo(1);
        assertThat(r.engine.stats().synCookiesValid).isEqualTo(1);
    }

    @Test
    void aForgedOrStaleCookieGetsRst() {
        Rig r = rig(SynCookiePolicy.ALWAYS, 4);
        r.in(syn(r, 40000, PEER, 1460));
        Segment synAck = r.out.poll();
        r.in(r.seg(".", PEER + 1, synAck.seq + 2)); // wrong cookie
        r.expect("R", synAck.seq + 2, 0);
        Segment otherPeerIsn = r.seg(".", PEER + 2, synAck.seq + 1); // right cookie, wrong ISN
        r.in(otherPeerIsn);
        r.expect("R", synAck.seq + 1, 0);
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.stats().synCookiesInvalid).isEqualTo(2);
        // the genuine ACK, but 200 s later: the cookie is stale
        r.advanceMs(200_000);
        r.in(r.seg(".", PEER + 1, synAck.seq + 1));
        r.expect("R", synAck.seq + 1, 0);
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void whenFullKeepsStateUntilTheBacklogThenSwitchesToCookies() {
        Rig r = rig(SynCookiePolicy.WHEN_FULL, 2);
        r.in(syn(r, 40000, PEER, 1460));
        r.in(syn(r, 40001, PEER, 1460));
        assertThat(r.engine.connectionCount()).as("two half-open connections in the SYN queue").isEqualTo(2);
        r.out.clear();
        r.in(syn(r, 40002, PEER, 1460)); // queue full: a cookie instead of a drop
        Segment synAck = r.out.poll();
        assertThat(synAck).isNotNull();
        assertThat(r.engine.connectionCount()).isEqualTo(2);
        Segment ack = r.seg(".", PEER + 1, synAck.seq + 1);
        ack.srcPort = 40002;
        r.in(ack);
        assertThat(r.engine.connectionCount()).isEqualTo(3);
        assertThat(r.engine.stats().drops(TcpStats.DROP_BACKLOG_FULL)).isZero();
    }

    @Test
    void offDropsSynsOnceTheBacklogIsFull() {
        Rig r = rig(SynCookiePolicy.OFF, 1);
        r.in(syn(r, 40000, PEER, 1460));
        r.out.clear();
        r.in(syn(r, 40001, PEER, 1460));
        r.noOutput();
        assertThat(r.engine.stats().drops(TcpStats.DROP_BACKLOG_FULL)).isEqualTo(1);
        assertThat(r.engine.stats().synCookiesSent).isZero();
    }
}
