package org.tcplifecycle.core;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.FourTuple;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpConnection;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.ClosePolicy;
import org.tcplifecycle.api.policy.CloseContext;
import org.tcplifecycle.api.policy.RetransmissionPolicy;
import org.tcplifecycle.api.policy.TimerHandler;
import org.tcplifecycle.api.policy.TimerService;
import org.tcplifecycle.timers.TimingWheel;
import org.tcplifecycle.wire.DecodeResult;
import org.tcplifecycle.wire.DropCounters;
import org.tcplifecycle.wire.IpCodec;

/**
 * One engine shard: the RFC 9293 connection state machine for any number of connections, confined to
 * one thread, sans-I/O. It consumes segments ({@link #onSegment}), API calls and time ({@link #advance});
 * it emits segments to a {@link SegmentSink} and events to a {@link TcpEventListener}. It never reads a
 * clock and never opens a socket.
 *
 * <p>Where things are decided: user calls (OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS — RFC 9293 §3.10.1
 * to §3.10.6) are the public methods of this class; SEGMENT ARRIVES (§3.10.7) is {@link SegmentArrives};
 * what to send is {@link Output}; timeouts (§3.10.8) are {@link #onTimer}. Every state change goes
 * through {@link #setState}.
 *
 * <p>Connections are named by long handles (slot | generation &lt;&lt; 32): a handle to a slot that has since
 * been reused is detected, never confused with the new connection.
 */
public final class TcpEngine implements TimerHandler {
    public static final long NO_HANDLE = -1L;
    /** Listener address word meaning "any local address". */
    static final long ANY = -1L;
    static final long LISTENER_KEY = -2L;

    final TcpConfig cfg;
    final SegmentSink sink;
    TcpEventListener events;
    final TimerService timers;
    final TcpStats stats = new TcpStats();
    final AddressBook addrs = new AddressBook();
    final TupleMap conns;
    final TupleMap listeners = new TupleMap(16);
    final TimeWaitTable tw;
    final Output output;
    final SegmentArrives arrives;
    private final ArrayDeque<ByteRing> sendPool = new ArrayDeque<>();
    private final ArrayDeque<ByteRing> recvPool = new ArrayDeque<>();
    private final Ctx closeCtx = new Ctx();
    private final Segment rx = new Segment();
    private final DropCounters wireDrops = new DropCounters();
    private Tcb[] slots;
    private int[] freeSlots;
    private int freeCount;
    private int slotsUsed;
    private int nextEphemeral;
    private int reuseIss;
    private boolean reuseIssSet;
    long now;
    private boolean expiring; // inside timers.expire (advance): no nested expire from arm()
    // challenge ACK rate limit (RFC 5961 §7): a budget refilled once per second
    private long challengeWindowStart = Long.MIN_VALUE;
    private int challengeBudget;

    public TcpEngine(TcpConfig config, SegmentSink sink, TcpEventListener events) {
        this(config, sink, events, 1024);
    }

    public TcpEngine(TcpConfig config, SegmentSink sink, TcpEventListener events, int expectedConnections) {
        config.validate();
        this.cfg = config;
        this.sink = sink;
        this.events = events == null ? TcpEventListener.NONE : events;
        this.timers = config.timers != null ? config.timers.get() : new TimingWheel(1_000_000L, Math.max(64, expectedConnections));
        this.conns = new TupleMap(expectedConnections);
        this.tw = new TimeWaitTable(Math.min(expectedConnections, 1 << 16));
        this.output = new Output(this, Math.max(config.mss, 1));
        this.arrives = new SegmentArrives(this);
        int cap = Math.max(16, expectedConnections);
        this.slots = new Tcb[cap];
        this.freeSlots = new int[cap];
        this.nextEphemeral = config.ephemeralFirst;
    }

    public TcpEngine listener(TcpEventListener l) {
        this.events = l == null ? TcpEventListener.NONE : l;
        return this;
    }

    public TcpStats stats() {
        return stats;
    }

    public TcpConfig config() {
        return cfg;
    }

    /** Connections with a control block (all states but TIME_WAIT, which lives in compact rows). */
    public int connectionCount() {
        return conns.size();
    }

    public int timeWaitCount() {
        return tw.size();
    }

    /** Timers scheduled and not yet fired or cancelled (at most one per connection). */
    public int pendingTimers() {
        return timers.size();
    }

    // ------------------------------------------------------------------------------------------------
    // OPEN (RFC 9293 §3.10.1)

    /** Passive OPEN on a local endpoint (address 0.0.0.0 or :: listens on every address). */
    public long listen(Endpoint local, int backlog) {
        boolean any = local.hi() == 0 && local.lo() == 0;
        long word = any ? ANY : addrs.acquire(local.ipv6(), local.hi(), local.lo());
        if (local.port() == 0) throw new TcpException(TcpException.Error.INVALID_ARGUMENT, "LISTEN", null, "port 0");
        if (listeners.get(word, LISTENER_KEY, local.port() << 16) != TupleMap.MISSING) {
            if (!any) addrs.release(word);
            throw new TcpException(TcpException.Error.ADDRESS_IN_USE, "LISTEN", TcpState.LISTEN, local.toString());
        }
        Tcb t = alloc();
        t.localWord = word;
        t.localPort = (char) local.port();
        t.lq = new Tcb.AcceptQueue(); // listeners only: connections do not carry the queue fields
        t.lq.backlog = backlog > 0 ? backlog : cfg.defaultBacklog;
        t.setAppOwned(true);
        listeners.put(word, LISTENER_KEY, local.port() << 16, t.slot);
        setState(t, TcpState.LISTEN, Cause.API);
        return t.handle();
    }

    /** The next connection that completed its handshake on this listener, or {@link #NO_HANDLE}. */
    public long accept(long listenerHandle) {
        Tcb l = tcb(listenerHandle, "ACCEPT");
        if (l.state() != TcpState.LISTEN) throw new TcpException(TcpException.Error.INVALID_ARGUMENT, "ACCEPT", l.state(), "not a listener");
        if (l.lq.acceptHead < 0) return NO_HANDLE;
        Tcb c = slots[l.lq.acceptHead];
        l.lq.acceptHead = c.link;
        if (l.lq.acceptHead < 0) l.lq.acceptTail = -1;
        l.lq.acceptLen--;
        c.setInAcceptQueue(false);
        c.link = -1;
        c.setAppOwned(true);
        return c.handle();
    }

