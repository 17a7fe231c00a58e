package org.tcplifecycle.tools.tun;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.TcpStats;
import org.tcplifecycle.tools.Main;
import org.tcplifecycle.tools.Main.UsageException;
import org.tcplifecycle.tun.CloseMode;
import org.tcplifecycle.tun.EchoServer;
import org.tcplifecycle.tun.EngineHandler;
import org.tcplifecycle.tun.TunDevice;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A TCP echo server on the engine, behind an existing TUN device, until SIGINT/SIGTERM. */
@Command(name = "tun-echo", mixinStandardHelpOptions = true,
        description = {"Run a TCP echo server on the engine behind a TUN device (the kernel is the peer); "
                + "log every connection's state changes; stop on SIGINT/SIGTERM. Pings to ADDR are answered.",
            "The caller creates and configures the device, e.g. as root:",
            "  ip tuntap add dev tl0 mode tun && ip addr add 192.0.2.1/24 dev tl0 && ip link set tl0 up",
            "  tcp-tools tun-echo --dev tl0 --address 192.0.2.2 --port 7"})
public final class TunEchoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TunOptions tun = new TunOptions();

    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port = 7;

    @Option(names = "--backlog", description = "Listen backlog (default ${DEFAULT-VALUE}).")
    int backlog = 128;

    @Option(names = "--close-after", paramLabel = "N",
            description = "Close each connection from this side after echoing N bytes (default: when the peer closes).")
    Long closeAfter;

    @Option(names = "--close", paramLabel = "MODE", description = "With --close-after: graceful (default), half or linger0.")
    String close = "graceful";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 65535) throw new UsageException("--port must be 1 to 65535");
        if (backlog < 1) throw new UsageException("--backlog must be positive");
        EchoServer echo = new EchoServer(tun.endpoint(port), backlog);
        if (closeAfter != null) {
            if (closeAfter < 0) throw new UsageException("--close-after must not be negative");
            try {
                echo.closeAfter(closeAfter, CloseMode.parse(close));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--close: " + e.getMessage());
            }
        }
        EngineHandler handler = new EngineHandler(tun.config(), echo);
        TunRun run = new TunRun();
        try (TunDevice dev = tun.open()) {
            handler.observe(new ConnectionLog(out, handler, System.nanoTime()));
            out.printf("tun-echo: %s on %s, echo on %s%n", tun.address, dev.name(), tun.endpoint(port));
            out.flush();
            Throwable failure = run.run(dev, handler, "tun-echo");
            TcpEngine e = handler.engine();
            out.printf("tun-echo: stopped%s: %d connections accepted, %d bytes echoed, %d packets in, %d out%n",
                    run.signalled() ? " by signal" : "", echo.accepted(), echo.echoed(), run.loop.packetsIn(),
                    run.loop.packetsOut());
            if (e.stats().dropsTotal() > 0) {
                StringBuilder why = new StringBuilder();
                for (int i = 0; i < TcpStats.DROP_REASONS; i++) {
                    if (e.stats().drops(i) > 0) why.append(' ').append(TcpStats.dropName(i)).append('=').append(e.stats().drops(i));
                }
                // "malformed" includes what is not TCP at all, e.g. the kernel's IPv6 router solicitations
                out.printf("tun-echo: segments not taken by the engine:%s (codec: %s)%n", why, e.wireDrops());
            }
            run.reported(out);
            if (failure != null) {
                err.println("tcp-tools tun-echo: " + failure);
                err.flush();
                return Main.CHECK_FAILED;
            }
            return Main.OK;
        }
    }
}
