package org.tcplifecycle.tools;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Two engines run the seed's lifecycle — three-way handshake (client ISS 10001, server ISS 20001), one
 * request and reply, four-way close, TIME_WAIT expiry — printing every segment and each state change.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run one handshake, request/reply and four-way close between two engines and print it.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--msl-seconds", description = "MSL; TIME_WAIT lasts twice this (default ${DEFAULT-VALUE}).")
    long mslSeconds = 30;

    private final ArrayDeque<Segment> toServer = new ArrayDeque<>();
    private final ArrayDeque<Segment> toClient = new ArrayDeque<>();
    private long nowMs;

    @Override
    public Integer call() {
        if (mslSeconds < 1 || mslSeconds > 86_400) throw new Main.UsageException("--msl-seconds must be from 1 to 86400, not " + mslSeconds);
        PrintWriter out = spec.commandLine().getOut();
        TcpConfig cc = TcpConfig.rfc().isn(IsnGenerator.fixed(10001)).timestamps(false).windowScale(-1);
        TcpConfig sc = TcpConfig.rfc().isn(IsnGenerator.fixed(20001)).timestamps(false).windowScale(-1);
        cc.timeWait(org.tcplifecycle.api.policy.TimeWaitPolicy.twoMsl(mslSeconds * 1_000_000_000L));
        TcpEngine client = new TcpEngine(cc, s -> {
            out.printf(java.util.Locale.ROOT, "%8.3f s  client -> server  %s%n", nowMs / 1000.0, describe(s));
            toServer.add(s.deepCopy());
        }, states(out, "client"));
        TcpEngine server = new TcpEngine(sc, s -> {
            out.printf(java.util.Locale.ROOT, "%8.3f s  server -> client  %s%n", nowMs / 1000.0, describe(s));
            toClient.add(s.deepCopy());
        }, states(out, "server"));

        Endpoint srv = Endpoint.v4("192.0.2.1", 80);
        long l = server.listen(srv, 16);
        long c = client.connect(Endpoint.v4("192.0.2.2", 40000), srv, 0);
        run(client, server);
        long s = server.accept(l);

        say(out, "client writes a request");
        client.send(c, ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), now());
        run(client, server);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        server.receive(s, buf, now());
        say(out, "server read " + buf.position() + " bytes and replies");
        server.send(s, ByteBuffer.wrap("HTTP/1.0 200 OK\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII)), now());
        run(client, server);
        buf.clear();
        client.receive(c, buf, now());
        say(out, "client read " + buf.position() + " bytes and closes");
        client.close(c, now());
        run(client, server);
        say(out, "server reads end of stream (" + server.receive(s, buf, now()) + ") and closes");
        server.close(s, now());
        run(client, server);
        say(out, "client waits 2MSL = " + 2 * mslSeconds + " s in TIME_WAIT");
        nowMs += 2 * mslSeconds * 1000;
        client.advance(now());
        server.advance(now());
        out.printf("done: client connections %d, TIME_WAIT %d; server connections %d%n", client.connectionCount(),
                client.timeWaitCount(), server.connectionCount());
        out.flush();
        return Main.OK;
    }

    private long now() {
        return nowMs * 1_000_000L;
    }

    private void run(TcpEngine client, TcpEngine server) {
        while (!toServer.isEmpty() || !toClient.isEmpty()) {
            nowMs += 10; // 10 ms one way
            if (!toServer.isEmpty()) server.onSegment(toServer.poll(), now());
            if (!toClient.isEmpty()) client.onSegment(toClient.poll(), now());
        }
    }

    private void say(PrintWriter out, String text) {
        out.printf(java.util.Locale.ROOT, "%8.3f s  -- %s%n", nowMs / 1000.0, text);
    }

    static String describe(Segment s) {
        StringBuilder b = new StringBuilder();
        b.append(org.tcplifecycle.api.TcpFlags.names(s.flags)).append(" seq=").append(Integer.toUnsignedString(s.seq));
        if (s.ackFlag()) b.append(" ack=").append(Integer.toUnsignedString(s.ack));
        b.append(" win=").append(s.window);
        if (s.payloadLength > 0) b.append(" len=").append(s.payloadLength);
        return b.toString();
    }

    private TcpEventListener states(PrintWriter out, String who) {
        return new TcpEventListener() {
            @Override
            public void onStateChange(long handle, TcpState from, TcpState to, int cause) {
                out.printf(java.util.Locale.ROOT, "%8.3f s  %-6s %s -> %s (%s)%n", nowMs / 1000.0, who, from, to,
                        org.tcplifecycle.api.Cause.name(cause));
            }
        };
    }
}
