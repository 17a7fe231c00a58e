package org.tcplifecycle.tools.packetdrill;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;
import org.tcplifecycle.api.policy.TimeWaitRstPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.tools.packetdrill.Event.Packet;
import org.tcplifecycle.tools.packetdrill.Event.Syscall;

/**
 * Runs a parsed packetdrill script against one {@link TcpEngine} in virtual time and reports
 * {@link Outcome#pass PASS}, {@link Outcome#fail FAIL} (line, expected packet, what was sent) or
 * {@link Outcome#skip SKIP} (the feature the engine lacks).
 *
 * <p>The engine is the kernel under test at 192.168.0.1; the script is the peer at 192.0.2.1. The script
 * clock is the engine clock: before each event the engine is advanced to the event's time, firing every
 * timer at its own deadline, and each segment the engine sends is stamped with the instant it was sent.
 *
 * <p>Matching follows packetdrill: a relative time counts from the moment the previous event finished
 * (from the previous packet's script time when both are inbound packets); an outbound packet must come
 * within a tolerance of its time, the larger of {@code --tolerance_usecs} (default 4 ms) and
 * {@code --tolerance_percent} (default 12.5 %) of the gap since the previous event; segments the engine
 * sends are matched in order, so an unexpected one fails the next expected packet; segments sent at the
 * same instant with contiguous data are merged into one, as Linux's segmentation offload hands them to
 * the wire. A blocking call ({@code +.1...0.2 accept(...)}) runs while the following events happen and
 * must return within the tolerance of its return time.
 */
public final class PacketdrillRunner {
    private final Profile profile;
    private final Consumer<TcpConfig> adjust;

    public PacketdrillRunner(Profile profile) {
        this(profile, c -> { });
    }

    /** A profile with changes applied to each run's configuration (e.g. one Linux switch turned off). */
    public PacketdrillRunner(Profile profile, Consumer<TcpConfig> adjust) {
        this.profile = profile;
        this.adjust = adjust;
    }

    /** Runs one script; never throws for a failing script; a script the runner cannot read throws {@link ScriptSyntaxException}. */
    public Outcome run(Script script) {
        String why = unsupported(script);
        if (why != null) return Outcome.skip(script.source(), why);
        Run r = new Run(script);
        Outcome o;
        try {
            r.execute();
            o = Outcome.pass(script.source());
        } catch (Failure f) {
            o = Outcome.fail(script.source(), f.line, f.getMessage());
        } catch (SocketLayer.UnknownSymbol e) {
            throw new ScriptSyntaxException(script.source(), r.line, 0, e.getMessage());
        } catch (RuntimeException e) {
            o = Outcome.fail(script.source(), r.line, "runner error: " + e);
        }
        return o.withNotes(r.notes);
    }

    /** Why the script cannot run here (a feature the engine or this runner lacks), or null. */
    static String unsupported(Script script) {
        Set<String> needs = new LinkedHashSet<>();
        for (FeatureUse u : script.featureUses()) needs.add(u.feature().description());
        for (Syscall sc : script.events(Syscall.class)) {
            if (!SocketLayer.SUPPORTED.contains(sc.name())) needs.add("system call " + sc.name() + "()");
        }
        for (Event.Code c : script.events(Event.Code.class)) {
            for (CodeAssertion a : c.code().assertions()) {
                if (!a.field().equals("tcpi_state")) needs.add("tcp_info field " + a.field());
            }
        }
        return needs.isEmpty() ? null : "needs " + String.join(", ", needs);
    }

    /** A script failure at a line. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;

        Failure(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    /** One segment the engine sent and the instant it sent it. */
    private record Sent(Segment segment, long atNanos) {
    }

    /** A blocking call that has not returned yet, or has returned and awaits its check. */
    private static final class Pending {
        Syscall call;
        SocketLayer.Attempt attempt;
        long endNanos;
        long toleranceNanos;
        SocketLayer.Ret ret;
        long returnedAt;
    }