    /** Active OPEN. A local port of 0 takes an ephemeral port. Sends the SYN now. */
    public long connect(Endpoint local, Endpoint remote, long nowNanos) {
        if (local.ipv6() != remote.ipv6()) throw new TcpException(TcpException.Error.INVALID_ARGUMENT, "OPEN", null, "mixed IP versions");
        if (remote.port() == 0 || (remote.hi() == 0 && remote.lo() == 0))
            throw new TcpException(TcpException.Error.FOREIGN_SOCKET_UNSPECIFIED, "OPEN", null);
        now = nowNanos;
        long lw = addrs.acquire(local.ipv6(), local.hi(), local.lo());
        long rw = addrs.acquire(remote.ipv6(), remote.hi(), remote.lo());
        int lport = local.port();
        if (lport == 0) {
            lport = ephemeralPort(lw, rw, remote.port());
            if (lport == 0) {
                addrs.release(lw);
                addrs.release(rw);
                stats.portsExhausted++;
                throw new TcpException(TcpException.Error.PORTS_EXHAUSTED, "OPEN", null,
                        "range " + cfg.ephemeralFirst + "-" + cfg.ephemeralLast + " to " + remote);
            }
        } else if (conns.get(lw, rw, TupleMap.ports(lport, remote.port())) != TupleMap.MISSING
                || !timeWaitFreed(lw, rw, TupleMap.ports(lport, remote.port()))) {
            TcpState existing = existingState(lw, rw, TupleMap.ports(lport, remote.port()));
            addrs.release(lw);
            addrs.release(rw);
            throw new TcpException(TcpException.Error.CONNECTION_ALREADY_EXISTS, "OPEN", existing, local + " -> " + remote);
        }
        return openActive(lw, rw, lport, remote.port(), nowNanos);
    }

    /** Allocation-free active OPEN for IPv4 (local port 0 takes an ephemeral port). */
    public long connect4(int localAddr, int localPort, int remoteAddr, int remotePort, long nowNanos) {
        if (remotePort == 0 || remoteAddr == 0) throw new TcpException(TcpException.Error.FOREIGN_SOCKET_UNSPECIFIED, "OPEN", null);
        now = nowNanos;
        long lw = AddressBook.v4Word(localAddr);
        long rw = AddressBook.v4Word(remoteAddr);
        int lport = localPort;
        if (lport == 0) {
            lport = ephemeralPort(lw, rw, remotePort);
            if (lport == 0) {
                stats.portsExhausted++;
                throw new TcpException(TcpException.Error.PORTS_EXHAUSTED, "OPEN", null);
            }
        } else if (conns.get(lw, rw, TupleMap.ports(lport, remotePort)) != TupleMap.MISSING
                || !timeWaitFreed(lw, rw, TupleMap.ports(lport, remotePort))) {
            throw new TcpException(TcpException.Error.CONNECTION_ALREADY_EXISTS, "OPEN",
                    existingState(lw, rw, TupleMap.ports(lport, remotePort)));
        }
        return openActive(lw, rw, lport, remotePort, nowNanos);
    }

    /** State of the connection that holds a 4-tuple, so "connection already exists" names it. */
    private TcpState existingState(long lw, long rw, int ports) {
        int s = conns.get(lw, rw, ports);
        return s != TupleMap.MISSING ? slots[s].state() : TcpState.TIME_WAIT;
    }

    /**
     * True when no TIME_WAIT row holds the 4-tuple, or one does and the {@link TcpConfig#timeWaitReuse}
     * policy lets an active open take it over: the row is then ended and the new connection's ISS is
     * placed above everything the old incarnation sent.
     */
    private boolean timeWaitFreed(long lw, long rw, int ports) {
        int row = tw.find(lw, rw, ports);
        if (row == TimeWaitTable.NONE) return true;
        long idle = now - (tw.deadline(row) - cfg.timeWait.timeWaitNanos());
        if (!cfg.timeWaitReuse.mayReuse(tw.hasTs(row), idle)) return false;
        reuseIss = tw.sndNxt(row) + 65535 + 2;
        reuseIssSet = true;
        stats.timeWaitReused++;
        expireTimeWait(row, Cause.TIME_WAIT_REUSED);
        return true;
    }

    private long openActive(long lw, long rw, int lport, int rport, long nowNanos) {
        Tcb t = alloc();
        t.localWord = lw;
        t.remoteWord = rw;
        t.localPort = (char) lport;
        t.remotePort = (char) rport;
        t.setAppOwned(true);
        t.openedAt = nowNanos;
        t.iss = reuseIssSet ? reuseIss : isn(t);
        reuseIssSet = false;
        t.sndUna = t.iss;
        t.sndNxt = t.iss + 1;
        t.sndMax = t.iss + 1;
        t.sndBufSeq = t.iss + 1;
        t.rto = cfg.retransmission.initialRtoNanos();
        t.rcvWscale = 0;
        conns.put(lw, rw, TupleMap.ports(lport, rport), t.slot);
        t.setInTable(true);
        stats.activeOpens++;
        setState(t, TcpState.SYN_SENT, Cause.API);
        t.setRttTiming(true);
        t.rttSeq = t.iss;
        t.rttStart = nowNanos;
        output.syn(t);
        t.rtxAt = nowNanos + t.rto;
        t.firstUnackedAt = nowNanos; // the SYN is unacknowledged: the user timeout runs from here
        arm(t);
        return t.handle();
    }

    /** An ephemeral port for which the 4-tuple is free (not in use, not in TIME_WAIT); 0 if none. */
    private int ephemeralPort(long lw, long rw, int rport) {
        int first = cfg.ephemeralFirst, last = cfg.ephemeralLast;
        int n = last - first + 1;
        for (int i = 0; i < n; i++) {
            int p = nextEphemeral;
            nextEphemeral = p == last ? first : p + 1;
            int ports = TupleMap.ports(p, rport);
            // timeWaitFreed last: it ends a reusable TIME_WAIT row, so only once the port is otherwise free
            if (conns.get(lw, rw, ports) == TupleMap.MISSING
                    && listeners.get(lw, LISTENER_KEY, p << 16) == TupleMap.MISSING
                    && listeners.get(ANY, LISTENER_KEY, p << 16) == TupleMap.MISSING
                    && timeWaitFreed(lw, rw, ports)) {
                return p;
            }
        }
        return 0;
    }

