package org.tcplifecycle.core.metrics;

import org.tcplifecycle.api.TcpState;

/**
 * The state transitions published as {@code tcp.transitions}: the arrows of RFC 9293's state diagram
 * (§3.3.2, Figure 5), the FIN-in-SYN-RECEIVED move of §3.10.7.4, the child-connection births this engine
 * uses (a passive open creates the child in CLOSED and moves it to SYN-RECEIVED; the listener stays in
 * LISTEN), and every state to CLOSED (ABORT, RST, timeouts, TIME_WAIT expiry, closing a listener).
 * Anything else is counted once, untagged, as {@code tcp.transitions.unexpected}.
 */
public final class Rfc9293Transitions {
    private static final int N = TcpState.count();
    private static final boolean[] ALLOWED = new boolean[N * N];

    static {
        allow(TcpState.CLOSED, TcpState.LISTEN);
        allow(TcpState.CLOSED, TcpState.SYN_SENT);
        allow(TcpState.CLOSED, TcpState.SYN_RECEIVED);
        allow(TcpState.LISTEN, TcpState.SYN_SENT);
        allow(TcpState.LISTEN, TcpState.SYN_RECEIVED);
        allow(TcpState.SYN_SENT, TcpState.SYN_RECEIVED);
        allow(TcpState.SYN_SENT, TcpState.ESTABLISHED);
        allow(TcpState.SYN_RECEIVED, TcpState.LISTEN);
        allow(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED);
        allow(TcpState.SYN_RECEIVED, TcpState.FIN_WAIT_1);
        allow(TcpState.SYN_RECEIVED, TcpState.CLOSE_WAIT);
        allow(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1);
        allow(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT);
        allow(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2);
        allow(TcpState.FIN_WAIT_1, TcpState.CLOSING);
        allow(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT);
        allow(TcpState.FIN_WAIT_2, TcpState.TIME_WAIT);
        allow(TcpState.CLOSING, TcpState.TIME_WAIT);
        allow(TcpState.CLOSE_WAIT, TcpState.LAST_ACK);
        for (TcpState s : TcpState.values()) {
            if (s != TcpState.CLOSED) allow(s, TcpState.CLOSED);
        }
    }

    private Rfc9293Transitions() {
    }

    private static void allow(TcpState from, TcpState to) {
        ALLOWED[from.ordinal() * N + to.ordinal()] = true;
    }

    public static boolean allowed(TcpState from, TcpState to) {
        return ALLOWED[from.ordinal() * N + to.ordinal()];
    }

    /** By the index {@link org.tcplifecycle.core.TcpStats#transitions} uses: from * 11 + to. */
    public static boolean allowed(int index) {
        return ALLOWED[index];
    }

    public static int count() {
        int c = 0;
        for (boolean b : ALLOWED) if (b) c++;
        return c;
    }
}
