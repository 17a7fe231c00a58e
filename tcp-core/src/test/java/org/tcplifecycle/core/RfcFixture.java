package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;

/**
 * Brings a {@link Rig} to each RFC 9293 state with known numbers, for the per-state tests.
 *
 * <p>The peer's ISS is {@link #PEER_ISS}; ours is {@link Rig#ISS}. After the handshake RCV.NXT is
 * {@code P} (1001) and SND.NXT is {@code L} (20002). Our FIN, when sent, has sequence number {@code L};
 * the peer's FIN has {@code P}. Connections are held through their handle (half-close with
 * {@code shutdownOutput}), so API calls can be made in every state.
 */
final class RfcFixture {
    static final int PEER_ISS = 1000;
    /** RCV.NXT after the handshake: the peer's first data octet. */
    static final int P = PEER_ISS + 1;
    /** SND.NXT after the handshake: our first data octet. */
    static final int L = Rig.ISS + 1;

    private RfcFixture() {
    }

    /** Passive open completed and accepted. */
    static long established(Rig r) {
        long h = r.established(PEER_ISS);
        clear(r);
        return h;
    }

    /** Active open: our SYN is out. */
    static long synSent(Rig r) {
        long h = r.connect();
        r.expect("S", Rig.ISS, 0);
        clear(r);
        return h;
    }

    /** Simultaneous open from our side: SYN out, the peer's SYN in, our SYN-ACK out. */
    static long synReceived(Rig r) {
        long h = synSent(r);
        r.in(r.seg("S", PEER_ISS, 0));
        r.expect("S.", Rig.ISS, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.SYN_RECEIVED);
        clear(r);
        return h;
    }

    /** Our FIN (seq L) sent, not yet acknowledged. */
    static long finWait1(Rig r) {
        long h = established(r);
        r.engine.shutdownOutput(h, r.now());
        r.expect("F.", L, P);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_1);
        clear(r);
        return h;
    }

    /** Our FIN acknowledged; the peer has not closed. */
    static long finWait2(Rig r) {
        long h = finWait1(r);
        r.in(r.seg(".", P, L + 1));
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.FIN_WAIT_2);
        clear(r);
        return h;
    }

    /** The peer's FIN (seq P) received and acknowledged. */
    static long closeWait(Rig r) {
        long h = established(r);
        r.in(r.seg("F.", P, L));
        r.expect(".", L, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSE_WAIT);
        clear(r);
        return h;
    }

    /** Simultaneous close: our FIN out, the peer's FIN in without an ACK of ours. */
    static long closing(Rig r) {
        long h = finWait1(r);
        r.in(r.seg("F.", P, L));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.CLOSING);
        clear(r);
        return h;
    }

    /** Passive close: the peer's FIN in, ours out and not yet acknowledged. */
    static long lastAck(Rig r) {
        long h = closeWait(r);
        r.engine.shutdownOutput(h, r.now());
        r.expect("F.", L, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.LAST_ACK);
        clear(r);
        return h;
    }

    /** Active close finished: FIN_WAIT_2, then the peer's FIN, our last ACK. */
    static long timeWait(Rig r) {
        long h = finWait2(r);
        r.in(r.seg("F.", P, L + 1));
        r.expect(".", L + 1, P + 1);
        r.noOutput();
        assertThat(r.engine.state(h)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(r.engine.timeWaitCount()).isEqualTo(1);
        clear(r);
        return h;
    }

    static void clear(Rig r) {
        r.events.clear();
        r.states.clear();
    }

    /** The call fails with the RFC's error, naming the operation and the state. */
    static TcpException assertError(ThrowingCallable call, TcpException.Error error, String op, TcpState state) {
        TcpException x = catchThrowableOfType(TcpException.class, call);
        assertThat(x).as("%s should fail with %s", op, error).isNotNull();
        assertThat(x.error()).isEqualTo(error);
        assertThat(x.operation()).isEqualTo(op);
        assertThat(x.state()).isEqualTo(state);
        assertThat(x.getMessage()).contains(op).contains(error.text)
                .contains(state == null ? "no connection" : state.name());
        return x;
    }

    /** Runs a call that must fail and checks that it left the connection exactly as it was. */
    static TcpException assertErrorUnchanged(Rig r, long h, ThrowingCallable call, TcpException.Error error, String op,
                                             TcpState state) {
        TcbView before = r.engine.view(h);
        TcpException x = assertError(call, error, op, state);
        assertThat(r.engine.view(h)).as("connection unchanged by the failed %s", op).isEqualTo(before);
        r.noOutput();
        assertThat(r.states).as("no state change").isEmpty();
        return x;
    }

    static Tcb tcb(Rig r, long h) {
        return r.engine.lookup(h);
    }

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }
}
