package org.tcplifecycle.tun;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.PacketEncoder;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.wire.OptionLayout;

/**
 * One engine shard behind a {@link TunEventLoop}: packets from the device go to
 * {@link TcpEngine#onPacket}, the engine's segments are encoded as IP packets ({@link PacketEncoder}) and
 * written to the device, and the loop's polls run {@link TcpEngine#advance} with the real clock.
 *
 * <p>The {@link Application} runs on the same thread. Engine events are queued while the engine works and
 * delivered to the application (and the optional observer) right after each engine call returns, in
 * the order they happened; so from every callback, {@code onStateChange} included, the application may
 * call the engine — accept, send, receive, close, abort — with {@link #now()} as the time. Nothing
 * else may call the engine while the loop runs.
 *
 * <p>Per packet nothing is allocated: the receive path decodes in place, the transmit path encodes into
 * one direct buffer, and events travel as longs.
 *
 * <p>Put an {@link IcmpEcho} in front ({@code new IcmpEcho(handler)}) to answer pings as well.
 */
public final class EngineHandler implements PacketHandler {

    /** The program using the shard: listens or connects in {@link #onStart}, then reacts to events. */
    public interface Application extends TcpEventListener {
        /** Once, on the loop thread, before the first packet is handled: listen or connect here. */
        void onStart(EngineHandler shard);
    }

    private final TcpEngine engine;
    private final Application app;
    private final EventQueue queue = new EventQueue();
    private final Recorder recorder = new Recorder();
    private TcpEventListener observer = TcpEventListener.NONE;
    private PacketOutput out;
    private ByteBuffer encoded; // the encoder's buffer
    private ByteBuffer view; // a duplicate of it whose position and limit frame one packet
    private long now;
    private boolean started;
    private long packetsDropped;

    public EngineHandler(TcpConfig config, Application app) {
        this(config, app, 1024);
    }

    public EngineHandler(TcpConfig config, Application app, int expectedConnections) {
        this.app = Objects.requireNonNull(app, "app");
        PacketEncoder encoder = new PacketEncoder(this::emit, OptionLayout.LINUX, true);
        this.engine = new TcpEngine(config, encoder, recorder, expectedConnections);
    }

    /** Also tell {@code l} every event, just before the application (for logs and tests). */
    public EngineHandler observe(TcpEventListener l) {
        observer = l == null ? TcpEventListener.NONE : l;
        return this;
    }

    /** The engine; call it only on the loop thread (from the application's callbacks). */
    public TcpEngine engine() {
        return engine;
    }

    /** The clock reading of the current step: the time to pass to engine calls from callbacks. */
    public long now() {
        return now;
    }

    /** Segments the engine produced before the handler was attached (none in normal use). */
    public long packetsDropped() {
        return packetsDropped;
    }

    @Override
    public void attach(PacketOutput output) {
        this.out = output;
    }

    @Override
    public void onPacket(ByteBuffer ipPacket, long nowNanos) {
        now = nowNanos;
        start();
        engine.onPacket(ipPacket, ipPacket.position(), ipPacket.remaining(), nowNanos);
        deliver();
    }

    @Override
    public long poll(long nowNanos) {
        now = nowNanos;
        start();
        engine.advance(nowNanos);
        deliver();
        // callbacks may have sent data or closed connections: ask again rather than trust advance()
        return engine.nextDeadline();
    }

    private void start() {
        if (started) return;
        started = true;
        app.onStart(this);
        deliver();
    }

    private void emit(ByteBuffer packet, int offset, int length) {
        if (out == null) {
            packetsDropped++;
            return;
        }
        if (packet != encoded) {
            encoded = packet;
            view = packet.duplicate();
        }
        view.limit(offset + length).position(offset);
        out.write(view);
    }

    /** Hand queued events to the observer and the application; callbacks may queue more. */
    private void deliver() {
        EventQueue q = queue;
        while (!q.isEmpty()) {
            int kind = q.kind();
            long h = q.handle();
            long a = q.a();
            long b = q.b();
            q.pop();
            dispatch(observer, kind, h, a, b);
            dispatch(app, kind, h, a, b);
        }
    }

    private static void dispatch(TcpEventListener l, int kind, long h, long a, long b) {
        switch (kind) {
            case EventQueue.STATE:
                l.onStateChange(h, TcpState.of((int) a >>> 8), TcpState.of((int) a & 0xFF), (int) b);
                break;
            case EventQueue.ACCEPTABLE:
                l.onAcceptable(a, h);
                break;
            case EventQueue.CONNECTED:
                l.onConnected(h);
                break;
            case EventQueue.READABLE:
                l.onReadable(h, (int) a);
                break;
            case EventQueue.WRITABLE:
                l.onWritable(h, (int) a);
                break;
            case EventQueue.PEER_CLOSED:
                l.onPeerClosed(h);
                break;
            case EventQueue.RESET:
                l.onReset(h, (int) a);
                break;
            case EventQueue.LINGER:
                l.onLingerResult(h, a != 0);
                break;
            case EventQueue.CLOSED:
                l.onClosed(h, (int) a);
                break;
            default:
                throw new IllegalStateException("event kind " + kind);
        }
    }

    /** The engine's listener: records, never calls back (the engine is mid-call). */
    private final class Recorder implements TcpEventListener {
        @Override
        public void onStateChange(long handle, TcpState from, TcpState to, int cause) {
            queue.add(EventQueue.STATE, handle, from.ordinal() << 8 | to.ordinal(), cause);
        }

        @Override
        public void onAcceptable(long listenerHandle, long handle) {
            queue.add(EventQueue.ACCEPTABLE, handle, listenerHandle, 0);
        }

        @Override
        public void onConnected(long handle) {
            queue.add(EventQueue.CONNECTED, handle, 0, 0);
        }

        @Override
        public void onReadable(long handle, int available) {
            queue.add(EventQueue.READABLE, handle, available, 0);
        }

        @Override
        public void onWritable(long handle, int space) {
            queue.add(EventQueue.WRITABLE, handle, space, 0);
        }

        @Override
        public void onPeerClosed(long handle) {
            queue.add(EventQueue.PEER_CLOSED, handle, 0, 0);
        }

        @Override
        public void onReset(long handle, int cause) {
            queue.add(EventQueue.RESET, handle, cause, 0);
        }

        @Override
        public void onLingerResult(long handle, boolean completed) {
            queue.add(EventQueue.LINGER, handle, completed ? 1 : 0, 0);
        }

        @Override
        public void onClosed(long handle, int cause) {
            queue.add(EventQueue.CLOSED, handle, cause, 0);
        }
    }
}
