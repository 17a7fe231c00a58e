package org.tcplifecycle.core;

import org.tcplifecycle.api.TcpState;

/** A snapshot of a connection's RFC 9293 variables, for tools, tests and debugging (not a hot path). */
public record TcbView(TcpState state, int iss, int irs, int sndUna, int sndNxt, int sndMax, int sndWnd, int rcvNxt,
                      int rcvWnd, int sndMss, int sndWscale, int rcvWscale, boolean timestamps, long rtoNanos,
                      long srttNanos, int retries, int sendQueued, int receiveQueued, boolean peerFin, boolean reset) {
    TcbView(Tcb t) {
        this(t.state(), t.iss, t.irs, t.sndUna, t.sndNxt, t.sndMax, t.sndWnd, t.rcvNxt, t.rcvAdvEdge - t.rcvNxt, t.sndMss,
                t.sndWscale, t.rcvWscale, t.isTsOk(), t.rto, t.srtt, t.retries, t.sendBuffered(), t.recvBuffered(), t.isPeerFin(),
                t.isReset());
    }
}
