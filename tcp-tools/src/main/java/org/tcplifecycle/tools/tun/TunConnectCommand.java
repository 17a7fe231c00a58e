package org.tcplifecycle.tools.tun;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.tools.Main;
import org.tcplifecycle.tools.Main.UsageException;
import org.tcplifecycle.tun.BulkClient;
import org.tcplifecycle.tun.CloseMode;
import org.tcplifecycle.tun.EngineHandler;
import org.tcplifecycle.tun.TunDevice;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A TCP client on the engine, behind an existing TUN device: connect, send, read, close as asked. */
@Command(name = "tun-connect", mixinStandardHelpOptions = true,
        description = {"Connect from the engine behind a TUN device to HOST:PORT (the kernel's side), send N bytes, "
                + "read what comes back, close as asked, and log the connection's state changes.",
            "Exit 0 when the connection ended as asked, 1 when it was refused, reset or timed out, or fewer "
                + "than --expect bytes came back; 2 for bad usage or a device that cannot be opened.",
            "  tcp-tools tun-connect --dev tl0 --address 192.0.2.2 --to 192.0.2.1:5001 --send 100000 --close graceful"})
public final class TunConnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TunOptions tun = new TunOptions();

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The peer: 192.0.2.1:80 or [2001:db8::1]:80.")
    String to;

    @Option(names = "--send", paramLabel = "N", description = "Bytes to send (default ${DEFAULT-VALUE}); byte i is i mod 256.")
    long send = 0;

    @Option(names = "--expect", paramLabel = "M",
            description = "Bytes to read back before a graceful or linger0 close (default ${DEFAULT-VALUE}; N for an echo peer).")
    long expect = 0;

    @Option(names = "--close", paramLabel = "MODE",
            description = "graceful: close() (FIN); half: shutdownOutput(), read until the peer's FIN, close(); "
                    + "linger0: SO_LINGER 0 then close() (RST). Default ${DEFAULT-VALUE}.")
    String close = "graceful";

    @Option(names = "--local-port", paramLabel = "P", description = "Our port (default: an ephemeral one).")
    int localPort = 0;

    @Option(names = "--wait-time-wait", description = "Stay until TIME_WAIT is over instead of exiting when it begins.")
    boolean waitTimeWait;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Endpoint remote;
        try {
            remote = Endpoint.parse(to);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --to '" + to + "': " + e.getMessage());
        }
        if (remote.port() == 0) throw new UsageException("--to needs a port");
        if (localPort < 0 || localPort > 65535) throw new UsageException("--local-port must be 0 to 65535");
        Endpoint local = tun.endpoint(localPort);
        if (local.ipv6() != remote.ipv6()) throw new UsageException("--address and --to must both be IPv4 or both IPv6");
        if (send < 0 || expect < 0) throw new UsageException("--send and --expect must not be negative");
        CloseMode mode;
        try {
            mode = CloseMode.parse(close);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--close: " + e.getMessage());
        }
        TunRun run = new TunRun();
        BulkClient client = new BulkClient(local, remote, send, expect, mode, () -> run.loop.stop()).waitTimeWait(waitTimeWait);
        EngineHandler handler = new EngineHandler(tun.config(), client, 16);
        try (TunDevice dev = tun.open()) {
            handler.observe(new ConnectionLog(out, handler, System.nanoTime()));
            out.printf("tun-connect: %s on %s to %s, send %d, expect %d, close %s%n", tun.address, dev.name(), remote,
                    send, expect, mode.option());
            out.flush();
            Throwable failure = run.run(dev, handler, "tun-connect");
            String reset = client.resetCause() == Cause.NONE ? "" : ", " + Cause.name(client.resetCause());
            out.printf("tun-connect: %s: sent %d, received %d%s%s%n",
                    client.isDone() ? "ended in " + client.finalState() : run.signalled() ? "stopped by signal" : "stopped",
                    client.sent(), client.received(), client.endOfStream() ? " and end of stream" : "", reset);
            run.reported(out);
            if (failure != null) {
                err.println("tcp-tools tun-connect: " + failure);
                err.flush();
                return Main.CHECK_FAILED;
            }
            return client.succeeded() ? Main.OK : Main.CHECK_FAILED;
        }
    }
}
