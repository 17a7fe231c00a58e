package org.tcplifecycle.tun;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * A throw-away network namespace holding a TUN device that this JVM reads and writes.
 *
 * <p>The device is opened in the current namespace under a unique name, then moved with
 * {@code ip link set <dev> netns <ns>}: the open descriptor stays attached to the interface across the
 * move, so the JVM keeps its usual namespace while the kernel side (addresses, routes, ping, sockets)
 * lives in the namespace. Inside: {@code lo} up, {@value #KERNEL_V4}/24 and {@value #KERNEL_V6}/64 on
 * the TUN interface; the peer behind the device (the engine) is {@value #ENGINE_V4} /
 * {@value #ENGINE_V6}. Only documentation prefixes are used (RFC 5737, RFC 3849).
 *
 * <p>{@link #close()} kills processes started in the namespace, closes the device and deletes the
 * namespace; a shutdown hook does the same if the JVM exits first.
 */
public final class NetnsFixture implements AutoCloseable {
    public static final String KERNEL_V4 = "192.0.2.1";
    public static final String ENGINE_V4 = "192.0.2.2";
    public static final String KERNEL_V6 = "2001:db8::1";
    public static final String ENGINE_V6 = "2001:db8::2";

    private final String ns;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook;
    private TunDevice device;
    private boolean ipv6;
    private boolean closed;

    /** The result of a command run to completion. */
    public static final class Result {
        public final int exitCode;
        public final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private NetnsFixture(String ns) {
        this.ns = ns;
        this.hook = new Thread(this::cleanup, "netns-cleanup-" + ns);
    }

    /** Skip the calling test unless this process can create namespaces and TUN devices. */
    public static void assumeAvailable() {
        assumeTrue(isRoot(), "skipped: needs root (creates a network namespace and a TUN device)");
        assumeTrue(Files.exists(Path.of(TunDevice.CLONE_DEVICE)),
                "skipped: " + TunDevice.CLONE_DEVICE + " is missing (no TUN driver)");
        assumeTrue(onPath("ip"), "skipped: the 'ip' command (iproute2) is not installed");
    }

    /** Skip the calling test unless {@code command} is on the PATH. */
    public static void assumeCommand(String command, String aptPackage) {
        assumeTrue(onPath(command), "skipped: '" + command + "' is not installed (apt-get install " + aptPackage + ")");
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0"); // effective uid
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(Arrays.asList((path == null ? "" : path).split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin")); // root's tools, absent from some PATHs
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) return true;
        }
        return false;
    }

    /** Create the namespace and the device; skips the test if the environment cannot. */
    public static NetnsFixture create() throws IOException {
        assumeAvailable();
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
        NetnsFixture f = new NetnsFixture("tl-" + id);
        Result add = run(5, "ip", "netns", "add", f.ns);
        if (add.exitCode != 0) throw new TestAbortedException("skipped: 'ip netns add' failed here: " + add);
        Runtime.getRuntime().addShutdownHook(f.hook);
        boolean ok = false;
        try {
            f.device = TunDevice.open("tl" + id);
            String dev = f.device.name();
            f.must("ip", "link", "set", dev, "netns", f.ns);
            f.must("ip", "-n", f.ns, "link", "set", "lo", "up");
            f.must("ip", "-n", f.ns, "addr", "add", KERNEL_V4 + "/24", "dev", dev);
            f.ipv6 = run(5, "ip", "-n", f.ns, "-6", "addr", "add", KERNEL_V6 + "/64", "dev", dev, "nodad").exitCode == 0;
            f.must("ip", "-n", f.ns, "link", "set", dev, "up");
            ok = true;
            return f;
        } finally {
            if (!ok) f.close();
        }
    }

    public String namespace() {
        return ns;
    }

    public TunDevice device() {
        return device;
    }

    /** Whether the IPv6 address could be configured (false when IPv6 is disabled in the kernel). */
    public boolean ipv6() {
        return ipv6;
    }

    /** Run {@code command} inside the namespace and wait for it (stdout and stderr merged). */
    public Result exec(long timeoutSeconds, String... command) throws IOException {
        return run(timeoutSeconds, inNs(command));
    }

    /** Start {@code command} inside the namespace; it is killed by {@link #close()} if still running. */
    public synchronized Process spawn(String... command) throws IOException {
        Process p = new ProcessBuilder(inNs(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    /**
     * Start {@code command} inside the namespace with stdout and stderr going to {@code output}; it is
     * killed by {@link #close()} if still running.
     */
    public synchronized Process spawn(Path output, String... command) throws IOException {
        Process p = new ProcessBuilder(inNs(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        processes.add(p);
        return p;
    }

    /** The device's transmit queue length (packets the kernel may queue towards the engine). */
    public void txQueueLength(int packets) throws IOException {
        must("ip", "-n", ns, "link", "set", device.name(), "txqueuelen", Integer.toString(packets));
    }

    private String[] inNs(String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns;
        System.arraycopy(command, 0, full, 4, command.length);
        return full;
    }

    private void must(String... command) throws IOException {
        Result r = run(5, command);
        if (r.exitCode != 0) throw new IOException(String.join(" ", command) + " failed, " + r);
    }

    static Result run(long timeoutSeconds, String... command) throws IOException {
        Path out = Files.createTempFile("netns", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() {
        cleanup();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is exiting and the hook runs (or ran) cleanup itself.
        }
    }

    private synchronized void cleanup() {
        if (closed) return;
        closed = true;
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (device != null) device.close();
        try {
            Result r = run(5, "ip", "netns", "del", ns);
            if (r.exitCode != 0) System.err.println("could not delete network namespace " + ns + ": " + r);
        } catch (IOException e) {
            System.err.println("could not delete network namespace " + ns + ": " + e);
        }
    }
}