    /** The state of one script run. */
    final class Run {
        final Script script;
        final TcpConfig cfg;
        final TcpEngine engine;
        final PacketMatch.Spaces spaces = new PacketMatch.Spaces();
        final SocketLayer sockets;
        final List<String> notes = new ArrayList<>();
        private final ArrayDeque<Sent> out = new ArrayDeque<>();
        final long toleranceNanos;
        final double tolerancePercent;
        long clock;
        int line;
        private Pending pending;

        Run(Script script) {
            this.script = script;
            this.cfg = profile.config();
            adjust.accept(cfg);
            this.toleranceNanos = TimeUnit.MICROSECONDS.toNanos(longOption("tolerance_usecs", 4000));
            this.tolerancePercent = Double.parseDouble(script.option("tolerance_percent").orElse("12.5"));
            spaces.tsTickMicros = longOption("tcp_ts_tick_usecs", 0);
            spaces.toleranceMicros = toleranceNanos / 1000;
            script.initCommand().ifPresent(this::applySysctls);
            this.engine = new TcpEngine(cfg, this::sent, null);
            this.sockets = new SocketLayer(this);
            engine.listener(sockets.events());
        }

        private long longOption(String name, long dflt) {
            return script.option(name).map(Long::parseLong).orElse(dflt);
        }

        void execute() {
            long lastScript = 0;
            boolean prevInbound = false;
            for (Event ev : script.events()) {
                line = ev.line();
                settle();
                boolean inbound = ev instanceof Packet p && p.inbound();
                Timing tm = ev.timing();
                long offset = prevInbound && inbound ? lastScript : clock;
                long start, end;
                switch (tm.kind()) {
                    case ABSOLUTE, ABSOLUTE_RANGE -> {
                        start = us(tm.micros());
                        end = us(tm.endMicros());
                    }
                    case RELATIVE, RELATIVE_RANGE -> {
                        start = offset + us(tm.micros());
                        end = offset + us(tm.endMicros());
                    }
                    default -> {
                        start = clock;
                        end = Long.MAX_VALUE;
                    }
                }
                long tol = tolerance(start - lastScript);
                if (ev instanceof Packet p && p.outbound()) {
                    expect(p, start, end, tol, tm.kind() == Timing.Kind.ANY);
                } else if (ev instanceof Packet p) {
                    runTo(start, false);
                    inject(p);
                } else if (ev instanceof Syscall sc) {
                    if (pending != null) awaitPending();
                    runTo(start, false);
                    if (clock > start + tol) {
                        throw new Failure(line, String.format(Locale.ROOT, "timing error: %s() expected at %s but started at %s",
                                sc.name(), secs(start), secs(clock)));
                    }
                    long ret = sc.returnMicros().isPresent()
                            ? (tm.isRelative() ? offset : 0) + us(sc.returnMicros().getAsLong()) : start;
                    call(sc, ret, tolerance(ret - start));
                } else if (ev instanceof Event.Command c) {
                    runTo(start, false);
                    applySysctls(c.command());
                } else if (ev instanceof Event.Code c) {
                    runTo(start, false);
                    sockets.check(c.code(), ev.line());
                }
                lastScript = tm.kind() == Timing.Kind.ANY ? clock : start;
                prevInbound = inbound;
            }
            line = pending != null ? pending.call.line() : line;
            if (pending != null) awaitPending();
            settle();
        }

        long tolerance(long gapNanos) {
            return Math.max(toleranceNanos, (long) (tolerancePercent / 100.0 * Math.max(0, gapNanos)));
        }

        // ---- time ----------------------------------------------------------------------------------

