package org.tcplifecycle.tools.tun;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.FourTuple;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.tun.EngineHandler;

/**
 * One line per state change of every connection of a shard:
 * {@code 0.012 s  #1 192.0.2.2:7 192.0.2.1:41234  SYN_RECEIVED -> ESTABLISHED (ack)}, with the time since
 * the shard started, a connection number, the local and remote endpoints, and the cause.
 */
final class ConnectionLog implements TcpEventListener {
    private final PrintWriter out;
    private final EngineHandler shard;
    private final long start;
    private final Map<Long, String> names = new HashMap<>();
    private int next;

    ConnectionLog(PrintWriter out, EngineHandler shard, long startNanos) {
        this.out = out;
        this.shard = shard;
        this.start = startNanos;
    }

    @Override
    public void onStateChange(long h, TcpState from, TcpState to, int cause) {
        String name = names.computeIfAbsent(h, this::describe);
        out.printf(java.util.Locale.ROOT, "%8.3f s  %s  %s -> %s (%s)%n", (shard.now() - start) / 1e9, name, from, to, Cause.name(cause));
        out.flush();
    }

    @Override
    public void onClosed(long h, int cause) {
        names.remove(h);
    }

    /** Connections seen so far. */
    int connections() {
        return next;
    }

    private String describe(long h) {
        String id = "#" + ++next;
        try {
            FourTuple t = shard.engine().tuple(h);
            if (t.remote().port() == 0) return id + " " + t.local() + " (listener)";
            return id + " " + t.local() + " " + t.remote();
        } catch (TcpException e) {
            return id; // already released by the engine
        }
    }
}
