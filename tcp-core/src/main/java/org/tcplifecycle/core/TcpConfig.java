package org.tcplifecycle.core;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.tcplifecycle.api.policy.ClosePolicy;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.api.policy.KeepalivePolicy;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;
import org.tcplifecycle.api.policy.SynCookiePolicy;
import org.tcplifecycle.api.policy.TimeWaitCapPolicy;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.api.policy.TimeWaitReusePolicy;
import org.tcplifecycle.api.policy.TimeWaitRstPolicy;
import org.tcplifecycle.api.policy.TimeWaitSynPolicy;
import org.tcplifecycle.api.policy.TimerService;
import org.tcplifecycle.linger.Rfc6528Isn;

/**
 * Everything an engine shard is configured with: sizes, TCP options it offers, and the policies. A
 * plain mutable object with fluent setters; the engine copies what it needs at construction.
 * {@link #rfc()} gives RFC defaults, {@link #linux()} the Linux-like profile.
 */
public final class TcpConfig {
    /** Our MSS (what we announce and the largest segment we send). */
    public int mss = 1460;
    /** Per-connection buffer sizes (powers of two); buffers are allocated only while they hold data. */
    public int sendBufferSize = 64 * 1024;
    public int receiveBufferSize = 64 * 1024;
    /** Window scale we offer (RFC 7323); -1 = do not offer. */
    public int windowScale = 7;
    public boolean timestamps = true;
    /** With timestamps negotiated, drop non-RST segments that carry none (RFC 7323 §3.2); Linux accepts them. */
    public boolean requireTimestamps = true;
    /** Offer SACK-permitted on SYNs. SACK blocks themselves are not used by this engine. */
    public boolean sackPermitted = false;
    /** Default backlog for listen() when the caller passes 0. */
    public int defaultBacklog = 128;
    /** Send RST with the ACK bit when aborting (Linux does; RFC 9293's abort sends a bare RST). */
    public boolean abortRstWithAck = false;
    /** Closing a listener resets the connections it has not yet handed to the application (Linux). */
    public boolean resetUnacceptedOnListenerClose = true;
    /** Challenge ACKs (RFC 5961 §7) per second per engine; 0 = unlimited. */
    public int challengeAckLimitPerSecond = 1000;
    /** First ephemeral port and last (inclusive): Linux's ip_local_port_range default. */
    public int ephemeralFirst = 32768;
    public int ephemeralLast = 60999;
    /** RFC 5482 user timeout: abort when data stays unacknowledged this long; 0 = off. */
    public long userTimeoutNanos = 0;
    /** Verify TCP checksums of raw packets fed to {@code onPacket} (off for Linux loopback captures). */
    public boolean verifyChecksums = true;
    /** Timestamp clock tick for TSval (RFC 7323 §5.4 suggests 1 ms to 1 s). */
    public long tsTickNanos = TimeUnit.MILLISECONDS.toNanos(1);

    // Linux behaviours that differ from the RFC text, as switches (all off in rfc(), on in linuxPacketdrill())
    /**
     * Tail loss probe (RFC 8985 §7, Linux TLP): when new data or a FIN goes out, a probe timer is set
     * at 2·SRTT (+200 ms when one segment is in flight, +2 ms otherwise; 1 s without an RTT sample), never
     * later than the RTO; when it fires the last segment in flight is sent again without backing off,
     * and the RTO restarts from there. Only with SACK negotiated, as Linux requires.
     */
    public boolean tailLossProbe = false;
    /** SHUT_RD discards queued and later data (true), or only makes an empty read report end of stream (Linux). */
    public boolean shutdownReadDiscards = true;
    /** A RST sent by a connection that negotiated timestamps carries TSopt (RFC 7323 §3.2 SHOULD; Linux does). */
    public boolean timestampsOnRst = false;
    /** An ACK of data never sent is dropped without reply (Linux) instead of answered with an ACK (RFC 9293, RFC 5961 §5.2). */
    public boolean silentDropAckOfUnsent = false;
    /** TS.Recent is taken from a segment only once its ACK was accepted (Linux), not at the sequence check (RFC 7323 §4.3). */
    public boolean tsRecentAfterAck = false;
    /**
     * Data arriving after close() (with {@link OrphanPolicy#resetOnData()}) is answered as Linux does: the
     * connection is dropped and the RST is built from the segment (&lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;), not
     * from the connection's SND.NXT.
     */
    public boolean orphanDataRstFromSegment = false;
    /**
     * After a read, a window update goes out only when the window at least doubles (Linux), instead of when
     * it opens by an MSS or half the buffer (RFC 9293 §3.8.6.2.2 receiver SWS avoidance).
     */
    public boolean windowUpdateWhenDoubled = false;

    public TimeWaitPolicy timeWait = TimeWaitPolicy.twoMsl(TimeUnit.SECONDS.toNanos(30));
    public TimeWaitCapPolicy timeWaitCap = TimeWaitCapPolicy.UNLIMITED;
    public TimeWaitSynPolicy timeWaitSyn = TimeWaitSynPolicy.RFC6191;
    public TimeWaitRstPolicy timeWaitRst = TimeWaitRstPolicy.RFC1337;
    public TimeWaitReusePolicy timeWaitReuse = TimeWaitReusePolicy.NEVER;
    public RetransmissionPolicy retransmission = RetransmissionPolicy.RFC6298;
    public ClosePolicy close = ClosePolicy.RFC2525;
    public OrphanPolicy orphan = OrphanPolicy.RFC9293;
    public KeepalivePolicy keepalive = KeepalivePolicy.OFF;
    public ResetPolicy reset = ResetPolicy.RFC5961;
    /** RFC 6528 (clock + keyed SipHash of the 4-tuple, a fresh SecureRandom key per configuration). */
    public IsnGenerator isn = new Rfc6528Isn();
    /** SYN cookies (RFC 4987): off by default, as RFC 9293; see {@link SynCookiePolicy}. */
    public SynCookiePolicy synCookies = SynCookiePolicy.OFF;
    /** Key of the cookie hash; both 0 (default) draws a random key per engine from SecureRandom. */
    public long synCookieKey0, synCookieKey1;
    private final IsnGenerator defaultIsn = isn;
    /**
     * Makes the engine's timer service (each engine gets its own). Null: a {@link
     * org.tcplifecycle.timers.TimingWheel} with a 1 ms tick, which never fires early and may fire late
     * by up to about 1/8 of a timer's delay (as Linux's timer wheel). Scripted tests that assert exact
     * instants use {@link org.tcplifecycle.timers.HeapTimerService}, which fires exactly on time.
     */
    public Supplier<TimerService> timers;