    int isn(Tcb t) {
        return cfg.isn.isn(AddressBook.isV6(t.localWord), addrs.hi(t.localWord), addrs.lo(t.localWord), t.localPort,
                addrs.hi(t.remoteWord), addrs.lo(t.remoteWord), t.remotePort, now);
    }

    // ------------------------------------------------------------------------------------------------
    // SEND (§3.10.2)

    /** Queue data from {@code src} (position advances); returns octets queued, possibly 0 when full. */
    public int send(long handle, ByteBuffer src, long nowNanos) {
        Tcb t = tcb(handle, "SEND");
        checkSend(t);
        now = nowNanos;
        if (!src.hasRemaining()) return 0;
        if (t.sendBuf == null) t.sendBuf = takeSendBuf();
        int n = t.sendBuf.write(src);
        if (n > 0) output.transmit(t, false);
        arm(t);
        return n;
    }

    public int send(long handle, byte[] data, int offset, int length, long nowNanos) {
        Tcb t = tcb(handle, "SEND");
        checkSend(t);
        now = nowNanos;
        if (length == 0) return 0;
        if (t.sendBuf == null) t.sendBuf = takeSendBuf();
        int n = t.sendBuf.write(data, offset, length);
        if (n > 0) output.transmit(t, false);
        arm(t);
        return n;
    }

    /** Free space in the send buffer. */
    public int sendSpace(long handle) {
        Tcb t = tcb(handle, "STATUS");
        return cfg.sendBufferSize - t.sendBuffered();
    }

    /** Octets queued but not yet acknowledged (sent or not). */
    public int unacknowledged(long handle) {
        Tcb t = tcb(handle, "STATUS");
        return t.sendBuffered();
    }

    private void checkSend(Tcb t) {
        if (t.isReset()) throw new TcpException(resetError(t), "SEND", t.state());
        switch (t.state()) {
            case LISTEN:
                throw new TcpException(TcpException.Error.FOREIGN_SOCKET_UNSPECIFIED, "SEND", t.state());
            case SYN_SENT:
            case SYN_RECEIVED:
            case ESTABLISHED:
            case CLOSE_WAIT:
                if (t.isFinQueued()) throw new TcpException(TcpException.Error.CONNECTION_CLOSING, "SEND", t.state());
                return;
            case CLOSED:
                throw new TcpException(TcpException.Error.CONNECTION_DOES_NOT_EXIST, "SEND", t.state());
            default:
                throw new TcpException(TcpException.Error.CONNECTION_CLOSING, "SEND", t.state());
        }
    }

