package org.tcplifecycle.core.linger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.core.TcpConfig;

/**
 * Each close behaviour, shown by the segments that cross the link. Client ISS 10001, server ISS 20001:
 * after the handshake the client sends from 10002 and the server from 20002.
 */
class CloseBehaviourTest {
    private static final long MS = 1_000_000L;

    @Test
    void lingerOffSendsFinAfterPendingDataAndTheOrphanCompletes() {
        Wire w = new Wire();
        long[] h = w.handshake();
        int mark = w.log.size();
        Wire.write(w.client, h[0], "hello", w.now());
        w.client.close(h[0], w.now());

        // close returned at once: the handle is gone, the connection lives on without it
        assertThatThrownBy(() -> w.client.state(h[0])).isInstanceOf(TcpException.class)
                .extracting(e -> ((TcpException) e).error()).isEqualTo(TcpException.Error.CONNECTION_DOES_NOT_EXIST);
        assertThat(w.client.connectionCount()).isEqualTo(1);
        assertThat(w.logFrom(mark)).containsExactly(
                "C>S . 10002 ack 20002 len 5",
                "C>S F. 10007 ack 20002 len 0");

        w.run();
        assertThat(Wire.read(w.server, h[1], w.now())).isEqualTo("hello");
        assertThat(Wire.read(w.server, h[1], w.now())).as("end of stream").isNull();
        w.server.close(h[1], w.now());
        w.run();
        assertThat(w.logFrom(mark + 2)).containsExactly(
                "S>C . 20002 ack 10007 len 0",
                "S>C . 20002 ack 10008 len 0",
                "S>C F. 20002 ack 10008 len 0",
                "C>S . 10008 ack 20003 len 0");
        assertThat(w.clientEvents.list).containsSubsequence(
                "ESTABLISHED->FIN_WAIT_1", "FIN_WAIT_1->FIN_WAIT_2", "FIN_WAIT_2->TIME_WAIT");
        assertThat(w.clientEvents.list).noneMatch(e -> e.startsWith("linger:"));
        assertThat(w.client.timeWaitCount()).isEqualTo(1);
        assertThat(w.client.connectionCount()).isZero();
        assertThat(w.server.connectionCount()).isZero();

        w.advanceMs(60_000); // TIME_WAIT = 2 x MSL of 30 s
        assertThat(w.client.timeWaitCount()).isZero();
        assertThat(w.clientEvents.list).endsWith("TIME_WAIT->CLOSED", "closed:time-wait-expired");
    }

