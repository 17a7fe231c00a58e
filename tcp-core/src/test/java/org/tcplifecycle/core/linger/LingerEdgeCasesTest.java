package org.tcplifecycle.core.linger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.OrphanPolicy;

/** Linger and reset corners: passive close, a RST while lingering, simultaneous close, half-open children. */
class LingerEdgeCasesTest {
    private static final long MS = 1_000_000L;

    @Test
    void lingerOnThePassiveSideCompletesInLastAck() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.close(h[0], w.now());
        w.run();
        w.server.setLinger(h[1], true, 5_000 * MS);
        w.server.close(h[1], w.now());
        assertThat(w.server.state(h[1])).isEqualTo(TcpState.LAST_ACK);
        w.run();
        assertThat(w.serverEvents.list).containsSubsequence("CLOSE_WAIT->LAST_ACK", "linger:true", "LAST_ACK->CLOSED");
        assertThat(w.server.connectionCount()).isZero();
        assertThatThrownBy(() -> w.server.state(h[1])).isInstanceOf(TcpException.class);
    }

    @Test
    void aRstWhileLingeringEndsTheLingerAsFailed() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 5_000 * MS);
        Wire.write(w.client, h[0], "data", w.now());
        w.client.close(h[0], w.now());
        w.dropAll();
        w.server.abort(h[1], w.now()); // RST at the server's SND.NXT = the client's RCV.NXT
        w.run();
        assertThat(w.clientEvents.list).containsSubsequence("linger:false", "FIN_WAIT_1->CLOSED");
        assertThat(w.clientEvents.list).doesNotContain("linger:true");
        assertThat(w.client.connectionCount()).isZero();
        w.advanceMs(5_000);
        assertThat(w.clientEvents.list.stream().filter(e -> e.startsWith("linger:"))).hasSize(1);
    }

    @Test
    void abortWhileLingeringReportsTheLingerAsFailed() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 5_000 * MS);
        w.client.close(h[0], w.now());
        w.dropAll();
        int mark = w.log.size();
        w.client.abort(h[0], w.now());
        assertThat(w.logFrom(mark)).containsExactly("C>S R 10003 len 0");
        assertThat(w.clientEvents.list).containsSubsequence("linger:false", "closed:abort");
    }

    @Test
    void lingerThroughASimultaneousClose() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 5_000 * MS);
        int mark = w.log.size();
        w.client.close(h[0], w.now());
        w.server.close(h[1], w.now()); // both FINs in flight
        w.run();
        assertThat(w.logFrom(mark)).containsExactly(
                "C>S F. 10002 ack 20002 len 0",
                "S>C F. 20002 ack 10002 len 0",
                "S>C . 20003 ack 10003 len 0",
                "C>S . 10003 ack 20003 len 0");
        assertThat(w.clientEvents.list).containsSubsequence("FIN_WAIT_1->CLOSING", "linger:true", "CLOSING->TIME_WAIT");
        assertThat(w.client.timeWaitCount()).isEqualTo(1);
        assertThat(w.server.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void closingAListenerResetsAHalfOpenChild() {
        Wire w = new Wire();
        long l = w.server.listen(Wire.SERVER, 16);
        w.forgeToServer("S", 5000, 0, ""); // a SYN; its SYN-ACK goes unanswered
        assertThat(w.log).endsWith("S>C S. 20001 ack 5001 len 0");
        int mark = w.log.size();
        w.server.close(l, w.now());
        assertThat(w.logFrom(mark)).containsExactly("S>C R. 20002 ack 5001 len 0");
        assertThat(w.server.stats().rstOutByCause[Cause.LISTENER_CLOSED]).isEqualTo(1);
        assertThat(w.server.connectionCount()).isZero();
        assertThat(w.server.stats().inState(TcpState.SYN_RECEIVED)).isZero();
        assertThat(w.server.stats().inState(TcpState.LISTEN)).isZero();
    }

    /** Returns the wire after the server's data reached a client that is lingering in FIN_WAIT_1. */
    private static Wire dataWhileLingering(OrphanPolicy orphan, long[] h) {
        Wire w = new Wire(Wire.plain().orphan(orphan), Wire.plain());
        System.arraycopy(w.handshake(), 0, h, 0, 2);
        w.client.setLinger(h[0], true, 5_000 * MS);
        w.client.close(h[0], w.now());
        w.toServer.clear(); // the FIN is lost: the client keeps lingering in FIN_WAIT_1
        Wire.write(w.server, h[1], "late", w.now());
        w.run();
        return w;
    }

    @Test
    void dataWhileLingeringIsAnsweredWithRstUnderTheLinuxOrphanPolicy() {
        long[] h = new long[2];
        Wire w = dataWhileLingering(OrphanPolicy.LINUX, h);
        // a lingering close is still a close: nobody will read, as for an orphan
        assertThat(w.log).containsSubsequence("S>C . 20002 ack 10002 len 4", "C>S R. 10003 ack 20002 len 0");
        assertThat(w.clientEvents.list).containsSubsequence("linger:false", "FIN_WAIT_1->CLOSED", "closed:data-after-close");
        assertThat(w.client.connectionCount()).isZero();
    }

    @Test
    void dataWhileLingeringIsAcknowledgedAndDiscardedUnderRfc9293() {
        long[] h = new long[2];
        Wire w = dataWhileLingering(OrphanPolicy.RFC9293, h);
        assertThat(w.log).endsWith("S>C . 20002 ack 10002 len 4", "C>S . 10003 ack 20006 len 0");
        assertThat(w.client.state(h[0])).isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(w.client.available(h[0])).as("discarded, not buffered for a closed socket").isZero();
        assertThat(w.clientEvents.list).noneMatch(e -> e.startsWith("linger:"));
    }

    @Test
    void withTheDefaultTimingWheelTheLingerDeadlineIsNeverEarlyAndAtMostOneGranuleLate() {
        Wire w = new Wire(Wire.plain().timers(null), Wire.plain());
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 500 * MS);
        w.client.close(h[0], w.now());
        w.dropAll();
        w.advanceMs(499);
        assertThat(w.clientEvents.list).noneMatch(e -> e.startsWith("linger:"));
        int waited = 499;
        while (!w.clientEvents.list.contains("linger:false") && waited < 1_000) {
            w.advanceMs(1);
            waited++;
        }
        // 500 ms sits in the wheel's second level (8 ms granules at a 1 ms tick)
        assertThat(waited).isBetween(500, 508);
        assertThat(w.log).endsWith("C>S R 10003 len 0");
    }

    @Test
    void closeWithLingerZeroInSynSentSendsNothing() {
        Wire w = new Wire();
        long c = w.client.connect(Wire.CLIENT, Wire.SERVER, w.now());
        w.dropAll();
        w.client.setLinger(c, true, 0);
        int mark = w.log.size();
        w.client.close(c, w.now());
        assertThat(w.logFrom(mark)).as("RFC 9293 §3.10.5: no RST from SYN-SENT").isEmpty();
        assertThat(w.client.connectionCount()).isZero();
    }
}
