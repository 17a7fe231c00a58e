package org.tcplifecycle.tools.tun;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.tcplifecycle.tun.EngineHandler;
import org.tcplifecycle.tun.IcmpEcho;
import org.tcplifecycle.tun.TunDevice;
import org.tcplifecycle.tun.TunEventLoop;

/**
 * Runs one shard on a device until the application stops the loop or SIGINT/SIGTERM arrives. A shutdown
 * hook stops the loop and waits (briefly) for the command to print its summary before the JVM exits.
 */
final class TunRun {
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile boolean signalled;
    TunEventLoop loop;

    /** Start the loop on its own thread and wait for it; returns the loop's failure, or null. */
    Throwable run(TunDevice dev, EngineHandler handler, String threadName) throws InterruptedException {
        loop = new TunEventLoop(dev, new IcmpEcho(handler));
        Thread hook = new Thread(() -> {
            signalled = true;
            loop.stop();
            try {
                loop.awaitTermination(2, TimeUnit.SECONDS);
                reported.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop.start(threadName);
            loop.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } finally {
            if (!signalled) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already exiting: the hook runs
                }
            }
        }
        return loop.failure();
    }

    /** Whether the run ended because of SIGINT/SIGTERM (or another JVM exit). */
    boolean signalled() {
        return signalled;
    }

    /** Call once the summary is printed: lets an exiting JVM go on. */
    void reported(PrintWriter out) {
        out.flush();
        reported.countDown();
    }
}
