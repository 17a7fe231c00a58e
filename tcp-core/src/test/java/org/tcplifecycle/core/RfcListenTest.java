package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpState;

/** RFC 9293 §3.10 in LISTEN: user calls on a listener and SEGMENT ARRIVES §3.10.7.2. */
class RfcListenTest {

    @Test
    void openActiveOnTheListeningPortCreatesASeparateConnection() {
        // engine choice (sockets model): a listener is never turned into an active connection; an active
        // OPEN from the same local port is a connection of its own and the listener keeps listening
        Rig r = new Rig();
        long l = r.listen();
        long c = r.connect();
        r.expect("S", Rig.ISS, 0);
        assertThat(c).isNotEqualTo(l);
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
        assertThat(r.engine.state(c)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void openPassiveOnTheSameLocalSocketIsAddressInUse() {
        Rig r = new Rig();
        long l = r.listen();
        assertError(() -> r.engine.listen(Rig.LOCAL, 8), ADDRESS_IN_USE, "LISTEN", TcpState.LISTEN);
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
        r.noOutput();
    }

    @Test
    void sendIsForeignSocketUnspecified() {
        Rig r = new Rig();
        long l = r.listen();
        clear(r);
        assertErrorUnchanged(r, l, () -> r.write(l, "x"), FOREIGN_SOCKET_UNSPECIFIED, "SEND", TcpState.LISTEN);
    }

    @Test
    void receiveOnAListenerIsInvalidArgument() {
        // engine choice: data arrives on accepted connections, never on the listener itself
        Rig r = new Rig();
        long l = r.listen();
        clear(r);
        assertErrorUnchanged(r, l, () -> r.read(l), INVALID_ARGUMENT, "RECEIVE", TcpState.LISTEN);
    }

    @Test
    void closeDeletesTheListenerAndResetsConnectionsNotYetAccepted() {
        // engine choice (Linux): a half-open child of the closed listener is reset, not left to time out
        Rig r = new Rig();
        long l = r.listen();
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", Rig.ISS, P);
        clear(r);
        r.engine.close(l, r.now());
        r.expect("R.", L, P);
        r.noOutput();
        assertThat(r.states).containsExactlyInAnyOrder(TcpState.CLOSED, TcpState.CLOSED);
        assertThat(r.engine.isValid(l)).isFalse();
        assertThat(r.engine.connectionCount()).isZero();
        r.in(r.seg("S", 5000, 0)); // nobody listens any more
        r.expect("R.", 0, 5001);
    }

    @Test
    void closeResetsEstablishedConnectionsStillInTheAcceptQueue() {
        Rig r = new Rig();
        long l = r.listen();
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", Rig.ISS, P);
        r.in(r.seg(".", P, L));
        clear(r);
        r.engine.close(l, r.now());
        r.expect("R.", L, P);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        r.in(r.seg(".", P, L)); // the peer's next segment meets no connection
        r.expect("R", L, 0);
    }

    @Test
    void abortDeletesTheListener() {
        Rig r = new Rig();
        long l = r.listen();
        r.engine.abort(l, r.now());
        r.noOutput();
        assertThat(r.engine.isValid(l)).isFalse();
        r.in(r.seg("S", 5000, 0));
        r.expect("R.", 0, 5001);
    }

    @Test
    void statusReportsListenAndAnUnspecifiedForeignSocket() {
        Rig r = new Rig();
        long l = r.listen();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
        assertThat(r.engine.tuple(l).local()).isEqualTo(Rig.LOCAL);
        assertThat(r.engine.tuple(l).remote().port()).isZero();
        assertThat(r.engine.accept(l)).isEqualTo(TcpEngine.NO_HANDLE);
    }

    @Test
    void rstIsIgnored() {
        Rig r = new Rig();
        long l = r.listen();
        r.in(r.seg("R", PEER_ISS, 0));
        r.in(r.seg("R.", PEER_ISS, 5));
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void ackGetsRstAtSegAck() {
        Rig r = new Rig();
        r.listen();
        r.in(r.seg(".", PEER_ISS, 4321));
        r.expect("R", 4321, 0);
        r.in(r.seg("S.", PEER_ISS, 4400)); // a SYN-ACK to a listener is just as wrong
        r.expect("R", 4400, 0);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void synSendsSynAckAndCreatesAConnectionInSynReceived() {
        Rig r = new Rig();
        long l = r.listen();
        clear(r);
        Segment syn = r.seg("S", PEER_ISS, 0, 5000);
        syn.mss = 1000;
        r.in(syn);
        Segment synAck = r.expect("S.", Rig.ISS, P);
        assertThat(synAck.mss).isEqualTo(1460);
        assertThat(synAck.window).isEqualTo(32768);
        r.noOutput();
        assertThat(r.states).containsExactly(TcpState.SYN_RECEIVED);
        assertThat(r.engine.connectionCount()).isEqualTo(1);
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
        assertThat(r.engine.accept(l)).as("not acceptable before the handshake completes").isEqualTo(TcpEngine.NO_HANDLE);
        // the peer's window and MSS were recorded from its SYN
        r.in(r.seg(".", P, L));
        long h = r.engine.accept(l);
        assertThat(r.engine.view(h).sndWnd()).isEqualTo(65535);
        assertThat(r.engine.view(h).sndMss()).isEqualTo(1000);
    }

    @Test
    void synWithTextAcknowledgesOnlyTheSyn() {
        // engine choice: text on a SYN is not queued; the SYN-ACK acknowledges the SYN alone and the
        // peer sends the text again
        Rig r = new Rig();
        r.listen();
        r.in(r.data("S", PEER_ISS, 0, "early"));
        r.expect("S.", Rig.ISS, P);
        r.noOutput();
    }

    @Test
    void segmentWithoutSynRstOrAckIsDropped() {
        Rig r = new Rig();
        r.listen();
        r.in(r.data("P", PEER_ISS, 0, "abc"));
        r.in(r.seg("F", PEER_ISS, 0));
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void synBeyondTheBacklogIsDropped() {
        Rig r = new Rig();
        r.listen(); // backlog 8
        for (int i = 0; i < 9; i++) {
            Segment s = r.seg("S", PEER_ISS, 0);
            s.srcPort = 41000 + i;
            r.in(s);
        }
        assertThat(r.out).hasSize(8);
        assertThat(r.engine.connectionCount()).isEqualTo(8);
    }

    @Test
    void synOnAnyAddressListenerIsAnswered() {
        Rig r = new Rig();
        r.engine.listen(Endpoint.v4("0.0.0.0", 80), 8);
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", Rig.ISS, P);
    }

    @Test
    void halfOpenConnectionTimesOutBackToListen() {
        Rig r = new Rig();
        long l = r.listen();
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", Rig.ISS, P);
        int synAcks = 0;
        for (long ms = 0; ms < TimeUnit.MINUTES.toMillis(10); ms += 100) { // far beyond every SYN-ACK retry
            r.advanceMs(100);
            while (!r.out.isEmpty()) {
                r.expect("S.", Rig.ISS, P);
                synAcks++;
            }
        }
        assertThat(synAcks).as("RFC 6298 policy: 5 SYN-ACK retransmissions").isEqualTo(5);
        assertThat(r.engine.connectionCount()).isZero();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
    }
}
