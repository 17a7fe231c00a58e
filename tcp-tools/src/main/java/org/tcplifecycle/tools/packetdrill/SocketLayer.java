package org.tcplifecycle.tools.packetdrill;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.FourTuple;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.tools.packetdrill.Event.Syscall;

/**
 * The kernel's socket layer on top of one engine: a file-descriptor table mapping script fds to engine
 * handles, blocking and {@code O_NONBLOCK} semantics, errno values, socket options, {@code ioctl} and
 * {@code poll}. Each call is an {@link Attempt}: tried when the call starts and, for a blocking call
 * that cannot finish yet, again after every engine step until it returns.
 */
final class SocketLayer {
    static final int LOCAL_ADDR = 0xC0A8_0001;  // 192.168.0.1, the system under test
    static final int REMOTE_ADDR = 0xC000_0201; // 192.0.2.1, the script's side
    static final int SERVER_PORT = 8080;        // packetdrill's bind and connect port
    static final int CLIENT_PORT = 47_000;      // the script's port when it connects to us

    static final Set<String> SUPPORTED = Set.of("socket", "setsockopt", "getsockopt", "bind", "listen", "accept",
            "connect", "fcntl", "write", "send", "read", "recv", "shutdown", "close", "ioctl", "poll");

    /** Linux values of the names scripts use. */
    static final Map<String, Long> SYMBOLS = new HashMap<>();
    /** Linux errno numbers, for SO_ERROR. */
    static final Map<String, Long> ERRNO = new HashMap<>();
    /** Linux tcpi_state values. */
    static final Map<String, Long> TCP_STATES = new HashMap<>();

    static {
        long[] e = {1, 4, 9, 11, 12, 22, 32, 98, 99, 103, 104, 105, 106, 107, 110, 111, 114, 115};
        String[] n = {"EPERM", "EINTR", "EBADF", "EAGAIN", "ENOMEM", "EINVAL", "EPIPE", "EADDRINUSE", "EADDRNOTAVAIL",
            "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ETIMEDOUT", "ECONNREFUSED", "EALREADY",
            "EINPROGRESS"};
        for (int i = 0; i < e.length; i++) ERRNO.put(n[i], e[i]);
        ERRNO.put("EWOULDBLOCK", 11L);
        String[] st = {"TCP_ESTABLISHED", "TCP_SYN_SENT", "TCP_SYN_RECV", "TCP_FIN_WAIT1", "TCP_FIN_WAIT2",
            "TCP_TIME_WAIT", "TCP_CLOSE", "TCP_CLOSE_WAIT", "TCP_LAST_ACK", "TCP_LISTEN", "TCP_CLOSING"};
        for (int i = 0; i < st.length; i++) TCP_STATES.put(st[i], (long) i + 1);
        Object[] sym = {"AF_INET", 2, "AF_INET6", 10, "SOCK_STREAM", 1, "IPPROTO_TCP", 6, "SOL_SOCKET", 1, "SOL_TCP", 6,
            "SO_REUSEADDR", 2, "SO_ERROR", 4, "SO_KEEPALIVE", 9, "SO_LINGER", 13, "SO_REUSEPORT", 15, "SO_RCVBUF", 8,
            "SO_SNDBUF", 7, "TCP_NODELAY", 1, "TCP_MAXSEG", 2, "TCP_USER_TIMEOUT", 18, "F_GETFL", 3, "F_SETFL", 4,
            "O_RDWR", 2, "O_NONBLOCK", 0x800, "SHUT_RD", 0, "SHUT_WR", 1, "SHUT_RDWR", 2, "SIOCINQ", 0x541B,
            "FIONREAD", 0x541B, "SIOCOUTQ", 0x5411, "TIOCOUTQ", 0x5411, "POLLIN", 0x1, "POLLPRI", 0x2, "POLLOUT", 0x4,
            "POLLERR", 0x8, "POLLHUP", 0x10, "POLLNVAL", 0x20, "POLLRDNORM", 0x40, "POLLRDBAND", 0x80,
            "POLLWRNORM", 0x100, "POLLWRBAND", 0x200, "POLLRDHUP", 0x2000, "MSG_DONTWAIT", 0x40, "MSG_PEEK", 0x2};
        for (int i = 0; i < sym.length; i += 2) SYMBOLS.put((String) sym[i], ((Integer) sym[i + 1]).longValue());
        SYMBOLS.putAll(ERRNO);
        SYMBOLS.putAll(TCP_STATES);
    }