    private static TcpException.Error resetError(Tcb t) {
        switch (t.resetCause) {
            case Cause.REFUSED: return TcpException.Error.CONNECTION_REFUSED;
            case Cause.RETRANSMIT_TIMEOUT:
            case Cause.USER_TIMEOUT:
            case Cause.KEEPALIVE_TIMEOUT: return TcpException.Error.CONNECTION_TIMED_OUT;
            default: return TcpException.Error.CONNECTION_RESET;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // RECEIVE (§3.10.3)

    /**
     * Read in-order data into {@code dst}. Returns octets read; 0 when nothing is available yet; -1 at
     * end of stream (the peer's FIN was received and everything before it read). After a reset, buffered
     * data is still returned, then the reset is thrown.
     */
    public int receive(long handle, ByteBuffer dst, long nowNanos) {
        Tcb t = tcb(handle, "RECEIVE");
        now = nowNanos;
        if (t.state() == TcpState.LISTEN) throw new TcpException(TcpException.Error.INVALID_ARGUMENT, "RECEIVE", t.state(), "listener");
        int avail = t.recvBuffered();
        if (avail > 0 && dst.hasRemaining()) {
            int before = rcvSpace(t);
            int n = t.recvBuf.read(dst);
            if (t.recvBuf.size() == 0) dropRecvBuf(t); // idle connections hold no buffer
            maybeWindowUpdate(t, before);
            return n;
        }
        if (avail > 0) return 0;
        if (t.isReset()) throw new TcpException(resetError(t), "RECEIVE", t.state());
        if (t.isPeerFin() || t.isReadShutdown()) return -1;
        if (t.state() == TcpState.CLOSED) throw new TcpException(TcpException.Error.CONNECTION_DOES_NOT_EXIST, "RECEIVE", t.state());
        return 0;
    }

    /** Octets ready to read. */
    public int available(long handle) {
        return tcb(handle, "STATUS").recvBuffered();
    }

    /** Send a window update when reading opened the window by at least an MSS or half the buffer. */
    private void maybeWindowUpdate(Tcb t, int spaceBefore) {
        if (!t.state().isSynchronized() || t.state() == TcpState.TIME_WAIT || !t.state().mayReceive()) return;
        int advertised = t.rcvAdvEdge - t.rcvNxt;
        int space = rcvSpace(t);
        boolean opened = cfg.windowUpdateWhenDoubled
                ? 2 * advertised <= cfg.receiveBufferSize && space >= 2 * advertised
                : space - advertised >= Math.min(t.sndMss, cfg.receiveBufferSize / 2);
        if (opened || advertised == 0 && space > 0) {
            output.ack(t);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // CLOSE (§3.10.4), shutdown and ABORT (§3.10.5)

    /** Set SO_LINGER for a connection: off, or on with a timeout (0 = abortive close). */
    public void setLinger(long handle, boolean on, long timeoutNanos) {
        Tcb t = tcb(handle, "SETOPT");
        t.setLingerOn(on);
        t.lingerNanos = Math.max(0, timeoutNanos);
    }

    /** Half-close: FIN after the queued data; receiving continues (FIN_WAIT_1 or LAST_ACK follows). */
    public void shutdownOutput(long handle, long nowNanos) {
        Tcb t = tcb(handle, "SHUTDOWN");
        now = nowNanos;
        if (t.isReset()) throw new TcpException(resetError(t), "SHUTDOWN", t.state());
        switch (t.state()) {
            case LISTEN:
            case CLOSED:
                throw new TcpException(TcpException.Error.CONNECTION_DOES_NOT_EXIST, "SHUTDOWN", t.state());
            case SYN_SENT:
            case SYN_RECEIVED:
                t.setFinQueued(true); // the FIN follows once the handshake completes
                return;
            case ESTABLISHED:
                queueFin(t, TcpState.FIN_WAIT_1);
                break;
            case CLOSE_WAIT:
                queueFin(t, TcpState.LAST_ACK);
                break;
            default:
                return; // FIN already queued: shutting down twice is harmless, as with sockets
        }
        output.transmit(t, false);
        arm(t);
    }

    /** Stop reading: buffered and future data is discarded locally (SHUT_RD; nothing is sent). */
    public void shutdownInput(long handle) {
        Tcb t = tcb(handle, "SHUTDOWN");
        t.setReadShutdown(true);
        if (cfg.shutdownReadDiscards) dropRecvBuf(t);
    }

    private void queueFin(Tcb t, TcpState next) {
        t.setFinQueued(true);
        t.closeStartedAt = now;
        setState(t, next, Cause.API);
    }

    /**
     * CLOSE, as the {@link ClosePolicy} decides: graceful (FIN after the queued data; the handle is
     * released and the connection finishes on its own), abortive (RST now), or lingering (the handle
     * stays until all is acknowledged or the linger timeout aborts it; {@link TcpEventListener#onLingerResult}
     * tells which).
     */
    public void close(long handle, long nowNanos) {
        Tcb t = tcb(handle, "CLOSE");
        now = nowNanos;
        if (t.state() == TcpState.LISTEN) {
            closeListener(t);
            return;
        }
        if (t.state() == TcpState.CLOSED || t.state() == TcpState.TIME_WAIT && !t.isInTable()) {
            // the protocol is already finished (reset, refused, timed out, or TIME_WAIT row): release
            t.setAppClosed(true);
            release(t);
            return;
        }
        long decision = cfg.close.onClose(closeCtx.of(t));
        if (decision == ClosePolicy.ABORT) {
            int cause = t.recvBuffered() > 0 ? Cause.UNREAD_DATA : t.isLingerOn() ? Cause.LINGER_ZERO : Cause.ABORT;
            abortWith(t, cause);
            t.setAppClosed(true);
            release(t);
            return;
        }
        if (t.state() == TcpState.SYN_SENT) {
            // RFC 9293: delete the TCB; nothing is sent. Data queued before the handshake is dropped, so a
            // caller waiting for a linger outcome learns at once that it did not complete.
            if (decision > 0) events.onLingerResult(t.handle(), false);
            t.setAppClosed(true);
            terminate(t, Cause.API);
            return;
        }
        if (decision > 0) {
            t.setLingering(true);
            t.lingerAt = nowNanos + decision;
        } else {
            t.setAppClosed(true);
            t.setAppOwned(false);
        }
        dropRecvBuf(t); // nobody will read it any more
        switch (t.state()) {
            case SYN_RECEIVED:
                t.setFinQueued(true);
                t.closeStartedAt = now;
                break;
            case ESTABLISHED:
                queueFin(t, TcpState.FIN_WAIT_1);
                break;
            case CLOSE_WAIT:
                queueFin(t, TcpState.LAST_ACK);
                break;
            default:
                break; // FIN_WAIT_1/2, CLOSING, LAST_ACK: the FIN is already on its way
        }
        if (t.state() == TcpState.FIN_WAIT_2 && t.isAppClosed()) startFinWait2Timer(t);
        output.transmit(t, false);
        arm(t);
    }

    /** ABORT: RST if the connection is synchronized, then delete it. The handle is released. */
    public void abort(long handle, long nowNanos) {
        Tcb t = tcb(handle, "ABORT");
        now = nowNanos;
        if (t.state() == TcpState.LISTEN) {
            closeListener(t);
            return;
        }
        if (t.state() == TcpState.CLOSED || t.state() == TcpState.TIME_WAIT && !t.isInTable()) {
            // nothing to reset: a TIME_WAIT row still held by this handle is deleted (RFC 9293 §3.10.5)
            int row = tw.find(t.localWord, t.remoteWord, TupleMap.ports(t.localPort, t.remotePort));
            if (t.state() == TcpState.TIME_WAIT && row != TimeWaitTable.NONE && tw.handle(row) == t.handle()) {
                expireTimeWait(row, Cause.ABORT);
            }
            t.setAppClosed(true);
            release(t);
            return;
        }
        abortWith(t, Cause.ABORT);
        t.setAppClosed(true);
        release(t);
    }

    /** Send RST where the RFC says to, and end the connection (the handle, if owned, stays until close). */
    void abortWith(Tcb t, int cause) {
        switch (t.state()) {
            case SYN_RECEIVED:
            case ESTABLISHED:
            case FIN_WAIT_1:
            case FIN_WAIT_2:
            case CLOSE_WAIT:
                output.rst(t, cfg.abortRstWithAck, cause);
                break;
            default:
                break; // SYN_SENT, CLOSING, LAST_ACK, TIME_WAIT: no RST (RFC 9293 §3.10.5)
        }
        discardSend(t);
        if (t.isLingering()) {
            t.setLingering(false);
            events.onLingerResult(t.handle(), false);
        }
        t.setReset(true);
        t.resetCause = (byte) cause;
        terminate(t, cause);
    }

    private void closeListener(Tcb l) {
        // children not yet accepted: RST (Linux) or silently dropped
        int c = l.lq.acceptHead;
        while (c >= 0) {
            Tcb child = slots[c];
            int next = child.link;
            child.setInAcceptQueue(false);
            child.link = -1;
            if (child.state() != TcpState.CLOSED && cfg.resetUnacceptedOnListenerClose) {
                output.rst(child, true, Cause.LISTENER_CLOSED);
            }
            child.setAppClosed(true);
            child.setReset(true);
            if (child.state() != TcpState.CLOSED) terminate(child, Cause.LISTENER_CLOSED);
            else release(child);
            c = next;
        }
        l.lq.acceptHead = l.lq.acceptTail = -1;
        l.lq.acceptLen = 0;
        // children still in the SYN queue
        for (int i = 0; i < slotsUsed; i++) {
            Tcb child = slots[i];
            if (child != null && child.isAllocated() && child.link == l.slot && child.state() == TcpState.SYN_RECEIVED) {
                child.link = -1;
                if (cfg.resetUnacceptedOnListenerClose) output.rst(child, true, Cause.LISTENER_CLOSED);
                child.setAppClosed(true);
                terminate(child, Cause.LISTENER_CLOSED);
            }
        }
        listeners.remove(l.localWord, LISTENER_KEY, l.localPort << 16);
        if (l.localWord != ANY) addrs.release(l.localWord);
        l.localWord = 0;
        setState(l, TcpState.CLOSED, Cause.API);
        l.setAppClosed(true);
        release(l);
    }

    // ------------------------------------------------------------------------------------------------
    // STATUS (§3.10.6)

    /** The connection's state; CLOSED for a connection whose protocol life has ended but whose handle is still held. */
    public TcpState state(long handle) {
        Tcb t = tcb(handle, "STATUS");
        if (t.state() == TcpState.TIME_WAIT && !t.isInTable()
                && tw.find(t.localWord, t.remoteWord, TupleMap.ports(t.localPort, t.remotePort)) == TimeWaitTable.NONE) {
            return TcpState.CLOSED;
        }
        return t.state();
    }

    /** True if the handle names a connection this engine still holds. */
    public boolean isValid(long handle) {
        return lookup(handle) != null;
    }

    public FourTuple tuple(long handle) {
        Tcb t = tcb(handle, "STATUS");
        boolean v6 = AddressBook.isV6(t.localWord);
        long lh = t.localWord == ANY ? 0 : addrs.hi(t.localWord), ll = t.localWord == ANY ? 0 : addrs.lo(t.localWord);
        Endpoint local = new Endpoint(v6, lh, ll, t.localPort);
        Endpoint remote = t.state() == TcpState.LISTEN ? new Endpoint(v6, 0, 0, 0)
                : new Endpoint(v6, addrs.hi(t.remoteWord), addrs.lo(t.remoteWord), t.remotePort);
        return new FourTuple(local, remote);
    }

    /** A read-only snapshot of the connection's variables, for tools and tests. */
    public TcbView view(long handle) {
        return new TcbView(tcb(handle, "STATUS"));
    }

    /** An object view of a connection (allocates one small object; handles are the allocation-free way). */
    public TcpConnection connection(long handle) {
        tcb(handle, "STATUS");
        return new Conn(handle);
    }

    // ------------------------------------------------------------------------------------------------
    // Input and time

    /**
     * A raw IPv4 or IPv6 packet arrived (as from a TUN device or a capture). It is decoded into a segment
     * the engine owns (no allocation) and processed; a malformed packet is dropped and counted, by
     * reason in {@link #wireDrops()} and in total as {@link TcpStats#DROP_MALFORMED}. Returns the
     * {@link DecodeResult} code.
     */
    public int onPacket(ByteBuffer packet, int offset, int length, long nowNanos) {
        int r = IpCodec.decode(packet, offset, length, rx, cfg.verifyChecksums ? IpCodec.CHECK_ALL : IpCodec.CHECK_IP, wireDrops);
        if (r != DecodeResult.OK) {
            stats.drops[TcpStats.DROP_MALFORMED]++;
            return r;
        }
        onSegment(rx, nowNanos);
        return r;
    }

    private SynCookies cookies;

    /** The cookie maker, created (with its key) the first time a cookie is needed. */
    SynCookies cookies() {
        if (cookies == null) cookies = new SynCookies(cfg.synCookieKey0, cfg.synCookieKey1);
        return cookies;
    }

    /** Packets the codec rejected, by {@link DecodeResult} code. */
    public DropCounters wireDrops() {
        return wireDrops;
    }

    /** A segment arrived from the network. Never throws for bad input: it is dropped and counted. */
    public void onSegment(Segment seg, long nowNanos) {
        now = nowNanos;
        stats.segmentsIn++;
        // a hand-built segment whose payload region does not fit its buffer is bad input, not an exception
        if (seg.payloadLength < 0 || seg.payloadLength > 0 && (seg.payload == null || seg.payloadOffset < 0
                || seg.payloadOffset > seg.payload.limit() - seg.payloadLength)) {
            stats.drops[TcpStats.DROP_MALFORMED]++;
            return;
        }
        arrives.arrive(seg);
    }

    /** Fire due timers and TIME_WAIT expiries; returns the next deadline ({@link Long#MAX_VALUE} if none). */
    public long advance(long nowNanos) {
        // now stays at the previous instant while timers fire: each acts at its own due time
        expiring = true;
        try {
            timers.expire(nowNanos, this, Integer.MAX_VALUE);
        } finally {
            expiring = false;
        }
        now = nowNanos;
        int i;
        while ((i = tw.due(nowNanos)) != TimeWaitTable.NONE) {
            expireTimeWait(i, Cause.TIME_WAIT_EXPIRED);
        }
        return nextDeadline();
    }

    public long nextDeadline() {
        return Math.min(timers.nextDeadline(), tw.nextDeadline());
    }

    @Override
    public void onTimer(long timerId, long payload, long nowNanos) {
        Tcb t = lookup(payload);
        if (t == null || t.timer != timerId) return; // stale: the connection moved on
        // Act at the instant the timer was due, not at the (possibly much later) time advance() was
        // called with: one large step of the clock then gives the same segments at the same instants as
        // many small steps, and timers re-armed here that fall due before nowNanos fire in this same pass.
        long due = t.timerAt;
        t.timer = TimerService.NO_TIMER;
        t.timerAt = Long.MAX_VALUE;
        now = due < nowNanos ? Math.max(due, now) : nowNanos;
        onTimeouts(t);
        if (t.isAllocated() && t.gen == (int) (payload >>> 32)) arm(t);
    }

    /** Timeouts (§3.10.8): retransmission, persist, FIN_WAIT_2, linger, keepalive, user timeout. */
    private void onTimeouts(Tcb t) {
        RetransmissionPolicy rp = cfg.retransmission;
        if (t.tlpAt <= now) {
            // a probe due no later than the RTO goes first and pushes the RTO back (RFC 8985 §7.3)
            t.tlpAt = Long.MAX_VALUE;
            if (t.sndUna != t.sndMax && t.state().isSynchronized() && t.rtxAt != Long.MAX_VALUE) {
                output.lossProbe(t);
                t.rtxAt = now + t.rto;
            }
        }
        if (t.rtxAt <= now) {
            t.rtxAt = Long.MAX_VALUE;
            switch (t.state()) {
                case SYN_SENT:
                case SYN_RECEIVED: {
                    RetransmissionPolicy.Kind kind = t.state() == TcpState.SYN_SENT
                            ? RetransmissionPolicy.Kind.SYN : RetransmissionPolicy.Kind.SYN_ACK;
                    if (t.retries >= rp.maxRetries(kind) || userTimedOut(t)) {
                        fail(t, userTimedOut(t) ? Cause.USER_TIMEOUT : Cause.RETRANSMIT_TIMEOUT);
                        return;
                    }
                    t.retries++;
                    t.rto = rp.backoffNanos(t.rto, 1);
                    t.setRttTiming(false);
                    stats.retransmits++;
                    output.syn(t);
                    t.rtxAt = now + t.rto;
                    break;
                }
                default:
                    if (t.sndUna != t.sndMax) {
                        boolean finOnly = t.isFinQueued() && t.sndUna == t.finSeq();
                        RetransmissionPolicy.Kind kind = finOnly ? RetransmissionPolicy.Kind.FIN : RetransmissionPolicy.Kind.DATA;
                        if (t.retries >= rp.maxRetries(kind) || userTimedOut(t)) {
                            fail(t, userTimedOut(t) ? Cause.USER_TIMEOUT : Cause.RETRANSMIT_TIMEOUT);
                            return;
                        }
                        t.retries++;
                        t.rto = rp.backoffNanos(t.rto, 1);
                        t.setRttTiming(false); // Karn: no RTT sample from a retransmitted segment
                        t.sndNxt = t.sndUna; // go back to the first unacknowledged octet
                        t.rtxAt = now + t.rto;
                        if (t.sndWnd == 0 && t.sendBuffered() > t.sndNxt - t.sndBufSeq) output.windowProbe(t);
                        else output.transmit(t, true);
                    } else if (t.sndWnd == 0 && t.sendBuffered() > 0) {
                        output.windowProbe(t);
                        t.rtxAt = now + t.rto;
                    }
                    break;
            }
        }
        if (t.lingerAt <= now) {
            t.lingerAt = Long.MAX_VALUE;
            if (t.isLingering()) {
                abortWith(t, Cause.LINGER_TIMEOUT);
                t.setAppClosed(true);
                release(t);
                return;
            }
        }
        if (t.finWait2At <= now) {
            t.finWait2At = Long.MAX_VALUE;
            if (t.state() == TcpState.FIN_WAIT_2) {
                output.rst(t, true, Cause.FIN_WAIT_2_TIMEOUT);
                t.setReset(true);
                t.resetCause = Cause.FIN_WAIT_2_TIMEOUT;
                terminate(t, Cause.FIN_WAIT_2_TIMEOUT);
                return;
            }
        }
        if (t.keepaliveAt <= now) {
            t.keepaliveAt = Long.MAX_VALUE;
            if (cfg.keepalive.enabled() && keepaliveState(t.state())) {
                if (t.keepaliveProbes >= cfg.keepalive.probes()) {
                    fail(t, Cause.KEEPALIVE_TIMEOUT);
                    return;
                }
                t.keepaliveProbes++;
                output.keepaliveProbe(t);
                t.keepaliveAt = now + cfg.keepalive.intervalNanos();
            }
        }
    }

    private boolean userTimedOut(Tcb t) {
        return cfg.userTimeoutNanos > 0 && t.firstUnackedAt != Long.MIN_VALUE && now - t.firstUnackedAt >= cfg.userTimeoutNanos;
    }

    /**
     * The connection ends in error (a timer ran out, a RST arrived, the peer refused, a SYN reset it): a
     * pending linger is reported as failed, queued data dropped, the application told, the connection closed.
     */
    void fail(Tcb t, int cause) {
        if (t.isLingering()) { // a close() waiting on SO_LINGER learns it did not complete
            t.setLingering(false);
            t.lingerAt = Long.MAX_VALUE;
            events.onLingerResult(t.handle(), false);
            t.setAppClosed(true);
        }
        discardSend(t);
        t.setReset(true);
        t.resetCause = (byte) cause;
        events.onReset(t.handle(), cause);
        terminate(t, cause);
    }

    // ------------------------------------------------------------------------------------------------
    // State changes, tables, resources

    /** The one place a connection changes state: counts, records and tells the listener. */
    void setState(Tcb t, TcpState to, int cause) {
        TcpState from = t.state();
        if (from == to) return;
        if (from != TcpState.CLOSED) stats.inState[from.ordinal()]--;
        if (to != TcpState.CLOSED) stats.inState[to.ordinal()]++;
        stats.transitions[from.ordinal() * TcpState.count() + to.ordinal()]++;
        t.state(to);
        events.onStateChange(t.handle(), from, to, cause);
    }

    /** The protocol is finished with this connection: CLOSED, out of the table; freed unless the app holds it. */
    void terminate(Tcb t, int cause) {
        if (t.link >= 0 && !t.isInAcceptQueue()) {
            Tcb l = slots[t.link];
            l.lq.synQueueLen--;
            t.link = -1;
            t.setAppClosed(true);
        }
        if (t.closeStartedAt != 0) {
            stats.closeNanosTotal += now - t.closeStartedAt;
            stats.closeCount++;
            t.closeStartedAt = 0;
        }
        unlink(t);
        setState(t, TcpState.CLOSED, cause);
        discardSend(t);
        events.onClosed(t.handle(), cause);
        if (!t.isAppOwned() || t.isAppClosed()) {
            if (!t.isInAcceptQueue()) release(t);
        }
    }

    /** Move a connection into a compact TIME_WAIT row (or skip TIME_WAIT at the cap). */
    void enterTimeWait(Tcb t, int cause) {
        if (t.closeStartedAt != 0) {
            stats.closeNanosTotal += now - t.closeStartedAt;
            stats.closeCount++;
            t.closeStartedAt = 0;
        }
        if (t.isLingering()) {
            t.setLingering(false);
            t.lingerAt = Long.MAX_VALUE;
            events.onLingerResult(t.handle(), true);
            t.setAppClosed(true);
        }
        if (tw.size() >= cfg.timeWaitCap.maxEntries()) {
            stats.timeWaitOverflow++;
            if (cfg.timeWaitCap.onOverflow() == org.tcplifecycle.api.policy.TimeWaitCapPolicy.Overflow.EVICT_OLDEST
                    && tw.size() > 0) {
                expireTimeWait(tw.oldest(), Cause.TIME_WAIT_CAP);
            } else {
                setState(t, TcpState.TIME_WAIT, cause);
                terminate(t, Cause.TIME_WAIT_CAP);
                return;
            }
        }
        setState(t, TcpState.TIME_WAIT, cause);
        unlink(t);
        addrs.retain(t.localWord);
        addrs.retain(t.remoteWord);
        tw.add(t.localWord, t.remoteWord, TupleMap.ports(t.localPort, t.remotePort), t.rcvNxt, t.sndNxt, t.isTsOk(),
                t.tsRecent, now + cfg.timeWait.timeWaitNanos(), t.handle());
        discardSend(t);
        cancelTimer(t);
        t.rtxAt = t.finWait2At = t.keepaliveAt = t.lingerAt = t.tlpAt = Long.MAX_VALUE;
        if (!t.isAppOwned() || t.isAppClosed()) release(t);
    }

    /** A TIME_WAIT row ends: expiry, eviction, RST (RFC 793 policy) or reuse by a new SYN. */
    void expireTimeWait(int row, int cause) {
        long h = tw.handle(row);
        long lw = tw.local(row), rw = tw.remote(row);
        tw.kill(row);
        addrs.release(lw);
        addrs.release(rw);
        stats.inState[TcpState.TIME_WAIT.ordinal()]--;
        stats.transitions[TcpState.TIME_WAIT.ordinal() * TcpState.count()]++;
        events.onStateChange(h, TcpState.TIME_WAIT, TcpState.CLOSED, cause);
        events.onClosed(h, cause);
    }

    private void unlink(Tcb t) {
        if (t.isInTable()) {
            conns.remove(t.localWord, t.remoteWord, TupleMap.ports(t.localPort, t.remotePort));
            t.setInTable(false);
        }
        cancelTimer(t);
    }

    void startFinWait2Timer(Tcb t) {
        long limit = cfg.orphan.finWait2TimeoutNanos();
        if (limit != Long.MAX_VALUE && t.finWait2At == Long.MAX_VALUE) t.finWait2At = now + limit;
    }

    void discardSend(Tcb t) {
        if (t.sendBuf != null) {
            t.sendBuf.clear();
            sendPool.push(t.sendBuf);
            t.sendBuf = null;
        }
    }

    /** Free the slot: the handle becomes stale. */
    void release(Tcb t) {
        if (!t.isAllocated()) return;
        if (t.isInAcceptQueue()) return; // still owned by its listener's accept queue
        if (t.state() != TcpState.CLOSED && t.state() != TcpState.TIME_WAIT && t.state() != TcpState.LISTEN) {
            // released while the protocol still runs: it carries on as an orphan, still in the table
            t.setAppOwned(false);
            t.setAppClosed(true);
            return;
        }
        unlink(t);
        if (t.state() == TcpState.TIME_WAIT) {
            // detached TIME_WAIT block: the row carries on alone; the block is not counted
            t.state(TcpState.CLOSED);
        }
        if (t.state() != TcpState.LISTEN) {
            addrs.release(t.localWord);
            addrs.release(t.remoteWord);
        }
        discardSend(t);
        dropRecvBuf(t);
        t.setAllocated(false);
        freeSlots[freeCount++] = t.slot;
    }

    ByteRing takeSendBuf() {
        ByteRing r = sendPool.poll();
        return r != null ? r : new ByteRing(cfg.sendBufferSize);
    }

    ByteRing takeRecvBuf() {
        ByteRing r = recvPool.poll();
        return r != null ? r : new ByteRing(cfg.receiveBufferSize);
    }

    /** Discard whatever the receive buffer holds and return it to the pool. */
    void dropRecvBuf(Tcb t) {
        if (t.recvBuf != null) {
            t.recvBuf.clear();
            recvPool.push(t.recvBuf);
            t.recvBuf = null;
        }
    }

    void returnSendBufIfEmpty(Tcb t) {
        if (t.sendBuf != null && t.sendBuf.size() == 0) {
            sendPool.push(t.sendBuf);
            t.sendBuf = null;
        }
    }

    /** Receive window: free space in the receive buffer (whether or not it is allocated yet). */
    int rcvSpace(Tcb t) {
        return cfg.receiveBufferSize - t.recvBuffered();
    }

    int tsNow() {
        return (int) (now / cfg.tsTickNanos);
    }

    Tcb alloc() {
        int s;
        Tcb t;
        if (freeCount > 0) {
            s = freeSlots[--freeCount];
            t = slots[s];
            t.reset(s, t.gen + 1 & 0x7FFF_FFFF);
        } else {
            if (slotsUsed == slots.length) {
                slots = Arrays.copyOf(slots, slotsUsed * 2);
                freeSlots = Arrays.copyOf(freeSlots, slotsUsed * 2);
            }
            s = slotsUsed++;
            t = new Tcb();
            t.reset(s, 0);
            slots[s] = t;
        }
        t.setAllocated(true);
        t.rto = cfg.retransmission.initialRtoNanos();
        t.openedAt = now;
        t.lastRecvAt = now;
        return t;
    }

    Tcb slot(int s) {
        return slots[s];
    }

    Tcb lookup(long handle) {
        if (handle < 0) return null;
        int s = (int) handle;
        if (s >= slotsUsed) return null;
        Tcb t = slots[s];
        return t.isAllocated() && t.gen == (int) (handle >>> 32) ? t : null;
    }

    Tcb tcb(long handle, String op) {
        Tcb t = lookup(handle);
        if (t == null || t.isAppClosed() && t.state() != TcpState.LISTEN && !t.isLingering()) {
            throw new TcpException(TcpException.Error.CONNECTION_DOES_NOT_EXIST, op, null, "handle " + Long.toHexString(handle));
        }
        return t;
    }

    /** Keep the connection's one wheel timer at (or before) its earliest deadline. */
    void arm(Tcb t) {
        if (!t.isAllocated()) return;
        long at = Math.min(Math.min(Math.min(t.rtxAt, t.tlpAt), t.finWait2At), Math.min(t.lingerAt, t.keepaliveAt));
        if (at == Long.MAX_VALUE) {
            cancelTimer(t);
            return;
        }
        // A pending timer that fires no later than needed is kept: when it fires early the deadlines are
        // re-read and it is re-armed. This spares a cancel+schedule on every ACK that pushes the RTO out.
        if (t.timer != TimerService.NO_TIMER && t.timerAt <= at) return;
        cancelTimer(t);
        // A timing wheel places a timer by its distance from the wheel's own time, which only expire()
        // moves. With nothing pending that time may be far behind (a fresh engine starts at 0, an idle
        // one at its last advance) and the timer would land on a coarse level, late by up to that level's
        // granule (minutes). Bringing the wheel to now first fires nothing, as nothing is pending.
        if (!expiring && timers.size() == 0) timers.expire(now, this, Integer.MAX_VALUE);
        t.timer = timers.schedule(at, t.handle());
        t.timerAt = at;
    }

    void cancelTimer(Tcb t) {
        if (t.timer != TimerService.NO_TIMER) {
            timers.cancel(t.timer);
            t.timer = TimerService.NO_TIMER;
            t.timerAt = Long.MAX_VALUE;
        }
    }

    /** RFC 5961 §7: at most N challenge ACKs per second for the whole engine. */
    boolean challengeAllowed() {
        int limit = cfg.challengeAckLimitPerSecond;
        if (limit <= 0) return true;
        if (now - challengeWindowStart >= 1_000_000_000L || challengeWindowStart == Long.MIN_VALUE) {
            challengeWindowStart = now;
            challengeBudget = limit;
        }
        if (challengeBudget > 0) {
            challengeBudget--;
            return true;
        }
        stats.drops[TcpStats.DROP_CHALLENGE_LIMIT]++;
        return false;
    }

    /**
     * States where nothing else notices a vanished peer: ESTABLISHED, and the half-closed FIN_WAIT_2 and
     * CLOSE_WAIT (as Linux, which probes in every state but SYN_SENT and CLOSE). In FIN_WAIT_1, CLOSING and
     * LAST_ACK our FIN is in flight and its retransmission limit does the job.
     */
    static boolean keepaliveState(TcpState s) {
        return s == TcpState.ESTABLISHED || s == TcpState.FIN_WAIT_2 || s == TcpState.CLOSE_WAIT;
    }

    void keepaliveTouch(Tcb t) {
        if (cfg.keepalive.enabled() && keepaliveState(t.state())) {
            t.keepaliveProbes = 0;
            t.keepaliveAt = now + cfg.keepalive.idleNanos();
        }
    }

    /** Re-ACK a duplicate handshake or tell a caller whether the RTT sample is from the timed segment. */
    void rttSample(Tcb t, int ack) {
        if (!t.isRttTiming() || !Seq.gt(ack, t.rttSeq)) return;
        t.setRttTiming(false);
        long r = Math.max(1, now - t.rttStart);
        if (t.srtt == 0) {
            t.srtt = r;
            t.rttvar = r / 2;
        } else {
            long delta = Math.abs(t.srtt - r);
            t.rttvar = (3 * t.rttvar + delta) / 4;
            t.srtt = (7 * t.srtt + r) / 8;
        }
        // RFC 6298 (2.3): RTO = SRTT + max(G, 4*RTTVAR); G is the wheel's granularity, 1 ms here
        t.rto = cfg.retransmission.clamp(t.srtt + Math.max(1_000_000L, 4 * t.rttvar));
    }

    private final class Ctx implements CloseContext {
        private Tcb t;

        Ctx of(Tcb tcb) {
            this.t = tcb;
            return this;
        }

        public long handle() {
            return t.handle();
        }

        public TcpState state() {
            return t.state();
        }

        public boolean lingerOn() {
            return t.isLingerOn();
        }

        public long lingerNanos() {
            return t.lingerNanos;
        }

        public int unreadBytes() {
            return t.recvBuffered();
        }

        public int unackedBytes() {
            return t.sendBuffered();
        }

        public int localPort() {
            return t.localPort;
        }

        public int remotePort() {
            return t.remotePort;
        }

        public long idleNanos() {
            return now - t.lastRecvAt;
        }
    }

    private final class Conn implements TcpConnection {
        private final long h;

        Conn(long h) {
            this.h = h;
        }

        public long handle() {
            return h;
        }

        public TcpState state() {
            return TcpEngine.this.state(h);
        }

        public FourTuple tuple() {
            return TcpEngine.this.tuple(h);
        }

        public int send(ByteBuffer src, long nowNanos) {
            return TcpEngine.this.send(h, src, nowNanos);
        }

        public int receive(ByteBuffer dst, long nowNanos) {
            return TcpEngine.this.receive(h, dst, nowNanos);
        }

        public void shutdownOutput(long nowNanos) {
            TcpEngine.this.shutdownOutput(h, nowNanos);
        }

        public void close(long nowNanos) {
            TcpEngine.this.close(h, nowNanos);
        }

        public void abort(long nowNanos) {
            TcpEngine.this.abort(h, nowNanos);
        }

        @Override
        public String toString() {
            return "TcpConnection[" + Long.toHexString(h) + "]";
        }
    }
}