    /** RFC defaults: MSL 30 s (TIME_WAIT 60 s), RFC 6298 RTO, RFC 5961, RFC 1337, RFC 2525, RFC 6528 ISNs. */
    public static TcpConfig rfc() {
        return new TcpConfig();
    }

    /**
     * Linux-like: TIME_WAIT 60 s fixed, RTO minimum 200 ms, RST on data after close, FIN_WAIT_2 timeout
     * 60 s, RST in TIME_WAIT kills it (tcp_rfc1337=0), RST+ACK on abort, window scale 7.
     */
    public static TcpConfig linux() {
        TcpConfig c = new TcpConfig();
        c.timeWait = TimeWaitPolicy.LINUX;
        c.retransmission = RetransmissionPolicy.LINUX;
        c.orphan = OrphanPolicy.LINUX;
        c.timeWaitRst = TimeWaitRstPolicy.RFC793;
        c.abortRstWithAck = true;
        c.requireTimestamps = false;
        c.sackPermitted = true;
        return c;
    }

    /**
     * The Linux defaults that packetdrill scripts assume (net.ipv4 defaults with tcp_rmem max 15 MB):
     * {@link #linux()} plus window scale 8, TSopt on RST, tail loss probes, SHUT_RD that keeps receiving,
     * silent drop of ACKs for unsent data, TS.Recent after the ACK check, the RST for data after close
     * built from the segment, and window updates only when the window doubles.
     */
    public static TcpConfig linuxPacketdrill() {
        TcpConfig c = linux();
        c.windowScale = 8;
        c.tailLossProbe = true;
        c.shutdownReadDiscards = false;
        c.timestampsOnRst = true;
        c.silentDropAckOfUnsent = true;
        c.tsRecentAfterAck = true;
        c.orphanDataRstFromSegment = true;
        c.windowUpdateWhenDoubled = true;
        return c;
    }

    public TcpConfig mss(int v) {
        mss = v;
        return this;
    }

    public TcpConfig buffers(int send, int receive) {
        sendBufferSize = send;
        receiveBufferSize = receive;
        return this;
    }

    public TcpConfig windowScale(int v) {
        windowScale = v;
        return this;
    }

    public TcpConfig timestamps(boolean v) {
        timestamps = v;
        return this;
    }

    public TcpConfig timeWait(TimeWaitPolicy v) {
        timeWait = v;
        return this;
    }

    public TcpConfig timeWaitCap(TimeWaitCapPolicy v) {
        timeWaitCap = v;
        return this;
    }

    public TcpConfig timeWaitSyn(TimeWaitSynPolicy v) {
        timeWaitSyn = v;
        return this;
    }

    public TcpConfig timeWaitRst(TimeWaitRstPolicy v) {
        timeWaitRst = v;
        return this;
    }

    public TcpConfig timeWaitReuse(TimeWaitReusePolicy v) {
        timeWaitReuse = v;
        return this;
    }

    public TcpConfig retransmission(RetransmissionPolicy v) {
        retransmission = v;
        return this;
    }

    public TcpConfig close(ClosePolicy v) {
        close = v;
        return this;
    }

    public TcpConfig orphan(OrphanPolicy v) {
        orphan = v;
        return this;
    }

    public TcpConfig keepalive(KeepalivePolicy v) {
        keepalive = v;
        return this;
    }

    public TcpConfig reset(ResetPolicy v) {
        reset = v;
        return this;
    }

    public TcpConfig synCookies(SynCookiePolicy v) {
        synCookies = v;
        return this;
    }

    /** True while {@link #isn} is still the default RFC 6528 generator this configuration was made with. */
    public boolean isnIsDefault() {
        return isn == defaultIsn;
    }

    public TcpConfig isn(IsnGenerator v) {
        isn = v;
        return this;
    }

    public TcpConfig timers(Supplier<TimerService> v) {
        timers = v;
        return this;
    }

    public TcpConfig userTimeout(long nanos) {
        userTimeoutNanos = nanos;
        return this;
    }

    public TcpConfig challengeAckLimit(int perSecond) {
        challengeAckLimitPerSecond = perSecond;
        return this;
    }

    public TcpConfig backlog(int v) {
        defaultBacklog = v;
        return this;
    }

    void validate() {
        if (Integer.bitCount(sendBufferSize) != 1 || Integer.bitCount(receiveBufferSize) != 1)
            throw new IllegalArgumentException("buffer sizes must be powers of two");
        if (mss < 64 || mss > 65495) throw new IllegalArgumentException("mss out of range: " + mss);
        if (windowScale > 14) throw new IllegalArgumentException("window scale > 14");
        if (ephemeralFirst < 1 || ephemeralLast > 65535 || ephemeralFirst > ephemeralLast)
            throw new IllegalArgumentException("bad ephemeral port range");
    }
}
