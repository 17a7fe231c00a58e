package org.tcplifecycle.tun;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.TcpEngine;

/**
 * A client on an engine shard: connects, sends a number of bytes, reads what comes back, and ends the
 * connection in a {@link CloseMode}:
 * <ul>
 * <li>{@code GRACEFUL}: close() once everything is queued and the expected bytes have been read;</li>
 * <li>{@code HALF}: shutdownOutput() once everything is queued, then read until the peer's FIN;</li>
 * <li>{@code LINGER0}: as graceful, but with SO_LINGER 0, so the close is a RST.</li>
 * </ul>
 * The run is over when the connection is CLOSED, or reaches TIME_WAIT (unless asked to wait it out);
 * then {@code onDone} runs on the loop thread (typically stopping the loop). The bytes sent are
 * {@code i & 0xFF} for the i-th byte.
 */
public final class BulkClient implements EngineHandler.Application {
    private final Endpoint local;
    private final Endpoint remote;
    private final long sendBytes;
    private final long expectBytes;
    private final CloseMode mode;
    private final Runnable onDone;
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    private boolean waitTimeWait;
    private EngineHandler shard;
    private TcpEngine engine;
    private long handle = TcpEngine.NO_HANDLE;
    private boolean owned; // the handle is still ours to release
    private boolean closeIssued;
    private boolean eof;
    private long sent;
    private long received;
    private int resetCause = Cause.NONE;
    private TcpState finalState;
    private boolean done;

    /**
     * @param local       our address; port 0 takes an ephemeral port
     * @param expectBytes bytes to read before a graceful or linger-0 close (0 for a peer that sends nothing)
     * @param onDone      run once on the loop thread when the connection is over
     */
    public BulkClient(Endpoint local, Endpoint remote, long sendBytes, long expectBytes, CloseMode mode, Runnable onDone) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        if (sendBytes < 0 || expectBytes < 0) throw new IllegalArgumentException("negative byte count");
        this.sendBytes = sendBytes;
        this.expectBytes = expectBytes;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.onDone = onDone == null ? () -> { } : onDone;
    }

    /** Stay until TIME_WAIT has run out instead of finishing when it starts. */
    public BulkClient waitTimeWait(boolean v) {
        waitTimeWait = v;
        return this;
    }

    @Override
    public void onStart(EngineHandler s) {
        shard = s;
        engine = s.engine();
        handle = engine.connect(local, remote, s.now());
        owned = true;
    }

    @Override
    public void onConnected(long h) {
        if (h == handle) pump();
    }

    @Override
    public void onWritable(long h, int space) {
        if (h == handle) pump();
    }

    @Override
    public void onReadable(long h, int available) {
        if (h == handle) pump();
    }

    @Override
    public void onPeerClosed(long h) {
        if (h == handle) pump();
    }

    @Override
    public void onReset(long h, int cause) {
        if (h != handle) return;
        resetCause = cause;
        release();
    }

    @Override
    public void onStateChange(long h, TcpState from, TcpState to, int cause) {
        if (h != handle) return;
        if (to == TcpState.CLOSED || to == TcpState.TIME_WAIT && !waitTimeWait) finish(to);
    }

    private void pump() {
        if (!owned) return;
        long now = shard.now();
        try {
            TcpState st = engine.state(handle);
            if (st == TcpState.SYN_SENT) return;
            while (sent < sendBytes && !closeIssued) {
                int n = (int) Math.min(scratch.capacity(), sendBytes - sent);
                scratch.clear().limit(n);
                for (int i = 0; i < n; i++) scratch.put(i, (byte) (sent + i));
                int k = engine.send(handle, scratch, now);
                sent += k;
                if (k < n) break; // buffer full: onWritable resumes
            }
            int r;
            do {
                scratch.clear();
                r = engine.receive(handle, scratch, now);
                if (r > 0) received += r;
            } while (r > 0);
            if (r < 0) eof = true;
            if (sent < sendBytes) return;
            if (mode == CloseMode.HALF) {
                if (!closeIssued) {
                    closeIssued = true;
                    engine.shutdownOutput(handle, now);
                }
                if (eof) release();
            } else if (!closeIssued && (received >= expectBytes || eof)) {
                closeIssued = true;
                if (mode == CloseMode.LINGER0) engine.setLinger(handle, true, 0);
                owned = false;
                engine.close(handle, now);
            }
        } catch (TcpException e) {
            release();
        }
    }

    private void release() {
        if (!owned) return;
        owned = false;
        try {
            engine.close(handle, shard.now());
        } catch (TcpException e) {
            // gone already
        }
    }

    private void finish(TcpState state) {
        if (done) return;
        done = true;
        finalState = state;
        onDone.run();
    }

    public long handle() {
        return handle;
    }

    public long sent() {
        return sent;
    }

    public long received() {
        return received;
    }

    /** Whether the peer's FIN was read (end of stream). */
    public boolean endOfStream() {
        return eof;
    }

    /** The reset reported by the engine ({@link Cause#RST_RECEIVED}, {@link Cause#REFUSED}, a timeout), or NONE. */
    public int resetCause() {
        return resetCause;
    }

    /** CLOSED or TIME_WAIT once done, else null. */
    public TcpState finalState() {
        return finalState;
    }

    public boolean isDone() {
        return done;
    }

    /**
     * The run went as asked: no reset from the peer or a timer, everything sent, the expected bytes read
     * (for a half close: up to the peer's FIN).
     */
    public boolean succeeded() {
        return done && resetCause == Cause.NONE && sent == sendBytes && received >= expectBytes
                && (mode != CloseMode.HALF || eof);
    }
}
