package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpException.Error.*;
import static org.tcplifecycle.core.RfcFixture.*;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpState;

/**
 * RFC 9293 §3.10 in CLOSED: no TCB. User calls on a handle that names no connection fail with
 * "connection does not exist"; a segment for no connection is answered with the §3.10.7.1 RST.
 */
class RfcClosedTest {
    /** A handle that named a connection which has since been deleted. */
    private static long staleHandle(Rig r) {
        long h = established(r);
        r.engine.abort(h, r.now());
        r.out.clear();
        clear(r);
        assertThat(r.engine.isValid(h)).isFalse();
        return h;
    }

    @Test
    void openActiveSendsSynAndEntersSynSent() {
        Rig r = new Rig();
        long h = r.connect();
        r.expect("S", Rig.ISS, 0);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_SENT);
        assertThat(r.states).containsExactly(TcpState.SYN_SENT);
        assertThat(r.engine.view(h).sndUna()).isEqualTo(Rig.ISS);
        assertThat(r.engine.view(h).sndNxt()).isEqualTo(Rig.ISS + 1);
    }

    @Test
    void openPassiveEntersListenAndSendsNothing() {
        Rig r = new Rig();
        long l = r.listen();
        r.noOutput();
        assertThat(r.engine.state(l)).isEqualTo(TcpState.LISTEN);
        assertThat(r.states).containsExactly(TcpState.LISTEN);
    }

    @Test
    void openActiveWithUnspecifiedForeignSocketFails() {
        Rig r = new Rig();
        assertError(() -> r.engine.connect(Rig.LOCAL, Endpoint.v4("0.0.0.0", 0), r.now()),
                FOREIGN_SOCKET_UNSPECIFIED, "OPEN", null);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void sendIsConnectionDoesNotExist() {
        Rig r = new Rig();
        long h = staleHandle(r);
        assertError(() -> r.write(h, "x"), CONNECTION_DOES_NOT_EXIST, "SEND", null);
        assertError(() -> r.engine.send(12345L, new byte[1], 0, 1, r.now()), CONNECTION_DOES_NOT_EXIST, "SEND", null);
        r.noOutput();
    }

    @Test
    void receiveIsConnectionDoesNotExist() {
        Rig r = new Rig();
        long h = staleHandle(r);
        assertError(() -> r.engine.receive(h, ByteBuffer.allocate(8), r.now()), CONNECTION_DOES_NOT_EXIST, "RECEIVE", null);
        r.noOutput();
    }

    @Test
    void closeIsConnectionDoesNotExist() {
        Rig r = new Rig();
        long h = staleHandle(r);
        assertError(() -> r.engine.close(h, r.now()), CONNECTION_DOES_NOT_EXIST, "CLOSE", null);
        r.noOutput();
    }

    @Test
    void abortIsConnectionDoesNotExist() {
        Rig r = new Rig();
        long h = staleHandle(r);
        assertError(() -> r.engine.abort(h, r.now()), CONNECTION_DOES_NOT_EXIST, "ABORT", null);
        r.noOutput();
    }

    @Test
    void statusIsConnectionDoesNotExist() {
        Rig r = new Rig();
        long h = staleHandle(r);
        assertError(() -> r.engine.state(h), CONNECTION_DOES_NOT_EXIST, "STATUS", null);
        assertError(() -> r.engine.view(h), CONNECTION_DOES_NOT_EXIST, "STATUS", null);
    }

    @Test
    void statusOfAHeldHandleAfterResetIsClosedAndCloseReleasesIt() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg("R", P, 0));
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSED);
        r.engine.close(h, r.now());
        r.noOutput();
        assertThat(r.engine.isValid(h)).isFalse();
    }

    @Test
    void abortOfAHeldHandleAfterResetReleasesItQuietly() {
        Rig r = new Rig();
        long h = established(r);
        r.in(r.seg("R", P, 0));
        clear(r);
        r.engine.abort(h, r.now());
        r.noOutput();
        assertThat(r.events).as("the connection already ended: no second close").isEmpty();
        assertThat(r.engine.isValid(h)).isFalse();
    }

    @Test
    void segmentWithAckGetsRstAtSegAck() {
        Rig r = new Rig();
        r.in(r.data("P.", 5000, 777, "abc"));
        r.expect("R", 777, 0);
        r.noOutput();
    }

    @Test
    void segmentWithoutAckGetsRstAckCoveringSynFinAndText() {
        Rig r = new Rig();
        r.in(r.data("P", 5000, 0, "abc"));
        r.expect("R.", 0, 5003);
        r.in(r.seg("S", 9000, 0));
        r.expect("R.", 0, 9001);
        r.in(r.data("FP", 9000, 0, "ab"));
        r.expect("R.", 0, 9003);
        r.noOutput();
        assertThat(r.engine.connectionCount()).isZero();
    }

    @Test
    void rstIsNeverAnswered() {
        Rig r = new Rig();
        r.in(r.seg("R", 1, 0));
        r.in(r.seg("R.", 1, 2));
        r.noOutput();
    }

    @Test
    void segmentForADeletedConnectionGetsRst() {
        Rig r = new Rig();
        staleHandle(r);
        r.in(r.data("P.", P, L, "late"));
        r.expect("R", L, 0);
        r.noOutput();
    }
}
