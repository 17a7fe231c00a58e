package org.tcplifecycle.tun;

import java.util.concurrent.TimeUnit;

/**
 * Opens a TUN device and answers pings on it until SIGINT/SIGTERM: the device check without an engine.
 * Usage: {@code EchoResponder [interface-name]}; prints the interface name once the device is open.
 */
public final class EchoResponder {
    private EchoResponder() {
    }

    public static void main(String[] args) throws Exception {
        try (TunDevice dev = TunDevice.open(args.length > 0 ? args[0] : null)) {
            TunEventLoop loop = new TunEventLoop(dev, new IcmpEcho()).start().stopOnShutdown();
            System.out.println(dev.name());
            System.out.flush();
            // On SIGINT/SIGTERM the shutdown hook stops the loop and the JVM exits (the kernel closes the
            // descriptor); this thread only comes back if the loop itself failed.
            loop.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            if (loop.failure() != null) throw new IllegalStateException("event loop failed", loop.failure());
        }
    }
}