    /** What a call returned: value, errno name (null for none), and a mismatch in an output argument. */
    record Ret(long value, String errno, String mismatch) {
        static Ret ok(long v) {
            return new Ret(v, null, null);
        }

        static Ret err(String errno) {
            return new Ret(-1, errno, null);
        }
    }

    /** One try at completing a call: a result, or null while a blocking call must wait. */
    @FunctionalInterface
    interface Attempt {
        Ret attempt();
    }

    /** A file descriptor. */
    private static final class Fd {
        long handle = TcpEngine.NO_HANDLE;
        boolean listener;
        boolean nonblocking;
        int bindPort;
        boolean lingerSet;
        boolean lingerOn;
        long lingerSeconds;
    }

    private final PacketdrillRunner.Run run;
    private final TreeMap<Integer, Fd> fds = new TreeMap<>();
    /** Per connection handle, from the engine's events: state, error not yet reported, linger outcome, accept queue. */
    private final Map<Long, TcpState> states = new HashMap<>();
    private final Map<Long, String> errors = new HashMap<>();
    /** Connections whose error has been reported once (Linux then gives EPIPE on write and 0 on read). */
    private final Set<Long> reported = new java.util.HashSet<>();
    private final Map<Long, Boolean> lingerDone = new HashMap<>();
    private final Map<Long, Integer> acceptable = new HashMap<>();
    private final Map<Long, Boolean> peerClosed = new HashMap<>();
    /** The connection the latest call was about, for tcp_info. */
    private long current = TcpEngine.NO_HANDLE;
    int localPort = SERVER_PORT;
    int remotePort = CLIENT_PORT;

    SocketLayer(PacketdrillRunner.Run run) {
        this.run = run;
    }

    TcpEventListener events() {
        return new TcpEventListener() {
            @Override
            public void onStateChange(long handle, TcpState from, TcpState to, int cause) {
                states.put(handle, to);
            }

            @Override
            public void onAcceptable(long listener, long handle) {
                acceptable.merge(listener, 1, Integer::sum);
            }

            @Override
            public void onReset(long handle, int cause) {
                errors.put(handle, switch (cause) {
                    case Cause.REFUSED -> "ECONNREFUSED";
                    case Cause.RETRANSMIT_TIMEOUT, Cause.USER_TIMEOUT, Cause.KEEPALIVE_TIMEOUT -> "ETIMEDOUT";
                    default -> "ECONNRESET";
                });
            }

            @Override
            public void onPeerClosed(long handle) {
                peerClosed.put(handle, true);
            }

            @Override
            public void onLingerResult(long handle, boolean completed) {
                lingerDone.put(handle, completed);
            }
        };
    }

    // ---- dispatch -----------------------------------------------------------------------------------

    Attempt begin(Syscall sc) {
        List<Expr> a = sc.args();
        int line = sc.line();
        switch (sc.name()) {
            case "socket":
                return socket();
            case "bind":
                return now(() -> fd(a, line).bindPort = SERVER_PORT);
            case "listen":
                return listen(fd(a, line), (int) num(a, 1, line));
            case "accept":
                return accept(fd(a, line));
            case "connect":
                return connect(fd(a, line));
            case "fcntl":
                return fcntl(fd(a, line), a, line);
            case "setsockopt":
                return setsockopt(fd(a, line), a, line);
            case "getsockopt":
                return getsockopt(fd(a, line), a, line);
            case "write":
            case "send":
                return write(fd(a, line), (int) num(a, 2, line), line);
            case "read":
            case "recv":
                return read(fd(a, line), (int) num(a, 2, line));
            case "shutdown":
                return shutdown(fd(a, line), name(a, 1));
            case "close":
                return close((int) num(a, 0, line));
            case "ioctl":
                return ioctl(fd(a, line), a, line);
            case "poll":
                return poll(a, line);
            default:
                throw new PacketdrillRunner.Failure(line, "system call " + sc.name() + "() is not supported");
        }
    }

    private static Attempt now(Runnable r) {
        r.run();
        return () -> Ret.ok(0);
    }

    private Attempt socket() {
        int n = 3;
        while (fds.containsKey(n)) n++;
        fds.put(n, new Fd());
        int fd = n;
        return () -> Ret.ok(fd);
    }

