package org.tcplifecycle.sim;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.PacketEncoder;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.TcpStats;
import org.tcplifecycle.wire.DecodeResult;

/**
 * One simulation run. Two hosts (client 192.0.2.2, server 192.0.2.1:80), each an engine fed with
 * encoded packets; one network between them that delays, jitters, loses, duplicates, reorders and
 * corrupts packets by the fault schedule; applications driven by engine events (deferred until the
 * engine call returns, as an event loop would).
 *
 * <p>Each lifecycle: the client connects from an ephemeral port and writes a request (a 16-octet header
 * naming the lifecycle, then its body); the server reads it all and writes its reply; then both close
 * as the lifecycle's {@link CloseKind} says. Every octet is a function of (lifecycle, direction, offset),
 * so each read is verified: in order, exactly once, nothing foreign.
 */
final class SimRun {
    static final int C = 0, S = 1;
    static final int CLIENT_IP = 0xC000_0202, SERVER_IP = 0xC000_0201, SERVER_PORT = 80;
    static final int HEADER = 16;
    private static final long SAMPLE_EVERY_NS = 1_000_000_000L;
    private static final int MAX_VIOLATIONS = 64;

    private static final int EV_PACKET = 0, EV_START = 1, EV_HOST = 2, EV_UP = 3, EV_SWEEP = 4, EV_NEXT_HOST = 5, EV_PORT_POLL = 6;

    enum Outcome { COMPLETE, RESET, TIMEOUT, SELF_ABORT, APP_TIMEOUT, CRASHED }

    private final SimConfig cfg;
    private final LongConsumer progress;
    private final boolean record;
    private final long netSeed;
    private final SplittableRandom appRng;
    private final SplittableRandom hostRng;
    private final EventQueue q = new EventQueue();
    private final TcpEngine[] eng = new TcpEngine[2];
    private final long[] clockOff = new long[2];
    private final boolean[] down = new boolean[2];
    private final boolean[] inRst = new boolean[2];
    private long listener;
    private long now;

    private final List<HashMap<Long, Conn>> conns = List.of(new HashMap<>(), new HashMap<>());
    private final ArrayDeque<Conn> dirty = new ArrayDeque<>();
    private boolean acceptPending;
    private final ArrayList<Conn> live = new ArrayList<>();
    private final Life[] portLife = new Life[65536];
    private final Life[] recent = new Life[1 << 16];
    private final ArrayDeque<Life> parked = new ArrayDeque<>();
    private Life connecting;
    private final ArrayDeque<Life> waitingPort = new ArrayDeque<>();
    private boolean portPoll;
    private int nextLife;
    private int activeLives;
    private long completed, aborted, appTimeouts, finishedLives;
    private final long progressStep;

    private final List<Violation> violations = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final HashMap<Long, Fault> replay;
    private long partitionUntil = Long.MIN_VALUE;
    private final long[] orphanPkts = new long[2];

    private long segments, peakTw;
    private long retransmitsDead, rstDead;
    private final long[] dropsDead = new long[TcpStats.DROP_REASONS];
    private final long[] wireDead = new long[DecodeResult.COUNT];
    private final List<StateSample> samples = new ArrayList<>();
    private long nextSampleAt;
    private final List<TraceEvent> trace = new ArrayList<>();
    private Life traced;

    private final long delayNs, jitterNs, mslNs, quietNs;
    /** Far more segments than any lifecycle needs: beyond it the run is generating traffic without end. */
    private final long segmentBudget;
    private final int[] portPackets = new int[65536];
    private long lastFinishAt;
    private final byte[] rbuf = new byte[1 << 17];
    private final ByteBuffer rbb = ByteBuffer.wrap(rbuf);
    private final byte[] wbuf = new byte[1 << 16];
    private final int[] baseline = new int[2];

