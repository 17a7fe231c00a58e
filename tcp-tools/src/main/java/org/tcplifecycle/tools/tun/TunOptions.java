package org.tcplifecycle.tools.tun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.IpAddress;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.tools.Main.UsageException;
import org.tcplifecycle.tun.TunDevice;
import org.tcplifecycle.tun.TunException;

import picocli.CommandLine.Option;

/** What both TUN commands take: the device, the engine's address, TIME_WAIT. */
final class TunOptions {
    @Option(names = "--dev", required = true, paramLabel = "NAME",
            description = "An existing TUN interface (ip tuntap add dev NAME mode tun), opened IFF_TUN | IFF_NO_PI.")
    String dev;

    @Option(names = "--address", required = true, paramLabel = "ADDR",
            description = "The engine's own IPv4 or IPv6 address (not the one configured on the interface: that is the kernel's).")
    String address;

    @Option(names = "--time-wait", paramLabel = "SECONDS",
            description = "How long the engine keeps a connection in TIME_WAIT (default ${DEFAULT-VALUE}, as Linux).")
    double timeWaitSeconds = 60;

    /** The engine's endpoint on {@code port}. */
    Endpoint endpoint(int port) {
        String a = address.trim();
        try {
            if (IpAddress.isV6Literal(a)) return Endpoint.v6(a, port);
            return Endpoint.v4(a, port);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --address '" + address + "': " + e.getMessage());
        }
    }

    /** Linux profile, checksums verified (a TUN device hands over complete ones). */
    TcpConfig config() {
        if (!(timeWaitSeconds >= 0) || timeWaitSeconds > 3600) throw new UsageException("--time-wait must be 0 to 3600 seconds");
        TcpConfig c = TcpConfig.linux();
        c.verifyChecksums = true;
        long nanos = (long) (timeWaitSeconds * TimeUnit.SECONDS.toNanos(1));
        c.timeWait = TimeWaitPolicy.twoMsl(nanos / 2);
        return c;
    }

    TunDevice open() {
        // Opening a name that does not exist would create a new, unconfigured interface: refuse instead.
        if (dev.isEmpty() || dev.contains("/") || !Files.exists(Path.of("/sys/class/net", dev))) {
            throw new UsageException("no network interface '" + dev + "' (create it first: ip tuntap add dev " + dev
                    + " mode tun)");
        }
        try {
            return TunDevice.open(dev);
        } catch (TunException e) {
            throw new UsageException("cannot open TUN device " + dev + ": " + e.getMessage());
        }
    }
}