    private Attempt listen(Fd f, int backlog) {
        try {
            int port = f.bindPort != 0 ? f.bindPort : SERVER_PORT;
            // Linux holds backlog+1 established connections before it stops completing handshakes
            f.handle = run.engine.listen(Endpoint.v4(LOCAL_ADDR, port), Math.max(backlog, 0) + 1);
            f.listener = true;
            localPort = port;
            remotePort = CLIENT_PORT;
            current = f.handle;
            return () -> Ret.ok(0);
        } catch (TcpException e) {
            return fixed(errno(e, false));
        }
    }

    private Attempt accept(Fd f) {
        if (!f.listener) return fixed("EINVAL");
        current = f.handle;
        return () -> {
            long h = run.engine.accept(f.handle);
            if (h == TcpEngine.NO_HANDLE) return f.nonblocking ? Ret.err("EAGAIN") : null;
            acceptable.merge(f.handle, -1, Integer::sum);
            Fd c = new Fd();
            c.handle = h;
            if (f.lingerSet) {
                c.lingerSet = true;
                c.lingerOn = f.lingerOn;
                c.lingerSeconds = f.lingerSeconds;
                run.engine.setLinger(h, f.lingerOn, TimeUnit.SECONDS.toNanos(f.lingerSeconds));
            }
            int n = 3;
            while (fds.containsKey(n)) n++;
            fds.put(n, c);
            current = h;
            return Ret.ok(n);
        };
    }

    private Attempt connect(Fd f) {
        if (f.handle != TcpEngine.NO_HANDLE) {
            TcpState s = state(f.handle);
            String e = s == TcpState.SYN_SENT || s == TcpState.SYN_RECEIVED ? "EALREADY" : s.isSynchronized() ? "EISCONN" : null;
            if (e != null) return fixed(e);
        }
        try {
            f.handle = run.engine.connect(Endpoint.v4(LOCAL_ADDR, f.bindPort), Endpoint.v4(REMOTE_ADDR, SERVER_PORT),
                    run.clock);
        } catch (TcpException e) {
            return fixed(errno(e, false));
        }
        FourTuple t = run.engine.tuple(f.handle);
        localPort = t.local().port();
        remotePort = t.remote().port();
        current = f.handle;
        if (f.lingerSet) run.engine.setLinger(f.handle, f.lingerOn, TimeUnit.SECONDS.toNanos(f.lingerSeconds));
        long h = f.handle;
        if (f.nonblocking) return fixed("EINPROGRESS");
        return () -> {
            String err = takeError(h);
            if (err != null) return Ret.err(err);
            TcpState s = state(h);
            return s.isSynchronized() && s != TcpState.SYN_RECEIVED || s == TcpState.CLOSED ? Ret.ok(0) : null;
        };
    }

    private Attempt fcntl(Fd f, List<Expr> a, int line) {
        String cmd = name(a, 1);
        if (cmd.equals("F_SETFL")) {
            f.nonblocking = (value(a.get(2), 0) & SYMBOLS.get("O_NONBLOCK")) != 0;
            return () -> Ret.ok(0);
        }
        if (cmd.equals("F_GETFL")) {
            long v = 2 | (f.nonblocking ? SYMBOLS.get("O_NONBLOCK") : 0);
            return () -> Ret.ok(v);
        }
        throw new PacketdrillRunner.Failure(line, "fcntl " + cmd + " is not supported");
    }

    private Attempt setsockopt(Fd f, List<Expr> a, int line) {
        String opt = name(a, 2);
        Expr v = a.size() > 3 ? a.get(3) : new Expr.Ellipsis();
        switch (opt) {
            case "SO_LINGER": {
                if (!(v instanceof Expr.Struct s)) throw new PacketdrillRunner.Failure(line, "SO_LINGER needs {onoff=..., linger=...}");
                f.lingerSet = true;
                f.lingerOn = value(s.field("onoff").orElse(new Expr.Int(0, "0")), 0) != 0;
                f.lingerSeconds = value(s.field("linger").orElse(new Expr.Int(0, "0")), 0);
                if (f.handle != TcpEngine.NO_HANDLE && !f.listener) {
                    run.engine.setLinger(f.handle, f.lingerOn, TimeUnit.SECONDS.toNanos(f.lingerSeconds));
                }
                return () -> Ret.ok(0);
            }
            case "TCP_USER_TIMEOUT": {
                long ms = v instanceof Expr.Array arr && !arr.elements().isEmpty() ? value(arr.elements().get(0), 0) : value(v, 0);
                // the engine holds one user timeout for all its connections; a script drives one connection
                run.cfg.userTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(ms);
                run.notes.add("line " + line + ": TCP_USER_TIMEOUT " + ms + " ms -> engine user timeout");
                return () -> Ret.ok(0);
            }
            default:
                run.notes.add("line " + line + ": setsockopt " + opt + " accepted and ignored");
                return () -> Ret.ok(0);
        }
    }

