package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.IsnGenerator;

/**
 * One engine and a scripted peer: inject a segment, expect exactly these segments, expect this state.
 * Our side is 192.0.2.1:80 (or an ephemeral port when it connects), the peer 192.0.2.2:40000; our ISS
 * is 20001 unless the test says otherwise. Time is manual, in milliseconds.
 */
final class Rig implements TcpEventListener {
    static final Endpoint LOCAL = Endpoint.v4("192.0.2.1", 80);
    static final Endpoint REMOTE = Endpoint.v4("192.0.2.2", 40000);
    static final int ISS = 20001;

    final TcpConfig cfg;
    final TcpEngine engine;
    final ArrayDeque<Segment> out = new ArrayDeque<>();
    final List<String> events = new ArrayList<>();
    final List<TcpState> states = new ArrayList<>();
    long nowMs;
    int localPort = LOCAL.port();

    Rig() {
        this(TcpConfig.rfc().timestamps(false).windowScale(-1).buffers(32768, 32768));
    }

    Rig(TcpConfig cfg) {
        this.cfg = cfg;
        if (cfg.isnIsDefault()) cfg.isn(IsnGenerator.fixed(ISS)); // the default has a random key
        if (cfg.timers == null) cfg.timers(org.tcplifecycle.timers.HeapTimerService::new); // exact instants
        this.engine = new TcpEngine(cfg, s -> out.add(s.deepCopy()), this);
    }

    long now() {
        return nowMs * 1_000_000L;
    }

    // --- our side, through the API
    long listen() {
        return engine.listen(LOCAL, 8);
    }

    long connect() {
        return engine.connect(LOCAL, REMOTE, now());
    }

    /** Listener + the peer's SYN + our SYN-ACK + the peer's ACK: an accepted ESTABLISHED connection. */
    long established(int peerIss) {
        long l = listen();
        in(seg("S", peerIss, 0));
        expect("S.", ISS, peerIss + 1);
        in(seg(".", peerIss + 1, ISS + 1));
        noOutput();
        long h = engine.accept(l);
        assertThat(engine.state(h)).isEqualTo(TcpState.ESTABLISHED);
        return h;
    }

    // --- the peer
    Segment seg(String flags, int seq, int ack) {
        Segment s = new Segment();
        s.ipv6 = false;
        s.srcLo = REMOTE.lo();
        s.dstLo = LOCAL.lo();
        s.srcPort = REMOTE.port();
        s.dstPort = localPort;
        s.seq = seq;
        s.ack = ack;
        s.flags = flags(flags);
        s.window = 65535;
        return s;
    }

    Segment data(String flags, int seq, int ack, String text) {
        Segment s = seg(flags, seq, ack);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        s.payload = ByteBuffer.wrap(b);
        s.payloadOffset = 0;
        s.payloadLength = b.length;
        return s;
    }

    static int flags(String f) {
        int v = 0;
        for (char c : f.toCharArray()) {
            switch (c) {
                case 'S': v |= TcpFlags.SYN; break;
                case 'F': v |= TcpFlags.FIN; break;
                case 'R': v |= TcpFlags.RST; break;
                case 'P': v |= TcpFlags.PSH; break;
                case '.': v |= TcpFlags.ACK; break;
                case 'U': v |= TcpFlags.URG; break;
                default: throw new IllegalArgumentException("flag " + c);
            }
        }
        return v;
    }

    void in(Segment s) {
        engine.onSegment(s, now());
    }

    void advanceMs(long ms) {
        nowMs += ms;
        engine.advance(now());
    }

    /** The next segment we sent: flags (tcpdump style, PSH ignored unless given), seq, ack. */
    Segment expect(String flags, int seq, int ack) {
        assertThat(out).as("expected %s seq=%d ack=%d, but nothing was sent", flags, seq, ack).isNotEmpty();
        Segment s = out.poll();
        int want = flags(flags);
        int got = flags.indexOf('P') >= 0 ? s.flags : s.flags & ~TcpFlags.PSH;
        assertThat(TcpFlags.str(got)).as("flags of %s", s).isEqualTo(TcpFlags.str(want));
        assertThat(s.seq).as("seq of %s", s).isEqualTo(seq);
        if ((want & TcpFlags.ACK) != 0) assertThat(s.ack).as("ack of %s", s).isEqualTo(ack);
        return s;
    }

    Segment expectData(String flags, int seq, int ack, String text) {
        Segment s = expect(flags, seq, ack);
        assertThat(new String(s.payloadBytes(), StandardCharsets.US_ASCII)).isEqualTo(text);
        return s;
    }

    void noOutput() {
        assertThat(out).as("nothing more should have been sent").isEmpty();
    }

    String read(long h) {
        ByteBuffer b = ByteBuffer.allocate(65536);
        int n = engine.receive(h, b, now());
        if (n < 0) return null;
        b.flip();
        return StandardCharsets.US_ASCII.decode(b).toString();
    }

    int write(long h, String text) {
        return engine.send(h, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), now());
    }

    /** A segment from the peer advertising {@code window}. */
    Segment seg(String flags, int seq, int ack, int window) {
        Segment s = seg(flags, seq, ack);
        s.window = window;
        return s;
    }

    Segment data(String flags, int seq, int ack, String text, int window) {
        Segment s = data(flags, seq, ack, text);
        s.window = window;
        return s;
    }

    @Override
    public void onStateChange(long handle, TcpState from, TcpState to, int cause) {
        states.add(to);
        events.add(from + "->" + to);
    }

    @Override
    public void onReset(long handle, int cause) {
        events.add("reset:" + org.tcplifecycle.api.Cause.name(cause));
    }

    @Override
    public void onPeerClosed(long handle) {
        events.add("peer-closed");
    }

    @Override
    public void onLingerResult(long handle, boolean completed) {
        events.add("linger:" + completed);
    }

    @Override
    public void onClosed(long handle, int cause) {
        events.add("closed:" + org.tcplifecycle.api.Cause.name(cause));
    }
}