    @Test
    void lingerWithTimeoutCompletesWhenDataAndFinAreAcknowledged() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 5_000 * MS);
        int mark = w.log.size();
        Wire.write(w.client, h[0], "hello", w.now());
        w.client.close(h[0], w.now());
        assertThat(w.client.state(h[0])).as("the handle is held while lingering").isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(w.clientEvents.list).noneMatch(e -> e.startsWith("linger:"));

        w.deliverToServer(); // data
        w.deliverToClient(); // its ACK: the FIN is still unacknowledged
        assertThat(w.clientEvents.list).noneMatch(e -> e.startsWith("linger:"));
        w.run();
        assertThat(w.logFrom(mark)).containsExactly(
                "C>S . 10002 ack 20002 len 5",
                "C>S F. 10007 ack 20002 len 0",
                "S>C . 20002 ack 10007 len 0",
                "S>C . 20002 ack 10008 len 0");
        // reported on the ACK of the FIN, the same segment that moves the connection to FIN_WAIT_2
        assertThat(w.clientEvents.list).containsSubsequence("ESTABLISHED->FIN_WAIT_1", "linger:true");
        assertThat(w.clientEvents.list).contains("FIN_WAIT_1->FIN_WAIT_2");
        assertThat(w.clientEvents.list).doesNotContain("linger:false");
        assertThat(Wire.read(w.server, h[1], w.now())).isEqualTo("hello");

        w.advanceMs(5_000); // the linger deadline passes: nothing may happen any more
        assertThat(w.clientEvents.list).doesNotContain("linger:false");
        assertThat(w.client.stats().rstOut).isZero();
    }

    @Test
    void lingerTimeoutWithoutAcknowledgementResets() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 2_000 * MS);
        int mark = w.log.size();
        Wire.write(w.client, h[0], "hello", w.now());
        w.client.close(h[0], w.now());
        w.dropAll(); // the server never hears of it

        w.advanceMs(1_000); // RTO: data and FIN again, now in one segment
        w.dropAll();
        assertThat(w.clientEvents.list).noneMatch(e -> e.startsWith("linger:"));
        w.advanceMs(1_000); // linger deadline
        assertThat(w.logFrom(mark)).containsExactly(
                "C>S . 10002 ack 20002 len 5",
                "C>S F. 10007 ack 20002 len 0",
                "C>S F. 10002 ack 20002 len 5",
                "C>S R 10008 len 0");
        assertThat(w.clientEvents.list).containsSubsequence("linger:false", "FIN_WAIT_1->CLOSED", "closed:linger-timeout");
        assertThat(w.client.stats().rstOutByCause[Cause.LINGER_TIMEOUT]).isEqualTo(1);
        assertThat(w.client.connectionCount()).isZero();
        assertThat(w.client.timeWaitCount()).isZero();

        // The RST lies in the server's window but not at RCV.NXT (10002): RFC 5961 asks for a challenge
        // ACK, which the client, now without a connection, answers with a RST the server must accept.
        int m2 = w.log.size();
        w.run();
        assertThat(w.logFrom(m2)).containsExactly(
                "S>C . 20002 ack 10002 len 0",
                "C>S R 10002 len 0");
        assertThat(w.serverEvents.list).as("the second RST sits at RCV.NXT").containsSubsequence("reset:rst", "ESTABLISHED->CLOSED");
        assertThat(w.server.stats().challengeAcks).isEqualTo(1);
    }

    @Test
    void lingerZeroResetsAtOnceWithoutTimeWait() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 0);
        int mark = w.log.size();
        Wire.write(w.client, h[0], "never", w.now());
        w.dropAll();
        w.client.close(h[0], w.now());
        assertThat(w.logFrom(mark)).containsExactly(
                "C>S . 10002 ack 20002 len 5",
                "C>S R 10007 len 0");
        assertThat(w.client.timeWaitCount()).isZero();
        assertThat(w.client.connectionCount()).isZero();
        assertThat(w.client.stats().rstOutByCause[Cause.LINGER_ZERO]).isEqualTo(1);
        assertThat(w.clientEvents.list).containsSubsequence("ESTABLISHED->CLOSED", "closed:linger-zero");
        assertThat(w.clientEvents.list).doesNotContain("ESTABLISHED->FIN_WAIT_1");
    }

    @Test
    void lingerZeroResetIsAcceptedByThePeerAtExactSequence() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.setLinger(h[0], true, 0);
        w.client.close(h[0], w.now());
        w.run();
        assertThat(w.log).endsWith("C>S R 10002 len 0");
        assertThat(w.serverEvents.list).containsSubsequence("reset:rst", "ESTABLISHED->CLOSED");
        assertThat(w.server.connectionCount()).isZero();
    }

    @Test
    void closeWithUnreadDataResets() {
        Wire w = new Wire();
        long[] h = w.handshake();
        Wire.write(w.server, h[1], "unread", w.now());
        w.run();
        assertThat(w.client.available(h[0])).isEqualTo(6);
        int mark = w.log.size();
        w.client.close(h[0], w.now());
        assertThat(w.logFrom(mark)).containsExactly("C>S R 10002 len 0");
        assertThat(w.client.stats().rstOutByCause[Cause.UNREAD_DATA]).isEqualTo(1);
        w.run();
        assertThat(w.serverEvents.list).contains("reset:rst");
        assertThat(w.client.timeWaitCount()).isZero();
    }

    @Test
    void shutdownOutputHalfClosesAndKeepsReceiving() {
        Wire w = new Wire();
        long[] h = w.handshake();
        int mark = w.log.size();
        w.client.shutdownOutput(h[0], w.now());
        w.run();
        assertThat(w.client.state(h[0])).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(Wire.read(w.server, h[1], w.now())).as("the server sees end of stream").isNull();
        assertThat(w.server.state(h[1])).isEqualTo(TcpState.CLOSE_WAIT);
        assertThatThrownBy(() -> Wire.write(w.client, h[0], "x", w.now())).isInstanceOf(TcpException.class);

        Wire.write(w.server, h[1], "still here", w.now());
        w.run();
        assertThat(Wire.read(w.client, h[0], w.now())).isEqualTo("still here");
        w.server.close(h[1], w.now());
        w.run();
        assertThat(Wire.read(w.client, h[0], w.now())).isNull();
        assertThat(w.logFrom(mark)).containsExactly(
                "C>S F. 10002 ack 20002 len 0",
                "S>C . 20002 ack 10003 len 0",
                "S>C . 20002 ack 10003 len 10",
                "C>S . 10003 ack 20012 len 0",
                "S>C F. 20012 ack 10003 len 0",
                "C>S . 10003 ack 20013 len 0");
        assertThat(w.client.state(h[0])).isEqualTo(TcpState.TIME_WAIT);
        w.client.close(h[0], w.now());
        assertThat(w.client.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void abortSendsBareRstUnderRfcAndRstAckUnderLinux() {
        Wire rfc = new Wire();
        long[] h = rfc.handshake();
        Wire.write(rfc.client, h[0], "queued", rfc.now());
        rfc.dropAll();
        int mark = rfc.log.size();
        rfc.client.abort(h[0], rfc.now());
        assertThat(rfc.logFrom(mark)).containsExactly("C>S R 10008 len 0");
        assertThat(rfc.client.stats().rstOutByCause[Cause.ABORT]).isEqualTo(1);
        assertThat(rfc.clientEvents.list).containsSubsequence("ESTABLISHED->CLOSED", "closed:abort");
        assertThat(rfc.client.connectionCount()).isZero();

        Wire linux = new Wire(Wire.plain().timeWait(TcpConfig.linux().timeWait), Wire.plain());
        linux.client.config().abortRstWithAck = true;
        long[] g = linux.handshake();
        mark = linux.log.size();
        linux.client.abort(g[0], linux.now());
        linux.run();
        assertThat(linux.logFrom(mark)).containsExactly("C>S R. 10002 ack 20002 len 0");
        assertThat(linux.serverEvents.list).contains("reset:rst");
    }

    @Test
    void dataAfterCloseIsAnsweredWithRstUnderTheLinuxOrphanPolicy() {
        Wire w = new Wire(Wire.plain().orphan(OrphanPolicy.LINUX), Wire.plain());
        long[] h = w.handshake();
        w.client.close(h[0], w.now());
        w.run(); // FIN, its ACK: the client orphan waits in FIN_WAIT_2
        int mark = w.log.size();
        Wire.write(w.server, h[1], "late", w.now());
        w.run();
        assertThat(w.logFrom(mark)).containsExactly(
                "S>C . 20002 ack 10003 len 4",
                "C>S R. 10003 ack 20002 len 0");
        assertThat(w.client.stats().rstOutByCause[Cause.DATA_AFTER_CLOSE]).isEqualTo(1);
        assertThat(w.client.connectionCount()).isZero();
        assertThat(w.serverEvents.list).contains("reset:rst");
    }

    @Test
    void dataAfterCloseIsAcknowledgedAndDiscardedUnderRfc9293() {
        Wire w = new Wire();
        long[] h = w.handshake();
        w.client.close(h[0], w.now());
        w.run();
        int mark = w.log.size();
        Wire.write(w.server, h[1], "late", w.now());
        w.run();
        assertThat(w.logFrom(mark)).containsExactly(
                "S>C . 20002 ack 10003 len 4",
                "C>S . 10003 ack 20006 len 0");
        assertThat(w.client.stats().rstOut).isZero();
        assertThat(w.client.connectionCount()).isEqualTo(1);
    }

    @Test
    void closingAListenerResetsConnectionsNotYetAccepted() {
        Wire w = new Wire();
        long l = w.server.listen(Wire.SERVER, 16);
        long c1 = w.client.connect(Wire.CLIENT, Wire.SERVER, w.now());
        long c2 = w.client.connect(Endpoint.v4("192.0.2.2", 40001), Wire.SERVER, w.now());
        w.run();
        assertThat(w.client.state(c1)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(w.client.state(c2)).isEqualTo(TcpState.ESTABLISHED);
        int mark = w.log.size();
        w.server.close(l, w.now());
        assertThat(w.logFrom(mark)).containsExactlyInAnyOrder(
                "S>C R. 20002 ack 10002 len 0",
                "S>C R. 20002 ack 10002 len 0");
        assertThat(w.toClient).extracting(s -> s.dstPort).containsExactlyInAnyOrder(40000, 40001);
        assertThat(w.server.stats().rstOutByCause[Cause.LISTENER_CLOSED]).isEqualTo(2);
        assertThat(w.server.connectionCount()).isZero();
        w.run();
        assertThat(w.clientEvents.list.stream().filter(e -> e.equals("reset:rst"))).hasSize(2);
        assertThat(w.client.connectionCount()).isZero();
    }

    @Test
    void closingAListenerLeavesAcceptedConnectionsAlone() {
        Wire w = new Wire();
        long l = w.server.listen(Wire.SERVER, 16);
        long c1 = w.client.connect(Wire.CLIENT, Wire.SERVER, w.now());
        w.run();
        long s1 = w.server.accept(l);
        long c2 = w.client.connect(Endpoint.v4("192.0.2.2", 40001), Wire.SERVER, w.now());
        w.run();
        int mark = w.log.size();
        w.server.close(l, w.now());
        assertThat(w.logFrom(mark)).containsExactly("S>C R. 20002 ack 10002 len 0");
        assertThat(w.toClient.peek().dstPort).isEqualTo(40001);
        w.run();
        assertThat(w.server.state(s1)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(w.client.state(c1)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(w.client.state(c2)).isEqualTo(TcpState.CLOSED);
        Wire.write(w.client, c1, "still", w.now());
        w.run();
        assertThat(Wire.read(w.server, s1, w.now())).isEqualTo("still");
    }

    @Test
    void withoutResetOnListenerCloseUnacceptedConnectionsAreDroppedSilently() {
        TcpConfig server = Wire.plain();
        server.resetUnacceptedOnListenerClose = false;
        Wire w = new Wire(Wire.plain(), server);
        long l = w.server.listen(Wire.SERVER, 16);
        long c = w.client.connect(Wire.CLIENT, Wire.SERVER, w.now());
        w.run();
        int mark = w.log.size();
        w.server.close(l, w.now());
        assertThat(w.logFrom(mark)).isEmpty();
        assertThat(w.server.connectionCount()).isZero();
        // the client learns only when it next sends: the server has no connection and answers with RST
        Wire.write(w.client, c, "hello?", w.now());
        w.run();
        assertThat(w.logFrom(mark)).containsExactly("C>S . 10002 ack 20002 len 6", "S>C R 20002 len 0");
        assertThat(w.clientEvents.list).contains("reset:rst");
    }
}