    private Attempt getsockopt(Fd f, List<Expr> a, int line) {
        String opt = name(a, 2);
        if (!opt.equals("SO_ERROR")) throw new PacketdrillRunner.Failure(line, "getsockopt " + opt + " is not supported");
        String err = f.handle == TcpEngine.NO_HANDLE ? null : takeError(f.handle);
        long got = err == null ? 0 : ERRNO.get(err);
        String mismatch = outInt(a.size() > 3 ? a.get(3) : null, got, "SO_ERROR");
        return () -> new Ret(0, null, mismatch);
    }

    private Attempt write(Fd f, int n, int line) {
        if (f.handle == TcpEngine.NO_HANDLE || f.listener) return fixed("EPIPE"); // as tcp_sendmsg on an unconnected socket
        long h = f.handle;
        current = h;
        return () -> {
            String err = takeError(h);
            if (err != null) return Ret.err(err);
            try {
                int sent = run.engine.send(h, new byte[n], 0, n, run.clock);
                if (sent == 0 && n > 0) return f.nonblocking ? Ret.err("EAGAIN") : null;
                return Ret.ok(sent);
            } catch (TcpException e) {
                return Ret.err(reported.add(h) ? errno(e, true) : "EPIPE");
            }
        };
    }

    private Attempt read(Fd f, int n) {
        if (f.handle == TcpEngine.NO_HANDLE || f.listener) return fixed("ENOTCONN");
        long h = f.handle;
        current = h;
        return () -> {
            try {
                int got = run.engine.receive(h, ByteBuffer.allocate(Math.max(n, 0)), run.clock);
                if (got > 0) return Ret.ok(got);
                if (got < 0) return Ret.ok(0);
                String err = takeError(h);
                if (err != null) return Ret.err(err);
                return f.nonblocking ? Ret.err("EAGAIN") : null;
            } catch (TcpException e) {
                String err = takeError(h);
                if (err != null) return Ret.err(err);
                if (reported.contains(h)) return Ret.ok(0); // reported once already: end of stream
                reported.add(h);
                return Ret.err(errno(e, false));
            }
        };
    }

    private Attempt shutdown(Fd f, String how) {
        if (f.handle == TcpEngine.NO_HANDLE || f.listener) return fixed("ENOTCONN");
        current = f.handle;
        try {
            if (how.equals("SHUT_RD") || how.equals("SHUT_RDWR")) run.engine.shutdownInput(f.handle);
            if (how.equals("SHUT_WR") || how.equals("SHUT_RDWR")) run.engine.shutdownOutput(f.handle, run.clock);
            return () -> Ret.ok(0);
        } catch (TcpException e) {
            return fixed(errno(e, false));
        }
    }

    private Attempt close(int n) {
        Fd f = fds.remove(n);
        if (f == null) return fixed("EBADF");
        if (f.handle == TcpEngine.NO_HANDLE) return () -> Ret.ok(0);
        long h = f.handle;
        current = h;
        boolean lingers = f.lingerSet && f.lingerOn && f.lingerSeconds > 0 && !f.listener;
        try {
            run.engine.close(h, run.clock);
        } catch (TcpException e) {
            return () -> Ret.ok(0); // the connection is already gone; the descriptor is released all the same
        }
        if (!lingers || !run.engine.isValid(h)) return () -> Ret.ok(0);
        // SO_LINGER with a timeout: close() returns when the FIN is acknowledged or the timeout aborts it
        return () -> lingerDone.containsKey(h) || !run.engine.isValid(h) ? Ret.ok(0) : null;
    }

    private Attempt ioctl(Fd f, List<Expr> a, int line) {
        String req = name(a, 1);
        long got;
        if (req.equals("SIOCINQ") || req.equals("FIONREAD")) {
            got = f.handle == TcpEngine.NO_HANDLE ? 0 : run.engine.available(f.handle);
        } else if (req.equals("SIOCOUTQ") || req.equals("TIOCOUTQ")) {
            got = f.handle == TcpEngine.NO_HANDLE ? 0 : run.engine.unacknowledged(f.handle);
        } else {
            throw new PacketdrillRunner.Failure(line, "ioctl " + req + " is not supported");
        }
        current = f.handle;
        String mismatch = outInt(a.size() > 2 ? a.get(2) : null, got, req);
        return () -> new Ret(0, null, mismatch);
    }

