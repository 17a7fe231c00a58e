package org.tcplifecycle.tun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tcplifecycle.api.policy.Clock;

/**
 * Drives one {@link PacketHandler} (one engine shard) from one {@link PacketDevice} on one thread: wait
 * for a packet or the handler's next deadline, hand the packet over, poll the handler, repeat. The
 * handler's output is written straight to the device from the same thread, so nothing is queued and
 * nothing is shared: the loop needs no locks.
 *
 * <p>Per packet the loop makes two system calls ({@code poll}, {@code read}) and allocates nothing: the
 * receive buffer is one direct buffer reused for every packet.
 *
 * <p>After a wakeup the loop handles every packet already waiting (up to {@value #MAX_BATCH}), then
 * polls the handler; it is polled after every wakeup (packets, deadline, timeout or {@link #stop()}),
 * so a deadline it sets while handling a packet is honoured once the waiting packets are handled.
 *
 * <p>The loop does not own the device: close the loop, then the device.
 */
public final class TunEventLoop implements AutoCloseable {
    /** Packets handled back to back before the handler is polled (bounds how late a timer can run). */
    static final int MAX_BATCH = 64;
    private final PacketDevice device;
    private final PacketHandler handler;
    private final Clock clock;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final PacketOutput output = this::send;
    private volatile boolean stopRequested;
    private volatile boolean started;
    private volatile Throwable failure;
    private Thread thread;
    private Thread shutdownHook;
    // Written only by the loop thread; exact once the loop has terminated.
    private long packetsIn;
    private long packetsOut;
    private long writeErrors;
    private IOException lastWriteError;

    public TunEventLoop(PacketDevice device, PacketHandler handler) {
        this(device, handler, Clock.SYSTEM);
    }

    public TunEventLoop(PacketDevice device, PacketHandler handler, Clock clock) {
        this.device = Objects.requireNonNull(device, "device");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Run the loop on a new daemon thread named {@code name}. */
    public synchronized TunEventLoop start(String name) {
        claim();
        thread = new Thread(this::runLoop, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Run the loop on a new daemon thread named after the device. */
    public TunEventLoop start() {
        return start("tun-loop" + (device instanceof TunDevice ? "-" + ((TunDevice) device).name() : ""));
    }

    /**
     * Run the loop on the calling thread until {@link #stop()} or a failure.
     *
     * @throws IOException if the device failed
     * @throws RuntimeException or {@link Error} if the handler threw
     */
    public void run() throws IOException {
        synchronized (this) {
            claim();
            thread = Thread.currentThread();
        }
        runLoop();
        Throwable f = failure;
        if (f instanceof IOException) throw (IOException) f;
        if (f instanceof RuntimeException) throw (RuntimeException) f;
        if (f instanceof Error) throw (Error) f;
    }

    private void claim() {
        if (started) throw new IllegalStateException("event loop already started");
        started = true;
    }

    private void runLoop() {
        try {
            handler.attach(output);
            long deadline = handler.poll(clock.nanos());
            while (!stopRequested) {
                if (device.poll(timeoutMs(deadline, clock.nanos()))) {
                    // Packets already waiting go before timers: an ACK queued behind a busy spell must
                    // cancel a retransmission, not arrive after it (a kernel's input also runs first).
                    int batch = 0;
                    do {
                        rx.clear();
                        int n = device.read(rx);
                        rx.limit(n);
                        packetsIn++;
                        handler.onPacket(rx, clock.nanos());
                    } while (++batch < MAX_BATCH && !stopRequested && device.poll(0));
                }
                deadline = handler.poll(clock.nanos());
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            terminated.countDown();
        }
    }

    /** poll(2) counts milliseconds: round up so the handler is never woken before its deadline. */
    static int timeoutMs(long deadline, long now) {
        if (deadline == Long.MAX_VALUE) return -1;
        long delta = deadline - now;
        if (delta <= 0) return 0;
        long ms = delta / 1_000_000 + (delta % 1_000_000 == 0 ? 0 : 1); // no overflow near Long.MAX_VALUE
        return ms > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ms;
    }

    private void send(ByteBuffer packet) {
        try {
            device.write(packet);
            packetsOut++;
        } catch (IOException e) {
            // A refused packet is a lost packet, which TCP survives; it must not stop the other connections.
            writeErrors++;
            lastWriteError = e;
        }
    }

    /**
     * Ask the loop to finish its current step and return. Safe from any thread, including a shutdown
     * hook; the device's {@code poll} is woken at once, so the loop ends within one handler call.
     */
    public void stop() {
        stopRequested = true;
        device.wakeup();
    }

    /** Wait until the loop has returned. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /**
     * Register a JVM shutdown hook (SIGINT, SIGTERM, normal exit) that stops the loop and waits up to a
     * second for it; {@link #close()} removes it again.
     */
    public synchronized TunEventLoop stopOnShutdown() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> {
                stop();
                try {
                    awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tun-loop-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** Stop the loop and wait for its thread; does not close the device. */
    @Override
    public void close() {
        stop();
        Thread t;
        Thread hook;
        synchronized (this) {
            t = thread;
            hook = shutdownHook;
            shutdownHook = null;
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running or has run.
            }
        }
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return started && terminated.getCount() > 0;
    }

    /** What ended the loop abnormally (a device error or a handler exception), or null. */
    public Throwable failure() {
        return failure;
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long packetsOut() {
        return packetsOut;
    }

    public long writeErrors() {
        return writeErrors;
    }

    /** The most recent refused write, or null. */
    public IOException lastWriteError() {
        return lastWriteError;
    }
}
