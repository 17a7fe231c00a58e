package org.tcplifecycle.tun;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.core.TcpEngine;

/**
 * A TCP echo server on an engine shard: listens on one endpoint, accepts every connection and sends back
 * what it reads. By default a connection ends when the peer closes: end of stream is read, everything
 * is echoed, and the server closes (passive close: CLOSE_WAIT, LAST_ACK). With {@link #closeAfter} the
 * server ends it first once it has echoed that many bytes, in the given {@link CloseMode}; after a half
 * close it goes on reading (and counting, no longer echoing) until the peer's FIN.
 *
 * <p>Reading never takes more than the send buffer has room for, so nothing waits in the application: a
 * full send buffer stops the reads, the receive window closes, and the peer is flow-controlled.
 */
public final class EchoServer implements EngineHandler.Application {
    private final Endpoint local;
    private final int backlog;
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    // by the handle's slot (its low 32 bits): no boxing per event, stale handles are told apart by the full value
    private Conn[] bySlot = new Conn[64];
    private int open;
    private long closeAfter = -1;
    private CloseMode closeMode = CloseMode.GRACEFUL;
    private EngineHandler shard;
    private TcpEngine engine;
    private long listener = TcpEngine.NO_HANDLE;
    private long accepted;
    private long echoed;
    private long readAfterShutdown;

    private static final class Conn {
        final long handle;
        long echoed;
        long readAfterShutdown;
        boolean outputDone;

        Conn(long handle) {
            this.handle = handle;
        }
    }

    private Conn conn(long h) {
        int s = (int) h;
        if (s < 0 || s >= bySlot.length) return null;
        Conn c = bySlot[s];
        return c != null && c.handle == h ? c : null;
    }

    private void add(long h) {
        int s = (int) h;
        if (s >= bySlot.length) bySlot = Arrays.copyOf(bySlot, Math.max(s + 1, bySlot.length * 2));
        bySlot[s] = new Conn(h);
        open++;
    }

    private boolean remove(long h) {
        if (conn(h) == null) return false;
        bySlot[(int) h] = null;
        open--;
        return true;
    }

    public EchoServer(Endpoint local, int backlog) {
        this.local = Objects.requireNonNull(local, "local");
        this.backlog = backlog;
    }

    /** End each connection from this side after echoing {@code bytes} (0: as soon as it is accepted). */
    public EchoServer closeAfter(long bytes, CloseMode mode) {
        if (bytes < 0) throw new IllegalArgumentException("bytes < 0");
        closeAfter = bytes;
        closeMode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    @Override
    public void onStart(EngineHandler s) {
        shard = s;
        engine = s.engine();
        listener = engine.listen(local, backlog);
    }

    /** The listener's handle (valid after start). */
    public long listener() {
        return listener;
    }

    public long accepted() {
        return accepted;
    }

    /** Bytes echoed over all connections. */
    public long echoed() {
        return echoed;
    }

    /** Bytes read (and not echoed) after this side's half close, over all connections. */
    public long readAfterShutdown() {
        return readAfterShutdown;
    }

    /** Connections accepted and not yet finished with. */
    public int open() {
        return open;
    }

    @Override
    public void onAcceptable(long listenerHandle, long handle) {
        long h;
        while ((h = engine.accept(listenerHandle)) != TcpEngine.NO_HANDLE) {
            accepted++;
            add(h);
            pump(h);
        }
    }

    @Override
    public void onReadable(long handle, int available) {
        pump(handle);
    }

    @Override
    public void onWritable(long handle, int space) {
        pump(handle);
    }

    @Override
    public void onPeerClosed(long handle) {
        pump(handle);
    }

    @Override
    public void onReset(long handle, int cause) {
        release(handle);
    }

    @Override
    public void onClosed(long handle, int cause) {
        release(handle);
    }

    /** Move what can be moved: read at most what the send buffer takes, send it, close at the end. */
    private void pump(long h) {
        Conn c = conn(h);
        if (c == null) return; // not ours (any more)
        long now = shard.now();
        try {
            while (true) {
                if (!c.outputDone && closeAfter >= 0 && c.echoed >= closeAfter) {
                    endOutput(h, c, now);
                    if (conn(h) == null) return;
                }
                scratch.clear();
                if (!c.outputDone) {
                    int space = engine.sendSpace(h);
                    if (space == 0) return; // onWritable resumes
                    int max = space;
                    if (closeAfter >= 0) max = (int) Math.min(max, closeAfter - c.echoed);
                    scratch.limit(Math.min(max, scratch.capacity()));
                }
                int n = engine.receive(h, scratch, now);
                if (n < 0) { // end of stream, everything read and echoed
                    engine.close(h, now);
                    remove(h);
                    return;
                }
                if (n == 0) return;
                if (c.outputDone) {
                    c.readAfterShutdown += n;
                    readAfterShutdown += n;
                    continue;
                }
                scratch.flip();
                engine.send(h, scratch, now); // fits: we read no more than sendSpace
                c.echoed += n;
                echoed += n;
            }
        } catch (TcpException e) {
            release(h); // reset or timed out meanwhile; the events say which
        }
    }

    private void endOutput(long h, Conn c, long now) {
        c.outputDone = true;
        switch (closeMode) {
            case HALF:
                engine.shutdownOutput(h, now);
                break;
            case LINGER0:
                engine.setLinger(h, true, 0);
                drain(h, now); // read what came, so the close is a linger-0 abort, not an unread-data one
                engine.close(h, now);
                remove(h);
                break;
            default:
                drain(h, now);
                engine.close(h, now);
                remove(h);
                break;
        }
    }

    private void drain(long h, long now) {
        do {
            scratch.clear();
        } while (engine.receive(h, scratch, now) > 0);
    }

    private void release(long h) {
        if (!remove(h)) return;
        try {
            engine.close(h, shard.now());
        } catch (TcpException e) {
            // already released by the engine
        }
    }

    /** Close the listener (connections in progress carry on). */
    public void stop() {
        if (listener != TcpEngine.NO_HANDLE) {
            engine.close(listener, shard.now());
            listener = TcpEngine.NO_HANDLE;
        }
    }
}