    private Attempt poll(List<Expr> a, int line) {
        if (a.isEmpty() || !(a.get(0) instanceof Expr.Array arr)) throw new PacketdrillRunner.Failure(line, "poll needs [{fd=..., events=...}]");
        long timeoutMs = a.size() > 2 ? value(a.get(2), -1) : -1;
        long until = timeoutMs < 0 ? Long.MAX_VALUE : run.clock + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        return () -> {
            int ready = 0;
            StringBuilder mismatch = new StringBuilder();
            long[] rev = new long[arr.elements().size()];
            for (int i = 0; i < rev.length; i++) {
                Expr.Struct s = (Expr.Struct) arr.elements().get(i);
                int fd = (int) value(s.field("fd").orElseThrow(), 0);
                long events = value(s.field("events").orElse(new Expr.Int(0, "0")), 0);
                rev[i] = revents(fds.get(fd), events);
                if (rev[i] != 0) ready++;
            }
            if (ready == 0 && run.clock < until) return null;
            for (int i = 0; i < rev.length; i++) {
                Expr.Struct s = (Expr.Struct) arr.elements().get(i);
                Optional<Expr> want = s.field("revents");
                if (want.isPresent() && !(want.get() instanceof Expr.Ellipsis) && value(want.get(), rev[i]) != rev[i]) {
                    mismatch.append("revents of fd ").append(value(s.field("fd").orElseThrow(), 0)).append(" are ")
                            .append(pollNames(rev[i])).append(", expected ").append(pollNames(value(want.get(), 0)));
                }
            }
            return new Ret(ready, null, mismatch.length() == 0 ? null : mismatch.toString());
        };
    }

    /** Poll events of a descriptor, derived from the engine's state (always-reported bits added). */
    private long revents(Fd f, long events) {
        if (f == null) return SYMBOLS.get("POLLNVAL");
        long r = 0;
        long in = SYMBOLS.get("POLLIN") | SYMBOLS.get("POLLRDNORM");
        long outBits = SYMBOLS.get("POLLOUT") | SYMBOLS.get("POLLWRNORM");
        if (f.handle == TcpEngine.NO_HANDLE) return (SYMBOLS.get("POLLOUT") | SYMBOLS.get("POLLHUP")) & (events | SYMBOLS.get("POLLHUP"));
        if (f.listener) return acceptable.getOrDefault(f.handle, 0) > 0 ? in & events : 0;
        TcpState s = state(f.handle);
        boolean err = errors.get(f.handle) != null;
        boolean fin = peerClosed.getOrDefault(f.handle, false);
        int avail = run.engine.isValid(f.handle) ? safeAvailable(f.handle) : 0;
        if (avail > 0 || fin || err || s == TcpState.CLOSED) r |= in;
        if (fin) r |= SYMBOLS.get("POLLRDHUP");
        boolean canSend = s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT;
        if (canSend && run.engine.isValid(f.handle) && run.engine.sendSpace(f.handle) > 0 || err || s == TcpState.CLOSED) r |= outBits;
        r &= events;
        if (err) r |= SYMBOLS.get("POLLERR");
        boolean sentFin = s == TcpState.FIN_WAIT_1 || s == TcpState.FIN_WAIT_2 || s == TcpState.CLOSING
                || s == TcpState.LAST_ACK || s == TcpState.TIME_WAIT;
        if (fin && sentFin || s == TcpState.CLOSED) r |= SYMBOLS.get("POLLHUP");
        return r;
    }

    private int safeAvailable(long h) {
        try {
            return run.engine.available(h);
        } catch (TcpException e) {
            return 0;
        }
    }

    private static String pollNames(long v) {
        if (v == 0) return "0";
        StringBuilder b = new StringBuilder();
        for (String n : List.of("POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDNORM",
                "POLLWRNORM", "POLLRDHUP")) {
            long bit = SYMBOLS.get(n);
            if ((v & bit) != 0) b.append(b.length() == 0 ? "" : "|").append(n);
        }
        return b.toString();
    }

    // ---- tcp_info ------------------------------------------------------------------------------------

    /** Evaluate the decoded assertions of a code block against the connection the latest call was about. */
    void check(CodeBlock code, int line) {
        for (CodeAssertion a : code.assertions()) {
            long got = TCP_STATES.get(linuxName(state(current)));
            Long want = a.numericValue().isPresent() ? Long.valueOf(a.numericValue().getAsLong()) : SYMBOLS.get(a.value());
            if (want == null) throw new PacketdrillRunner.Failure(line, "unknown value " + a.value() + " in assertion");
            if (!a.operator().test(got, want)) {
                throw new PacketdrillRunner.Failure(line, "assertion failed: " + a.field() + " " + a.operator().symbol() + " "
                        + a.value() + " but tcpi_state is " + linuxName(state(current)));
            }
        }
    }