        /** Advance the engine to {@code target}, each timer at its deadline; optionally stop at the first segment sent. */
        void runTo(long target, boolean stopAtPacket) {
            boolean triedNow = false;
            while (!(stopAtPacket && !out.isEmpty()) && !(pendingStop && pending != null && pending.ret != null)) {
                long d = engine.nextDeadline();
                if (d > target) break;
                long next;
                if (d > clock) {
                    next = d;
                    triedNow = false;
                } else if (!triedNow) {
                    next = clock;
                    triedNow = true;
                } else {
                    // the timer service reports a lower bound (a wheel fires a timer only when its slot
                    // comes up): creep forward a tick at a time, so a segment is stamped when it really goes out
                    next = clock + TICK_NANOS;
                }
                if (next > target) break;
                step(next);
            }
            if (stopAtPacket && !out.isEmpty() || pendingStop && pending != null && pending.ret != null) return;
            if (target >= clock) step(target);
        }

        private boolean pendingStop;
        /** Step used while the timer service's next deadline is only a lower bound. */
        private static final long TICK_NANOS = 1_000_000L;

        private void step(long t) {
            clock = t;
            engine.advance(t);
            poll();
        }

        /** See whether the blocking call in progress can return now. */
        void poll() {
            if (pending == null || pending.ret != null) return;
            SocketLayer.Ret r = pending.attempt.attempt();
            if (r != null) {
                pending.ret = r;
                pending.returnedAt = clock;
            }
        }

        /** Check a blocking call that has returned: its time and its result. */
        private void settle() {
            if (pending == null || pending.ret == null) return;
            Pending p = pending;
            pending = null;
            verifyReturn(p.call, p.ret, p.returnedAt, p.endNanos, p.toleranceNanos);
        }

        /** A new call cannot start before the blocking one returns: wait for it (up to its return time). */
        private void awaitPending() {
            Pending p = pending;
            if (p.ret == null) {
                pendingStop = true;
                try {
                    runTo(p.endNanos + p.toleranceNanos, false);
                } finally {
                    pendingStop = false;
                }
            }
            if (p.ret == null) {
                throw new Failure(p.call.line(), String.format(Locale.ROOT, "%s() expected to return at %s but had not returned at %s",
                        p.call.name(), secs(p.endNanos), secs(clock)));
            }
            settle();
        }

        // ---- system calls ----------------------------------------------------------------------------

        private void call(Syscall sc, long endNanos, long tol) {
            SocketLayer.Attempt a = sockets.begin(sc);
            SocketLayer.Ret r = a.attempt();
            if (r != null) {
                verifyReturn(sc, r, clock, endNanos, tol);
                return;
            }
            Pending p = new Pending();
            p.call = sc;
            p.attempt = a;
            p.endNanos = endNanos;
            p.toleranceNanos = tol;
            pending = p;
        }

        private void verifyReturn(Syscall sc, SocketLayer.Ret r, long at, long endNanos, long tol) {
            if (r.mismatch() != null) throw new Failure(sc.line(), sc.name() + "(): " + r.mismatch());
            String got = r.value() + (r.errno() != null ? " " + r.errno() : "");
            long want = SocketLayer.value(sc.result(), r.value());
            String wantErr = sc.errno().orElse(null);
            if (want != r.value() || wantErr != null && !wantErr.equals(r.errno())
                    || wantErr == null && r.errno() != null && r.value() < 0) {
                throw new Failure(sc.line(), sc.name() + "() returned " + got + ", expected "
                        + want + (wantErr != null ? " " + wantErr : ""));
            }
            if (Math.abs(at - endNanos) > tol) {
                throw new Failure(sc.line(), String.format(Locale.ROOT, "timing error: %s() expected to return at %s but returned at %s",
                        sc.name(), secs(endNanos), secs(at)));
            }
        }

        // ---- packets -----------------------------------------------------------------------------------

        /** The engine's sink: copy, stamp and queue; merge contiguous data sent at the same instant (TSO). */
        private void sent(Segment s) {
            Segment c = s.deepCopy();
            if ((c.flags & TcpFlags.SYN) != 0) spaces.localIsn = c.seq & 0xFFFF_FFFFL;
            Sent last = out.peekLast();
            if (last != null && last.atNanos == clock && mergeable(last.segment, c)) {
                Segment m = last.segment;
                int n = m.payloadLength + c.payloadLength;
                ByteBuffer b = ByteBuffer.allocate(n);
                b.put(0, m.payload, m.payloadOffset, m.payloadLength);
                b.put(m.payloadLength, c.payload, c.payloadOffset, c.payloadLength);
                m.payload = b;
                m.payloadOffset = 0;
                m.payloadLength = n;
                m.flags |= c.flags;
                m.window = c.window;
                m.tsVal = c.tsVal;
                m.tsEcr = c.tsEcr;
                return;
            }
            out.add(new Sent(c, clock));
        }