    SimRun(SimConfig cfg, LongConsumer progress, boolean record) {
        this.cfg = cfg;
        this.progress = progress;
        this.record = record && cfg.schedule() == null;
        SplittableRandom root = new SplittableRandom(cfg.seed());
        this.netSeed = root.nextLong();
        this.appRng = root.split();
        this.hostRng = root.split();
        this.progressStep = Math.max(1, cfg.connections() / 200);
        this.segmentBudget = 2_000_000L + 2_000L * cfg.connections();
        this.delayNs = (long) (cfg.delayMillis() * 1e6);
        this.jitterNs = (long) (cfg.jitterMillis() * 1e6);
        TcpConfig c0 = cfg.clientConfig().get(), c1 = cfg.serverConfig().get();
        this.mslNs = Math.max(1_000_000L, Math.min(c0.timeWait.timeWaitNanos(), c1.timeWait.timeWaitNanos()) / 2);
        this.quietNs = mslNs;
        if (cfg.schedule() != null) {
            replay = new HashMap<>();
            for (Fault f : cfg.schedule()) {
                if (f.perPacket()) replay.put(f.key(), f);
                else q.add(f.timeNanos(), EV_HOST, 0, f);
            }
        } else {
            replay = null;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the run

    SimResult execute() {
        long wall0 = System.nanoTime();
        boot(C);
        boot(S);
        if (replay == null) {
            if (cfg.partitions()) q.add(exp(60), EV_NEXT_HOST, Fault.Kind.PARTITION.ordinal(), null);
            if (cfg.crashes()) q.add(exp(200), EV_NEXT_HOST, Fault.Kind.CRASH.ordinal(), null);
            if (cfg.clockJumps()) q.add(Math.max(4 * mslNs, exp(30)), EV_NEXT_HOST, Fault.Kind.CLOCK_JUMP.ordinal(), null);
        }
        q.add(5_000_000_000L, EV_SWEEP, 0, null);
        startLives();
        long finishedAt = Long.MAX_VALUE;
        long sameTime = 0, lastT = -1;
        while (true) {
            if (finishedLives >= cfg.connections()) {
                // host faults no longer happen: drop their pending draws without moving the clock
                while (q.size() > 0 && q.peekType() == EV_NEXT_HOST) q.poll();
            }
            long tc = deadline(C), ts = deadline(S), tq = q.peekTime();
            long t = Math.min(tq, Math.min(tc, ts));
            if (finished() && finishedAt == Long.MAX_VALUE) finishedAt = now;
            if (t == Long.MAX_VALUE) break;
            if (finishedAt != Long.MAX_VALUE && t > finishedAt + 3_600_000_000_000L) break; // an hour of quiet: give up
            if (t < now) t = now;
            if (t == lastT) {
                if (++sameTime > 5_000_000) {
                    violation(Violation.Kind.STUCK, -1, "no progress of virtual time (livelock at one instant): client deadline "
                            + (tc == Long.MAX_VALUE ? "none" : (tc - now) + "ns") + ", server deadline "
                            + (ts == Long.MAX_VALUE ? "none" : (ts - now) + "ns") + ", next event " + (tq == Long.MAX_VALUE ? "none" : (tq - now) + "ns"));
                    break;
                }
            } else {
                sameTime = 0;
                lastT = t;
            }
            now = t;
            if (finishedLives < cfg.connections() && t - lastFinishAt > 7_200_000_000_000L) {
                violation(Violation.Kind.STUCK, -1, "no lifecycle finished for two hours of virtual time; " + finishedLives
                        + " of " + cfg.connections() + " finished, " + activeLives + " active, " + waitingPort.size()
                        + " waiting for a port, " + parked.size() + " waiting for the client host");
                break;
            }
            if (segments > segmentBudget) {
                int hot = 0;
                for (int p = 1; p < portPackets.length; p++) if (portPackets[p] > portPackets[hot]) hot = p;
                violation(Violation.Kind.STUCK, lifeOf(hot), "traffic without end: " + segments + " segments, most on client port "
                        + hot + " (" + portPackets[hot] + "), lifecycles finished " + finishedLives + " of " + cfg.connections());
                break;
            }
            if (tc <= t) advance(C);
            if (ts <= t) advance(S);
            if (tq <= t) {
                q.poll();
                dispatch(q.polledType, q.polledArg, q.polledObj);
            }
            settle();
            int tw = (eng[C] == null ? 0 : eng[C].timeWaitCount()) + (eng[S] == null ? 0 : eng[S].timeWaitCount());
            if (tw > peakTw) peakTw = tw;
            if (now >= nextSampleAt) {
                sample();
                nextSampleAt = now + SAMPLE_EVERY_NS * Math.max(1, (samples.size() / 200) + 1);
            }
        }
        sample();
        quiescence();
        long wall = System.nanoTime() - wall0;
        long done = completed + aborted;
        return new SimResult(cfg.seed(), completed, aborted, List.copyOf(violations), retransmits(), rstSent(), peakTw,
                List.copyOf(samples), wall, now, done * 1e9 / Math.max(1, wall), segments, List.copyOf(trace),
                record || replay != null ? List.copyOf(record ? faults : cfg.schedule()) : List.of(), appTimeouts, drops(), null);
    }

    private boolean finished() {
        return finishedLives >= cfg.connections() && live.isEmpty();
    }

    private long deadline(int side) {
        TcpEngine e = eng[side];
        if (e == null) return Long.MAX_VALUE;
        long d = e.nextDeadline();
        if (d == Long.MAX_VALUE) return d;
        // A timer service may report a lower bound (a timing wheel: up to one granule early); when
        // advancing to it fired nothing, step on by a millisecond rather than spin at one instant.
        if (d <= advancedTo[side]) d = advancedTo[side] + 1_000_000L;
        return Math.max(now, d - clockOff[side]);
    }

    private final long[] advancedTo = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final boolean[] overdue = new boolean[2];
    /** A timer service may fire late (a wheel: by its level's granule), but never by this much. */
    private static final long OVERDUE_NANOS = 30_000_000_000L;

    private long clk(int side) {
        return now + clockOff[side];
    }

    private void advance(int side) {
        try {
            advancedTo[side] = clk(side);
            eng[side].advance(advancedTo[side]);
            long d = eng[side].nextDeadline();
            if (d < advancedTo[side] - OVERDUE_NANOS && !overdue[side]) {
                overdue[side] = true; // once per engine: the wheel keeps reporting it
                violation(Violation.Kind.STUCK, -1, (side == C ? "client" : "server") + " engine: a timer due "
                        + (advancedTo[side] - d) / 1_000_000 + " ms ago has not fired although time was advanced past it");
            }
        } catch (RuntimeException ex) {
            engineException(side, "advance", ex);
        }
    }

    private void dispatch(int type, int arg, Object obj) {
        switch (type) {
            case EV_PACKET:
                deliver(arg, (byte[]) obj);
                break;
            case EV_START:
                start((Life) obj);
                break;
            case EV_HOST:
                hostFault((Fault) obj);
                break;
            case EV_NEXT_HOST:
                nextHostFault(Fault.Kind.values()[arg]);
                break;
            case EV_UP:
                boot(arg);
                startLives();
                break;
            case EV_SWEEP:
                sweep();
                break;
            case EV_PORT_POLL:
                wakePortWaiter();
                if (waitingPort.isEmpty()) portPoll = false;
                else q.add(now + 1_000_000_000L, EV_PORT_POLL, 0, null); // until nobody waits
                break;
            default:
                throw new IllegalStateException("event " + type);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // hosts

    private void boot(int side) {
        TcpConfig c = (side == C ? cfg.clientConfig() : cfg.serverConfig()).get();
        c.verifyChecksums = true; // corruption must meet the checksum
        PacketEncoder out = new PacketEncoder((b, off, len) -> emit(side, b, off, len));
        TcpEngine e = new TcpEngine(c, out, new Events(side), 256);
        eng[side] = e;
        advancedTo[side] = Long.MIN_VALUE;
        overdue[side] = false;
        down[side] = false;
        if (side == S) listener = e.listen(org.tcplifecycle.api.Endpoint.v4(SERVER_IP, SERVER_PORT), 4096);
        baseline[side] = e.pendingTimers();
        if (side == C) {
            while (!waitingPort.isEmpty()) q.add(now, EV_START, 0, waitingPort.poll()); // a fresh host has every port
            while (!parked.isEmpty()) {
                Life l = parked.poll();
                q.add(now, EV_START, 0, l);
            }
        }
    }

    /** A client connection closed, so a port may be free: one waiting lifecycle tries again. */
    private void wakePortWaiter() {
        Life l = waitingPort.poll();
        if (l != null) q.add(now, EV_START, 0, l);
    }

    private void crash(int side, long downFor) {
        TcpEngine e = eng[side];
        if (e == null) return;
        retransmitsDead += e.stats().retransmits;
        rstDead += e.stats().rstOut;
        for (int i = 0; i < dropsDead.length; i++) dropsDead[i] += e.stats().drops(i);
        for (int i = 1; i < wireDead.length; i++) wireDead[i] += e.wireDrops().get(i);
        eng[side] = null;
        down[side] = true;
        markActiveFaulted();
        // the applications die with their host
        List<Conn> gone = new ArrayList<>(conns.get(side).values());
        gone.sort((a, b) -> Long.compare(a.serial, b.serial));
        conns.get(side).clear();
        for (Conn c : gone) if (!c.ended) finish(c, Outcome.CRASHED);
        q.add(now + downFor, EV_UP, side, null);
    }

    private void hostFault(Fault f) {
        if (record) faults.add(f);
        switch (f.kind()) {
            case PARTITION:
                partitionUntil = Math.max(partitionUntil, now + f.param());
                markActiveFaulted();
                break;
            case CRASH:
                crash(f.direction(), f.param());
                break;
            case CLOCK_JUMP:
                clockOff[f.direction()] += f.param();
                break;
            default:
                throw new IllegalStateException(f.toString());
        }
    }

    /** Generate mode: the next host fault of one kind, drawn from the host stream. */
    private void nextHostFault(Fault.Kind k) {
        if (finishedLives >= cfg.connections()) return;
        long next;
        switch (k) {
            case PARTITION: {
                long d = 1_000_000_000L + (long) (hostRng.nextDouble() * 14e9);
                hostFault(Fault.host(k, 0, now, d));
                next = d + exp(60);
                break;
            }
            case CRASH: {
                int side = hostRng.nextInt(2);
                long d = quietNs + (long) (hostRng.nextDouble() * 2e9);
                hostFault(Fault.host(k, side, now, d));
                next = d + exp(200);
                break;
            }
            default: {
                int side = hostRng.nextInt(2);
                long d = 1_000_000L + (long) (hostRng.nextDouble() * (mslNs / 2.0 - 1e6));
                hostFault(Fault.host(k, side, now, d));
                next = Math.max(4 * mslNs, exp(30));
                break;
            }
        }
        q.add(now + next, EV_NEXT_HOST, k.ordinal(), null);
    }

    private long exp(double meanSeconds) {
        return (long) (-Math.log(1 - hostRng.nextDouble()) * meanSeconds * 1e9) + 1;
    }

    private void markActiveFaulted() {
        for (Life l : active) l.faulted = true;
    }

    private final ArrayList<Life> active = new ArrayList<>();

    // ------------------------------------------------------------------------------------------------
    // the network

    private void emit(int side, ByteBuffer b, int off, int len) {
        byte[] p = new byte[len];
        b.get(off, p, 0, len);
        segments++;
        int ihl = (p[0] & 0xFF) >>> 4 == 4 ? (p[0] & 0xF) * 4 : 40;
        int flags = p[ihl + 13] & 0xFF;
        int srcPort = (p[ihl] & 0xFF) << 8 | p[ihl + 1] & 0xFF;
        int dstPort = (p[ihl + 2] & 0xFF) << 8 | p[ihl + 3] & 0xFF;
        if (inRst[side] && (flags & TcpFlags.RST) != 0) {
            violation(Violation.Kind.RST_FOR_RST, lifeOf(side == C ? srcPort : dstPort), (side == C ? "client" : "server")
                    + " sent a RST while processing an arriving RST");
        }
        int clientPort = side == C ? srcPort : dstPort;
        if (side == C && connecting != null) portLife[clientPort] = connecting;
        Life l = portLife[clientPort];
        portPackets[clientPort]++;
        long ord = l != null ? l.pkts[side]++ : orphanPkts[side]++;
        int id = l != null ? l.id : -1;
        if (cfg.samplePcap() != null && id >= 0 && id < cfg.sampleConnections()) cfg.samplePcap().packet(now, p.clone());
        long key = Fault.key(id, side, ord);
        long base = delayNs + (jitterNs > 0 ? Long.remainderUnsigned(mix(netSeed, key, 1), jitterNs + 1) : 0);
        String fate;
        if (now < partitionUntil || down[1 - side]) {
            fate = "link down";
            if (l != null) l.faulted = true;
        } else {
            Fault f = replay != null ? replay.get(key) : draw(id, side, ord, len, key, base);
            if (f == null) {
                send(1 - side, p, base);
                fate = "";
            } else {
                if (record) faults.add(f);
                if (l != null) {
                    l.faulted = true;
                    l.faultCount++;
                }
                switch (f.kind()) {
                    case DROP:
                        fate = "lost";
                        break;
                    case DUPLICATE:
                        send(1 - side, p, base);
                        send(1 - side, p.clone(), base + f.param());
                        fate = "duplicated";
                        break;
                    case DELAY:
                        send(1 - side, p, base + f.param());
                        fate = "delayed";
                        break;
                    default: {
                        long bit = f.param() % (len * 8L);
                        p[(int) (bit >>> 3)] ^= (byte) (1 << (bit & 7));
                        send(1 - side, p, base);
                        fate = "corrupted";
                    }
                }
            }
        }
        if (DEBUG_PORT == clientPort) {
            int seq = (p[ihl + 4] & 0xFF) << 24 | (p[ihl + 5] & 0xFF) << 16 | (p[ihl + 6] & 0xFF) << 8 | p[ihl + 7] & 0xFF;
            int ack = (p[ihl + 8] & 0xFF) << 24 | (p[ihl + 9] & 0xFF) << 16 | (p[ihl + 10] & 0xFF) << 8 | p[ihl + 11] & 0xFF;
            int doff = (p[ihl + 12] >>> 4 & 0xF) * 4;
            System.err.println("DBG " + Trace.time(now) + " life " + id + " " + (side == C ? "C>S " : "S>C ") + TcpFlags.str(flags) + " seq " + Integer.toUnsignedString(seq) + " ack " + Integer.toUnsignedString(ack) + " len " + (len - ihl - doff) + " " + fate + " #" + ord);
        }
        if (traced != null && l == traced) {
            int seq = (p[ihl + 4] & 0xFF) << 24 | (p[ihl + 5] & 0xFF) << 16 | (p[ihl + 6] & 0xFF) << 8 | p[ihl + 7] & 0xFF;
            int ack = (p[ihl + 8] & 0xFF) << 24 | (p[ihl + 9] & 0xFF) << 16 | (p[ihl + 10] & 0xFF) << 8 | p[ihl + 11] & 0xFF;
            int doff = (p[ihl + 12] >>> 4 & 0xF) * 4;
            trace.add(TraceEvent.segment(now, side == C, flags, seq, ack, Math.max(0, len - ihl - doff), fate));
        }
    }

    /** Generate mode: the fault (if any) for one packet, a pure function of the seed and the packet's key. */
    private Fault draw(int id, int side, long ord, int len, long key, long base) {
        double u = unit(mix(netSeed, key, 2));
        double x = u;
        if ((x -= cfg.loss()) < 0) return Fault.packet(Fault.Kind.DROP, id, side, ord, 0);
        if ((x -= cfg.corrupt()) < 0) {
            return Fault.packet(Fault.Kind.CORRUPT, id, side, ord, Long.remainderUnsigned(mix(netSeed, key, 3), len * 8L));
        }
        long room = Math.max(0, mslNs - base);
        if ((x -= cfg.duplicate()) < 0) {
            long extra = Long.remainderUnsigned(mix(netSeed, key, 4), Math.min(room, 4 * delayNs + 4_000_000L) + 1);
            return Fault.packet(Fault.Kind.DUPLICATE, id, side, ord, extra);
        }
        if ((x -= cfg.reorder()) < 0) {
            long extra = 1 + Long.remainderUnsigned(mix(netSeed, key, 5), Math.min(room, 4 * delayNs + 4_000_000L) + 1);
            return Fault.packet(Fault.Kind.DELAY, id, side, ord, extra);
        }
        return null;
    }

    private void send(int to, byte[] p, long delay) {
        q.add(now + Math.min(delay, mslNs), EV_PACKET, to, p);
    }

    private void deliver(int side, byte[] p) {
        TcpEngine e = eng[side];
        if (e == null || now < partitionUntil) return; // host down, or the link went down while it flew
        int ihl = (p[0] & 0xFF) >>> 4 == 4 ? (p[0] & 0xF) * 4 : 40;
        inRst[side] = p.length > ihl + 13 && (p[ihl + 13] & TcpFlags.RST) != 0;
        try {
            e.onPacket(ByteBuffer.wrap(p), 0, p.length, clk(side));
        } catch (RuntimeException ex) {
            engineException(side, "onPacket", ex);
        } finally {
            inRst[side] = false;
        }
    }

    private int lifeOf(int clientPort) {
        Life l = portLife[clientPort];
        return l == null ? -1 : l.id;
    }

    // ------------------------------------------------------------------------------------------------
    // lifecycles

    private void startLives() {
        while (activeLives < cfg.concurrency() && nextLife < cfg.connections()) {
            Life l = new Life(nextLife++, appRng.nextLong(), cfg);
            activeLives++;
            active.add(l);
            recent[l.id & (recent.length - 1)] = l;
            if (l.id == cfg.traceConnection()) traced = l;
            q.add(now + l.startDelay, EV_START, 0, l);
        }
    }

    private void start(Life l) {
        if (down[C]) {
            parked.add(l);
            return;
        }
        TcpEngine e = eng[C];
        long h;
        connecting = l;
        try {
            h = e.connect4(CLIENT_IP, 0, SERVER_IP, SERVER_PORT, clk(C));
        } catch (TcpException ex) {
            if (ex.error() == TcpException.Error.PORTS_EXHAUSTED) {
                // every port is busy or in TIME_WAIT: wait until a client connection closes (or a second)
                waitingPort.add(l);
                if (!portPoll) {
                    portPoll = true;
                    q.add(now + 1_000_000_000L, EV_PORT_POLL, 0, null);
                }
                return;
            }
            violation(Violation.Kind.EXCEPTION, l.id, "connect: " + ex.getMessage());
            l.clientEnded = true;
            l.clientOutcome = Outcome.RESET;
            endLife(l);
            return;
        } catch (RuntimeException ex) {
            engineException(C, "connect", ex);
            l.clientEnded = true;
            l.clientOutcome = Outcome.RESET;
            endLife(l);
            return;
        } finally {
            connecting = null;
        }
        l.port = e.tuple(h).local().port();
        if (l.port == DEBUG_PORT || l.id == Integer.getInteger("sim.debugLife", -1)) System.err.println("DBG life " + l.id + " port " + l.port + " kind " + l.kind + " at " + Trace.time(now));
        Conn c = new Conn(C, h, l);
        l.cc = c;
        conns.get(C).put(h, c);
        live.add(c);
        mark(c);
    }

    private void endLife(Life l) {
        if (l.ended) return;
        l.ended = true;
        activeLives--;
        active.remove(l);
        Outcome co = l.clientOutcome, so = l.sc == null ? null : l.serverOutcome;
        boolean bothComplete = co == Outcome.COMPLETE && so == Outcome.COMPLETE;
        if (bothComplete) completed++;
        else aborted++;
        if (!l.faulted) checkUnfaulted(l, co, so);
        if (l.kind.abortive() || l.kind == CloseKind.LINGER_TIMEOUT) {
            Outcome mine = l.aborterClient || l.kind == CloseKind.LINGER_TIMEOUT ? co : so;
            Outcome peer = l.aborterClient || l.kind == CloseKind.LINGER_TIMEOUT ? so : co;
            if (mine == Outcome.SELF_ABORT && peer == Outcome.COMPLETE && l.kind != CloseKind.LINGER_TIMEOUT) {
                violation(Violation.Kind.ABORT_NOT_SEEN, l.id, (l.aborterClient ? "client" : "server") + " aborted ("
                        + l.kind + ") but the other application saw a graceful end");
            }
        }
        finishedLives++;
        lastFinishAt = now;
        if (progress != null && (finishedLives % progressStep == 0 || finishedLives == cfg.connections())) {
            progress.accept(finishedLives);
        }
        startLives();
    }

    /** Without any fault, every lifecycle must end as its close kind says. */
    private void checkUnfaulted(Life l, Outcome co, Outcome so) {
        String what = null;
        if (co == Outcome.APP_TIMEOUT || so == Outcome.APP_TIMEOUT) {
            violation(Violation.Kind.STUCK, l.id, l.kind + ": an application waited " + cfg.appTimeoutNanos() / 1_000_000_000L
                    + " s without progress (client " + co + ", server " + so + ")");
            return;
        }
        switch (l.kind) {
            case CLIENT_CLOSE:
            case SERVER_CLOSE:
            case HALF_CLOSE:
                if (co != Outcome.COMPLETE || so != Outcome.COMPLETE) what = "graceful close";
                break;
            case LINGER_TIMEOUT:
                if (co == Outcome.COMPLETE && so != Outcome.COMPLETE || co != Outcome.COMPLETE && co != Outcome.SELF_ABORT)
                    what = "linger close";
                break;
            default: {
                Outcome peer = l.aborterClient ? so : co;
                if (peer != null && peer != Outcome.RESET && peer != Outcome.TIMEOUT) what = "the peer of an abort";
            }
        }
        if (what != null) {
            violation(Violation.Kind.UNEXPECTED_ABORT, l.id, l.kind + (l.kind.abortive() ? (l.aborterClient ? " by client" : " by server") : "")
                    + ": " + what + " ended client " + co + ", server " + so + " on a lifecycle that saw no fault");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // applications

    private void mark(Conn c) {
        if (!c.dirty && !c.ended) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    /** Run the applications until nothing is left to do at this instant. */
    private void settle() {
        while (acceptPending || !dirty.isEmpty()) {
            if (acceptPending) {
                acceptPending = false;
                TcpEngine e = eng[S];
                if (e != null) {
                    long h;
                    while ((h = e.accept(listener)) != TcpEngine.NO_HANDLE) {
                        Conn c = new Conn(S, h, null);
                        conns.get(S).put(h, c);
                        live.add(c);
                        mark(c);
                    }
                }
            }
            Conn c = dirty.poll();
            if (c == null) continue;
            c.dirty = false;
            if (c.ended) continue;
            TcpEngine e = eng[c.side];
            if (e == null) continue;
            try {
                if (c.side == C) client(e, c);
                else server(e, c);
            } catch (TcpException ex) {
                Outcome o;
                switch (ex.error()) {
                    case CONNECTION_RESET:
                    case CONNECTION_REFUSED:
                        o = Outcome.RESET;
                        break;
                    case CONNECTION_TIMED_OUT:
                        o = Outcome.TIMEOUT;
                        break;
                    default:
                        violation(Violation.Kind.EXCEPTION, c.lifeId(), "application call failed: " + ex.getMessage());
                        o = Outcome.RESET;
                }
                release(e, c);
                finish(c, o);
            } catch (RuntimeException ex) {
                engineException(c.side, "application call", ex);
                finish(c, Outcome.RESET);
            }
        }
    }

    private void release(TcpEngine e, Conn c) {
        try {
            e.close(c.h, clk(c.side));
        } catch (TcpException ignored) {
            // already released by the engine (e.g. a lingering close that completed)
        }
    }

    private void client(TcpEngine e, Conn c) {
        Life l = c.life;
        long t = clk(C);
        if (c.lingering) {
            if (c.resetCause >= 0) {
                release(e, c);
                finish(c, timeoutCause(c.resetCause) ? Outcome.TIMEOUT : Outcome.RESET);
            } else if (c.lingerResult == 1) {
                finish(c, Outcome.COMPLETE);
            } else if (c.lingerResult == 0) {
                finish(c, Outcome.SELF_ABORT);
            }
            return;
        }
        int total = HEADER + l.reqLen;
        while (c.sent < total && !c.shut) {
            int n = Math.min(total - c.sent, wbuf.length);
            fill(l, 0, c.sent, wbuf, n);
            int w = e.send(c.h, wbuf, 0, n, t);
            if (w <= 0) break;
            c.sent += w;
            c.lastProgress = now;
        }
        if (c.sent == total && l.kind == CloseKind.HALF_CLOSE && !c.shut) {
            e.shutdownOutput(c.h, t);
            c.shut = true;
        }
        if (read(e, c, t)) return;
        if (l.kind.abortive() && l.aborterClient && c.connected && c.sent == total && c.got >= l.abortAt && !c.eof) {
            abortNow(e, c, l);
            return;
        }
        // a request/response client closes once connected and answered (a close in SYN_SENT would
        // discard the queued request, RFC 9293 §3.10.4)
        switch (l.kind) {
            case CLIENT_CLOSE:
                if (c.connected && c.sent == total && c.got == l.repLen || c.eof) {
                    e.close(c.h, t);
                    finish(c, Outcome.COMPLETE);
                }
                break;
            case LINGER_TIMEOUT:
                if (c.connected && c.sent == total && c.got == l.repLen || c.eof) {
                    e.setLinger(c.h, true, l.lingerNanos);
                    e.close(c.h, t);
                    c.lingering = true;
                    if (!e.isValid(c.h) && c.lingerResult < 0) {
                        // the close finished at once, without a linger outcome
                        finish(c, c.resetCause >= 0 ? Outcome.RESET : Outcome.SELF_ABORT);
                    } else if (c.lingerResult >= 0 || c.resetCause >= 0) {
                        mark(c);
                    }
                }
                break;
            default:
                if (c.eof) {
                    e.close(c.h, t);
                    finish(c, Outcome.COMPLETE);
                }
        }
    }

    private void server(TcpEngine e, Conn c) {
        long t = clk(S);
        if (read(e, c, t)) return;
        Life l = c.life;
        if (l == null || c.ghost) {
            if (c.eof) {
                if (l == null) violation(Violation.Kind.TRUNCATED, -1, "end of stream before a complete request header");
                e.close(c.h, t);
                finish(c, Outcome.COMPLETE);
            }
            return;
        }
        int reqTotal = HEADER + l.reqLen;
        if (l.kind.abortive() && !l.aborterClient && c.got >= l.abortAt) {
            abortNow(e, c, l);
            return;
        }
        if (c.got == reqTotal && (l.kind != CloseKind.HALF_CLOSE || c.eof)) {
            while (c.sent < l.repLen) {
                int n = Math.min(l.repLen - c.sent, wbuf.length);
                fill(l, 1, c.sent, wbuf, n);
                int w = e.send(c.h, wbuf, 0, n, t);
                if (w <= 0) break;
                c.sent += w;
                c.lastProgress = now;
            }
            if (c.sent == l.repLen) {
                boolean closeNow = l.kind == CloseKind.SERVER_CLOSE || l.kind == CloseKind.HALF_CLOSE || c.eof;
                if (closeNow) {
                    e.close(c.h, t);
                    finish(c, Outcome.COMPLETE);
                }
            }
        }
    }

    private void abortNow(TcpEngine e, Conn c, Life l) {
        long t = clk(c.side);
        if (l.kind == CloseKind.LINGER_ZERO) {
            e.setLinger(c.h, true, 0);
            e.close(c.h, t);
        } else {
            e.abort(c.h, t);
        }
        finish(c, Outcome.SELF_ABORT);
    }

    /** Read everything available and verify it; true when the connection ended while reading. */
    private boolean read(TcpEngine e, Conn c, long t) {
        if (c.eof) {
            if (c.resetCause >= 0 && c.life != null) {
                // a reset after end of stream: the peer aborted after its FIN (or a timer gave up)
                release(e, c);
                finish(c, timeoutCause(c.resetCause) ? Outcome.TIMEOUT : Outcome.RESET);
                return true;
            }
            return false;
        }
        while (true) {
            rbb.clear();
            rbb.limit(wbuf.length);
            int n = e.receive(c.h, rbb, t);
            if (n == 0) return false;
            c.lastProgress = now;
            if (n < 0) {
                c.eof = true;
                int expect = c.expected();
                if (expect >= 0 && c.got < expect && !c.broken) {
                    violation(Violation.Kind.TRUNCATED, c.lifeId(), (c.side == C ? "client" : "server") + " read end of stream after "
                            + c.got + " of " + expect + " octets");
                }
                return false;
            }
            if (cfg.deliveryFilter() != null) {
                n = cfg.deliveryFilter().filter(c.lifeId(), c.side == S, rbuf, n, c.life == null ? 0 : c.life.faultCount);
            }
            verify(c, n);
        }
    }

    private void verify(Conn c, int n) {
        int i = 0;
        if (c.side == S && c.life == null) {
            while (i < n && c.got < HEADER) c.hdr[c.got++] = rbuf[i++];
            if (c.got < HEADER) return;
            bind(c);
            if (c.life == null) return;
        }
        if (c.broken) {
            c.got += n - i;
            return;
        }
        Life l = c.life;
        int dir = c.side == C ? 1 : 0;
        int expect = c.expected();
        int k = c.got;
        for (; i < n; i++, k++) {
            if (k >= expect) {
                violation(Violation.Kind.EXCESS_BYTES, l.id, (c.side == C ? "client" : "server") + " read more than the "
                        + expect + " octets written (offset " + k + ")");
                c.broken = true;
                break;
            }
            byte want = pattern(l, dir, k);
            if (rbuf[i] != want) {
                violation(Violation.Kind.WRONG_BYTES, l.id, (c.side == C ? "client" : "server") + " read 0x"
                        + Integer.toHexString(rbuf[i] & 0xFF) + " at offset " + k + ", written was 0x" + Integer.toHexString(want & 0xFF));
                c.broken = true;
                break;
            }
        }
        c.got = k + (n - i);
    }

    /** The request header names the lifecycle; a header that does not check out is foreign data. */
    private void bind(Conn c) {
        byte[] h = c.hdr;
        int id = readInt(h, 0), req = readInt(h, 4), rep = readInt(h, 8), check = readInt(h, 12);
        Life l = id >= 0 ? recent[id & (recent.length - 1)] : null;
        if (l == null || l.id != id || check != headerCheck(id, req, rep) || req != l.reqLen || rep != l.repLen) {
            violation(Violation.Kind.WRONG_BYTES, l != null && l.id == id ? id : -1, "server read a request header that no client wrote");
            c.broken = true;
            c.ghost = true;
            c.life = l != null && l.id == id ? l : null;
            return;
        }
        c.life = l;
        if (l.sc != null || l.ended) {
            c.ghost = true; // the client already gave up on this lifecycle: a late connection
            return;
        }
        l.sc = c;
        if (traced == l) traced.sh = c.h;
    }

    private void finish(Conn c, Outcome o) {
        if (c.ended) return;
        c.ended = true;
        c.outcome = o;
        if (o == Outcome.APP_TIMEOUT) appTimeouts++;
        conns.get(c.side).remove(c.h);
        Life l = c.life;
        if (l == null || c.ghost) return;
        if (c.side == C) {
            l.clientEnded = true;
            l.clientOutcome = o;
        } else {
            l.serverOutcome = o;
        }
        if (c.side == C) l.clientEndedAt = now;
        if (l.clientEnded && (l.sc != null ? l.sc.ended : l.clientOutcome != Outcome.COMPLETE)) endLife(l);
    }

    /** Applications give up on connections that made no progress for the application timeout. */
    private void sweep() {
        List<Conn> give = new ArrayList<>();
        int w = 0;
        for (int i = 0; i < live.size(); i++) {
            Conn c = live.get(i);
            if (c.ended) continue;
            live.set(w++, c);
            TcpEngine e = eng[c.side];
            if (e != null && !c.lingering) {
                // acknowledgments of what it wrote are progress too (no onWritable once it shut down)
                try {
                    int u = e.unacknowledged(c.h);
                    if (u != c.unacked) {
                        c.unacked = u;
                        c.lastProgress = now;
                    }
                } catch (TcpException ignored) {
                    // released: the next call the application makes will say so
                }
            }
            if (now - c.lastProgress > cfg.appTimeoutNanos()) give.add(c);
        }
        live.subList(w, live.size()).clear();
        for (Conn c : give) {
            TcpEngine e = eng[c.side];
            if (DEBUG_TIMEOUTS && e != null) {
                System.err.println("DBG app timeout " + (c.side == C ? "client" : "server") + " lifecycle " + c.lifeId() + " "
                        + (c.life == null ? "" : c.life.kind) + " in " + e.state(c.h) + " " + e.view(c.h) + " got " + c.got + " sent " + c.sent + " next deadline in "
                        + (e.nextDeadline() - clk(c.side)) + "ns, timers " + e.pendingTimers() + ", clock " + clk(c.side) + " advancedTo " + advancedTo[c.side]);
            }
            if (e != null) {
                try {
                    e.abort(c.h, clk(c.side));
                } catch (TcpException ignored) {
                    // the handle may already be gone
                }
            }
            finish(c, Outcome.APP_TIMEOUT);
        }
        // a client that finished gracefully before the server read its request: the server gets one
        // application timeout to do so (it has the data), then the lifecycle ends without it
        for (int i = 0; i < active.size(); i++) {
            Life l = active.get(i);
            if (l.clientEnded && l.sc == null && now - l.clientEndedAt > cfg.appTimeoutNanos()) {
                endLife(l);
                i--;
            }
        }
        if (!live.isEmpty() || finishedLives < cfg.connections()) q.add(now + 5_000_000_000L, EV_SWEEP, 0, null);
    }

    private static boolean timeoutCause(int cause) {
        return cause == Cause.RETRANSMIT_TIMEOUT || cause == Cause.USER_TIMEOUT || cause == Cause.KEEPALIVE_TIMEOUT;
    }

    // ------------------------------------------------------------------------------------------------
    // end of run

    private void quiescence() {
        for (int side = 0; side < 2; side++) {
            TcpEngine e = eng[side];
            if (e == null) continue;
            String who = side == C ? "client" : "server";
            StringBuilder left = new StringBuilder();
            TcpStats st = e.stats();
            for (TcpState s : TcpState.values()) {
                long n = st.inState(s) - (side == S && s == TcpState.LISTEN ? 1 : 0);
                if (n != 0) left.append(' ').append(s).append('=').append(n);
            }
            if (left.length() > 0) violation(Violation.Kind.LEAK, -1, who + " engine still has connections after quiescence:" + left);
            if (e.connectionCount() != 0) violation(Violation.Kind.LEAK, -1, who + " connectionCount " + e.connectionCount());
            if (e.timeWaitCount() != 0) violation(Violation.Kind.LEAK, -1, who + " timeWaitCount " + e.timeWaitCount());
            if (e.pendingTimers() != baseline[side]) violation(Violation.Kind.LEAK, -1, who + " pending timers " + e.pendingTimers());
        }
        for (Conn c : live) {
            if (!c.ended) violation(Violation.Kind.STUCK, c.lifeId(), (c.side == C ? "client" : "server") + " application never finished");
        }
        if (finishedLives < cfg.connections() && violations.isEmpty()) {
            violation(Violation.Kind.STUCK, -1, "only " + finishedLives + " of " + cfg.connections() + " lifecycles finished");
        }
    }

    private void sample() {
        long[] cl = new long[TcpState.count()], sv = new long[TcpState.count()];
        if (eng[C] != null) System.arraycopy(eng[C].stats().inState, 0, cl, 0, cl.length);
        if (eng[S] != null) System.arraycopy(eng[S].stats().inState, 0, sv, 0, sv.length);
        samples.add(new StateSample(now, finishedLives, cl, sv));
    }

    private long retransmits() {
        long r = retransmitsDead;
        for (TcpEngine e : eng) if (e != null) r += e.stats().retransmits;
        return r;
    }

    private long rstSent() {
        long r = rstDead;
        for (TcpEngine e : eng) if (e != null) r += e.stats().rstOut;
        return r;
    }

    private Map<String, Long> drops() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < TcpStats.DROP_REASONS; i++) {
            long n = dropsDead[i];
            for (TcpEngine e : eng) if (e != null) n += e.stats().drops(i);
            if (n != 0) m.put(TcpStats.dropName(i), n);
        }
        for (int i = 1; i < DecodeResult.COUNT; i++) {
            long n = wireDead[i];
            for (TcpEngine e : eng) if (e != null) n += e.wireDrops().get(i);
            if (n != 0) m.put("wire:" + DecodeResult.tag(i), n);
        }
        return Collections.unmodifiableMap(m);
    }

    private void violation(Violation.Kind k, int life, String msg) {
        if (violations.size() < MAX_VIOLATIONS) violations.add(new Violation(k, life, now, msg));
    }

    private void engineException(int side, String where, RuntimeException ex) {
        StackTraceElement[] st = ex.getStackTrace();
        String at = st.length > 0 ? " at " + st[0] : "";
        violation(Violation.Kind.EXCEPTION, -1, (side == C ? "client" : "server") + " " + where + ": " + ex + at);
    }

    // ------------------------------------------------------------------------------------------------
    // octets

    static int headerCheck(int id, int req, int rep) {
        return (int) mix(0x5EED_C0DEL, (long) id << 32 | req & 0xFFFF_FFFFL, rep);
    }

    static byte pattern(Life l, int dir, int k) {
        long w = mix(l.streamKey, dir, k >>> 3);
        if (dir == 0 && k < HEADER) return l.header[k];
        return (byte) (w >>> ((k & 7) << 3));
    }

    static void fill(Life l, int dir, int off, byte[] out, int n) {
        int k = off;
        int i = 0;
        while (i < n && dir == 0 && k < HEADER) out[i++] = l.header[k++];
        while (i < n) {
            long w = mix(l.streamKey, dir, k >>> 3);
            int stop = Math.min(n, i + (8 - (k & 7)));
            for (; i < stop; i++, k++) out[i] = (byte) (w >>> ((k & 7) << 3));
        }
    }

    static int readInt(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | b[o + 3] & 0xFF;
    }

    static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L + c;
        z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
        return z ^ z >>> 31;
    }

    static double unit(long x) {
        return (x >>> 11) * 0x1.0p-53;
    }

    // ------------------------------------------------------------------------------------------------

    /** One lifecycle: its parameters (a function of the seed and its index alone) and its outcome. */
    static final class Life {
        final int id;
        final long streamKey;
        final int reqLen, repLen;
        final CloseKind kind;
        final boolean aborterClient;
        final int abortAt;
        final long lingerNanos;
        final long startDelay;
        final byte[] header = new byte[HEADER];
        final long[] pkts = new long[2];
        int port;
        Conn cc, sc;
        long sh = -1;
        boolean clientEnded, ended, faulted;
        long clientEndedAt;
        int faultCount;
        Outcome clientOutcome, serverOutcome;

        Life(int id, long seed, SimConfig cfg) {
            this.id = id;
            SplittableRandom r = new SplittableRandom(seed);
            streamKey = r.nextLong();
            reqLen = cfg.requestMin() + r.nextInt(cfg.requestMax() - cfg.requestMin() + 1);
            repLen = cfg.replyMin() + r.nextInt(cfg.replyMax() - cfg.replyMin() + 1);
            kind = cfg.closeMix().pick(r.nextDouble());
            aborterClient = r.nextBoolean();
            abortAt = aborterClient ? r.nextInt(repLen + 1) : HEADER + r.nextInt(reqLen + 1);
            // linger timeouts from 1 ms to about 3 s, log-uniform: some shorter than a round trip
            lingerNanos = (long) (1e6 * Math.pow(3000, r.nextDouble()));
            startDelay = r.nextLong(1_000_000L);
            int check = headerCheck(id, reqLen, repLen);
            int[] w = {id, reqLen, repLen, check};
            for (int i = 0; i < 4; i++) {
                header[4 * i] = (byte) (w[i] >>> 24);
                header[4 * i + 1] = (byte) (w[i] >>> 16);
                header[4 * i + 2] = (byte) (w[i] >>> 8);
                header[4 * i + 3] = (byte) w[i];
            }
        }
    }

    private long serials;

    /** One application's connection (client, or server after accept). */
    final class Conn {
        final int side;
        final long h;
        final long serial = serials++;
        Life life;
        int sent, got;
        boolean eof, shut, lingering, connected, ended, dirty, broken, ghost;
        int resetCause = -1, lingerResult = -1, unacked;
        long lastProgress = now;
        Outcome outcome;
        final byte[] hdr;

        Conn(int side, long h, Life life) {
            this.side = side;
            this.h = h;
            this.life = life;
            this.hdr = side == S ? new byte[HEADER] : null;
        }

        int lifeId() {
            return life == null ? -1 : life.id;
        }

        /** Octets the peer writes on this connection, -1 while unknown. */
        int expected() {
            if (life == null) return -1;
            return side == C ? life.repLen : HEADER + life.reqLen;
        }
    }

    /** Engine events: recorded, and the application marked to run once the engine call returns. */
    private final class Events implements TcpEventListener {
        private final int side;

        Events(int side) {
            this.side = side;
        }

        private Conn conn(long h) {
            return conns.get(side).get(h);
        }

        @Override
        public void onStateChange(long handle, TcpState from, TcpState to, int cause) {
            if (side == C && to == TcpState.CLOSED && !waitingPort.isEmpty()) wakePortWaiter();
            if (traced == null) return;
            boolean mine;
            if (side == C) {
                if (connecting == traced && from == TcpState.CLOSED) tracedClientHandle = handle;
                mine = handle == tracedClientHandle;
            } else {
                if (traced.sh == -1 && from == TcpState.CLOSED && to == TcpState.SYN_RECEIVED && traced.port != 0
                        && eng[S] != null && eng[S].tuple(handle).remote().port() == traced.port) {
                    traced.sh = handle;
                }
                mine = traced.sh == handle;
            }
            if (mine) trace.add(TraceEvent.state(now, side == C, from, to, Cause.name(cause)));
        }

        @Override
        public void onAcceptable(long listenerHandle, long handle) {
            acceptPending = true;
        }

        @Override
        public void onConnected(long handle) {
            Conn c = conn(handle);
            if (c != null) {
                c.connected = true;
                mark(c);
            }
        }

        @Override
        public void onReadable(long handle, int available) {
            Conn c = conn(handle);
            if (c != null) mark(c);
        }

        @Override
        public void onWritable(long handle, int space) {
            Conn c = conn(handle);
            if (c != null) {
                c.lastProgress = now;
                mark(c);
            }
        }

        @Override
        public void onPeerClosed(long handle) {
            Conn c = conn(handle);
            if (c != null) mark(c);
        }

        @Override
        public void onReset(long handle, int cause) {
            Conn c = conn(handle);
            if (c != null) {
                c.resetCause = cause;
                mark(c);
            }
        }

        @Override
        public void onLingerResult(long handle, boolean done) {
            Conn c = conn(handle);
            if (c != null) {
                c.lingerResult = done ? 1 : 0;
                mark(c);
            }
        }

        @Override
        public void onClosed(long handle, int cause) {
            Conn c = conn(handle);
            if (c != null) mark(c);
        }
    }

    private long tracedClientHandle = -2;
    static final int DEBUG_PORT = Integer.getInteger("sim.debugPort", -1);
    static final boolean DEBUG_TIMEOUTS = Boolean.getBoolean("sim.debugTimeouts");
}