    private TcpState state(long h) {
        if (h == TcpEngine.NO_HANDLE) return TcpState.CLOSED;
        TcpState s = states.get(h);
        return s == null ? TcpState.CLOSED : s;
    }

    static String linuxName(TcpState s) {
        return switch (s) {
            case ESTABLISHED -> "TCP_ESTABLISHED";
            case SYN_SENT -> "TCP_SYN_SENT";
            case SYN_RECEIVED -> "TCP_SYN_RECV";
            case FIN_WAIT_1 -> "TCP_FIN_WAIT1";
            case FIN_WAIT_2 -> "TCP_FIN_WAIT2";
            case TIME_WAIT -> "TCP_TIME_WAIT";
            case CLOSE_WAIT -> "TCP_CLOSE_WAIT";
            case LAST_ACK -> "TCP_LAST_ACK";
            case LISTEN -> "TCP_LISTEN";
            case CLOSING -> "TCP_CLOSING";
            default -> "TCP_CLOSE";
        };
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static Attempt fixed(String errno) {
        return () -> Ret.err(errno);
    }

    /** errno for an engine error; {@code write} turns "closing" and "does not exist" into EPIPE. */
    private static String errno(TcpException e, boolean write) {
        return switch (e.error()) {
            case CONNECTION_CLOSING -> "EPIPE";
            case CONNECTION_DOES_NOT_EXIST -> write ? "EPIPE" : "ENOTCONN";
            case CONNECTION_RESET -> "ECONNRESET";
            case CONNECTION_REFUSED -> "ECONNREFUSED";
            case CONNECTION_TIMED_OUT -> "ETIMEDOUT";
            case CONNECTION_ALREADY_EXISTS, PORTS_EXHAUSTED -> "EADDRNOTAVAIL";
            case ADDRESS_IN_USE -> "EADDRINUSE";
            case FOREIGN_SOCKET_UNSPECIFIED -> "ENOTCONN";
            case INSUFFICIENT_RESOURCES -> "ENOBUFS";
            case INVALID_ARGUMENT -> "EINVAL";
        };
    }

    /** The connection's pending error, reported once (Linux's sk_err). */
    private String takeError(long h) {
        String e = errors.remove(h);
        if (e != null) reported.add(h);
        return e;
    }

    private Fd fd(List<Expr> a, int line) {
        int n = (int) num(a, 0, line);
        Fd f = fds.get(n);
        if (f == null) throw new PacketdrillRunner.Failure(line, "fd " + n + " is not open");
        return f;
    }

    private static long num(List<Expr> a, int i, int line) {
        if (i >= a.size()) throw new PacketdrillRunner.Failure(line, "missing argument " + (i + 1));
        return value(a.get(i), 0);
    }

    private static String name(List<Expr> a, int i) {
        return i < a.size() && a.get(i) instanceof Expr.Word w ? w.name() : "";
    }

    /** A symbol the script uses that this runner does not know: an error in the script, not in the engine. */
    static final class UnknownSymbol extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownSymbol(String name) {
            super("unknown symbol " + name);
        }
    }

    /** An argument's value: integer, symbol, or OR of them; {@code dflt} for {@code ...} and the like. */
    static long value(Expr e, long dflt) {
        if (e instanceof Expr.Int i) return i.value();
        if (e instanceof Expr.Word w) {
            Long v = SYMBOLS.get(w.name());
            if (v == null) throw new UnknownSymbol(w.name());
            return v;
        }
        if (e instanceof Expr.Or or) {
            long v = 0;
            for (Expr t : or.terms()) v |= value(t, 0);
            return v;
        }
        if (e instanceof Expr.Array arr && arr.elements().size() == 1) return value(arr.elements().get(0), dflt);
        return dflt;
    }

    /** An output int argument such as {@code [1000]}: null when it matches (or is not checked). */
    private static String outInt(Expr e, long got, String what) {
        if (e == null || !(e instanceof Expr.Array arr) || arr.elements().size() != 1
                || arr.elements().get(0) instanceof Expr.Ellipsis) return null;
        long want = value(arr.elements().get(0), got);
        return want == got ? null : what + " is " + got + ", expected " + want;
    }
}