        private boolean mergeable(Segment a, Segment b) {
            int ctl = TcpFlags.SYN | TcpFlags.RST | TcpFlags.FIN;
            return a.payloadLength > 0 && b.payloadLength > 0 && (a.flags & ctl) == 0 && (b.flags & (TcpFlags.SYN | TcpFlags.RST)) == 0
                    && a.seq + a.payloadLength == b.seq && a.ack == b.ack && a.payloadLength + b.payloadLength <= 65535 - 40;
        }

        private void expect(Packet p, long lo, long hi, long tol, boolean any) {
            long limit = any ? clock + TimeUnit.SECONDS.toNanos(600) : hi + tol;
            runTo(limit, true);
            Sent s = out.poll();
            if (s == null) {
                throw new Failure(p.line(), "timed out waiting for packet > " + PacketMatch.describe(p));
            }
            if (!any && (s.atNanos < lo - tol || s.atNanos > hi + tol)) {
                String when = lo == hi ? "at " + secs(lo) : "in " + secs(lo) + "~" + secs(hi);
                throw new Failure(p.line(), "timing error: expected > " + PacketMatch.describe(p) + " " + when
                        + " (tolerance " + secs(tol) + ") but " + PacketMatch.describe(s.segment, spaces) + " was sent at " + secs(s.atNanos));
            }
            String diff = PacketMatch.mismatch(p, s.segment, spaces);
            if (diff != null) {
                throw new Failure(p.line(), "expected > " + PacketMatch.describe(p) + " but sent > "
                        + PacketMatch.describe(s.segment, spaces) + " (" + diff + ")");
            }
        }

        private void inject(Packet p) {
            Segment s = new Segment();
            s.srcLo = SocketLayer.REMOTE_ADDR & 0xFFFF_FFFFL;
            s.dstLo = SocketLayer.LOCAL_ADDR & 0xFFFF_FFFFL;
            s.srcPort = sockets.remotePort;
            s.dstPort = sockets.localPort;
            s.seq = (int) (spaces.remoteIsn + p.startSeq());
            s.flags = p.flags();
            s.ack = p.ack().isPresent() ? (int) (spaces.localIsn + p.ack().getAsLong()) : 0;
            s.window = p.window().orElse(65535);
            s.urgent = p.urgentPointer().orElse(0);
            List<TcpOption.SackBlock> sack = List.of();
            for (TcpOption o : p.options()) {
                if (o instanceof TcpOption.Mss m) s.mss = m.symbolic() ? 1460 : (int) m.bytes();
                else if (o instanceof TcpOption.WindowScale w) s.wscale = w.shift();
                else if (o instanceof TcpOption.SackPermitted) s.sackPermitted = true;
                else if (o instanceof TcpOption.Timestamp t) {
                    s.hasTimestamps = true;
                    s.tsVal = (int) t.val();
                    s.tsEcr = (int) (spaces.tsOffsetKnown ? t.ecr() - spaces.tsOffset : t.ecr());
                } else if (o instanceof TcpOption.Sack k) sack = k.blocks();
            }
            s.sackBlocks = Math.min(sack.size(), Segment.MAX_SACK_BLOCKS);
            for (int i = 0; i < s.sackBlocks; i++) {
                s.sack[2 * i] = (int) (spaces.localIsn + sack.get(i).left());
                s.sack[2 * i + 1] = (int) (spaces.localIsn + sack.get(i).right());
            }
            if (p.length() > 0) {
                s.payload = ByteBuffer.allocate(p.length());
                s.payloadLength = p.length();
            }
            engine.onSegment(s, clock);
            poll();
        }

