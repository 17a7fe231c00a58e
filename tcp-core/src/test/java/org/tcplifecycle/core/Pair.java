package org.tcplifecycle.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.IsnGenerator;

/**
 * Two engines back to back through an in-memory link with a manual clock: a client (ISS 10001) at
 * 192.0.2.2 and a server (ISS 20001) at 192.0.2.1:80. Segments can be held, dropped or delivered one
 * at a time, so crossing segments (simultaneous open and close) can be arranged exactly.
 */
final class Pair {
    static final Endpoint SERVER = Endpoint.v4("192.0.2.1", 80);
    static final Endpoint CLIENT = Endpoint.v4("192.0.2.2", 40000);

    final TcpEngine client;
    final TcpEngine server;
    final ArrayDeque<Segment> toServer = new ArrayDeque<>();
    final ArrayDeque<Segment> toClient = new ArrayDeque<>();
    final List<String> trace = new ArrayList<>();
    final List<TcpState> clientStates = new ArrayList<>();
    final List<TcpState> serverStates = new ArrayList<>();
    long nowMs;

    Pair() {
        this(TcpConfig.rfc(), TcpConfig.rfc());
    }

    Pair(TcpConfig clientCfg, TcpConfig serverCfg) {
        clientCfg.isn(IsnGenerator.fixed(10001));
        serverCfg.isn(IsnGenerator.fixed(20001));
        if (clientCfg.timers == null) clientCfg.timers(org.tcplifecycle.timers.HeapTimerService::new);
        if (serverCfg.timers == null) serverCfg.timers(org.tcplifecycle.timers.HeapTimerService::new);
        client = new TcpEngine(clientCfg, s -> {
            trace.add("C>S " + s);
            toServer.add(s.deepCopy());
        }, recorder(clientStates, "client"));
        server = new TcpEngine(serverCfg, s -> {
            trace.add("S>C " + s);
            toClient.add(s.deepCopy());
        }, recorder(serverStates, "server"));
    }

    private TcpEventListener recorder(List<TcpState> states, String who) {
        return new TcpEventListener() {
            @Override
            public void onStateChange(long handle, TcpState from, TcpState to, int cause) {
                states.add(to);
                trace.add(who + " " + from + " -> " + to);
            }
        };
    }

    long now() {
        return nowMs * 1_000_000L;
    }

    /** Deliver segments both ways until the link is quiet. */
    void run() {
        for (int guard = 0; guard < 100_000 && (!toServer.isEmpty() || !toClient.isEmpty()); guard++) {
            if (!toServer.isEmpty()) server.onSegment(toServer.poll(), now());
            if (!toClient.isEmpty()) client.onSegment(toClient.poll(), now());
        }
    }

    void deliverToServer() {
        server.onSegment(toServer.poll(), now());
    }

    void deliverToClient() {
        client.onSegment(toClient.poll(), now());
    }

    void advanceMs(long ms) {
        nowMs += ms;
        client.advance(now());
        server.advance(now());
    }

    static int write(TcpEngine e, long h, String s, long now) {
        return e.send(h, ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)), now);
    }

    static String read(TcpEngine e, long h, long now) {
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        int n = e.receive(h, b, now);
        if (n < 0) return null;
        b.flip();
        return StandardCharsets.US_ASCII.decode(b).toString();
    }
}