        // ---- shell commands --------------------------------------------------------------------------

        private void applySysctls(ShellCommand c) {
            if (c.sysctls().isEmpty()) {
                notes.add("line " + c.line() + ": shell command ignored: " + c.text().strip().replaceAll("\\s+", " "));
                return;
            }
            for (Sysctl s : c.sysctls()) {
                String mapped = sysctl(s.name(), s.value().strip());
                notes.add("line " + c.line() + ": " + s.name() + "=" + s.value().strip() + (mapped == null ? " ignored" : " -> " + mapped));
            }
        }

        /** Map one sysctl onto the configuration; returns what it set, or null when it is not mapped. */
        private String sysctl(String name, String value) {
            long v;
            try {
                v = Long.parseLong(value.split("\\s+")[0]);
            } catch (NumberFormatException e) {
                return null;
            }
            RetransmissionPolicy rp = cfg.retransmission;
            switch (name) {
                case "net.ipv4.tcp_syn_retries":
                    cfg.retransmission = retries(rp, (int) v, rp.maxRetries(RetransmissionPolicy.Kind.SYN_ACK),
                            rp.maxRetries(RetransmissionPolicy.Kind.DATA), rp.maxRetries(RetransmissionPolicy.Kind.FIN));
                    return "SYN retries " + v;
                case "net.ipv4.tcp_synack_retries":
                    cfg.retransmission = retries(rp, rp.maxRetries(RetransmissionPolicy.Kind.SYN), (int) v,
                            rp.maxRetries(RetransmissionPolicy.Kind.DATA), rp.maxRetries(RetransmissionPolicy.Kind.FIN));
                    return "SYN-ACK retries " + v;
                case "net.ipv4.tcp_retries2":
                    cfg.retransmission = retries(rp, rp.maxRetries(RetransmissionPolicy.Kind.SYN),
                            rp.maxRetries(RetransmissionPolicy.Kind.SYN_ACK), (int) v, (int) v);
                    return "data and FIN retries " + v;
                case "net.ipv4.tcp_timestamps":
                    cfg.timestamps = v != 0;
                    return "timestamps " + (v != 0 ? "on" : "off");
                case "net.ipv4.tcp_sack":
                    cfg.sackPermitted = v != 0;
                    return "SACK-permitted " + (v != 0 ? "on" : "off");
                case "net.ipv4.tcp_window_scaling":
                    cfg.windowScale = v != 0 ? (profile == Profile.LINUX ? 8 : 7) : -1;
                    return "window scale " + cfg.windowScale;
                case "net.ipv4.tcp_fin_timeout":
                    cfg.orphan = OrphanPolicy.of(cfg.orphan.resetOnData(), TimeUnit.SECONDS.toNanos(v));
                    return "FIN_WAIT_2 timeout " + v + " s";
                case "net.ipv4.tcp_rfc1337":
                    cfg.timeWaitRst = v != 0 ? TimeWaitRstPolicy.RFC1337 : TimeWaitRstPolicy.RFC793;
                    return v != 0 ? "RST in TIME_WAIT ignored (RFC 1337)" : "RST in TIME_WAIT ends it (RFC 793)";
                case "net.ipv4.tcp_challenge_ack_limit":
                    cfg.challengeAckLimitPerSecond = (int) Math.min(Integer.MAX_VALUE, v);
                    return "challenge ACKs " + v + "/s";
                default:
                    return null;
            }
        }

        private RetransmissionPolicy retries(RetransmissionPolicy rp, int syn, int synAck, int data, int fin) {
            return RetransmissionPolicy.of(rp.initialRtoNanos(), rp.minRtoNanos(), rp.maxRtoNanos(), syn, synAck, data, fin);
        }
    }

    static long us(long micros) {
        return TimeUnit.MICROSECONDS.toNanos(micros);
    }

    static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.6f s", nanos / 1e9);
    }
}
