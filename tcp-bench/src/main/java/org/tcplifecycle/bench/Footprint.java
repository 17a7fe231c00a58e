package org.tcplifecycle.bench;

import java.lang.reflect.Field;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.timers.TimingWheel;

/**
 * Heap bytes per connection and per pending timer, measured with JOL over a million of each and printed
 * as Markdown table rows. Run with a large heap: {@code java -Xmx8g -Djol.magicFieldOffset=true -cp benchmarks.jar
 * org.tcplifecycle.bench.Footprint [count]}.
 *
 * <ul>
 * <li>ESTABLISHED: a million client/server pairs, both ends ESTABLISHED with no data (no buffers held);
 * everything reachable from the two engines (control blocks, 4-tuple tables, slot arrays, timer wheel)
 * minus the benchmark driver's own arrays, divided by the two million connections;
 * <li>TIME-WAIT: a million client connections in TIME-WAIT: the engine's TIME-WAIT table divided by the
 * rows, and (for the whole picture) both engines' total per TIME-WAIT connection, which also holds the
 * freed control blocks both engines keep for reuse;
 * <li>pending timer: a million timers in this project's {@link TimingWheel}, Agrona's
 * {@link DeadlineTimerWheel} and a {@link ScheduledThreadPoolExecutor}'s queue.
 * </ul>
 */
public final class Footprint {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.println("<!-- " + VM.current().details().replace('\n', ' ') + " -->");
        System.out.println("| what | count | bytes total | bytes each | target |");
        System.out.println("|---|---:|---:|---:|---|");

        LifecycleShard shard = new LifecycleShard(n, 1).advanceAllTo(4);
        check(shard.client.stats().inState[org.tcplifecycle.api.TcpState.ESTABLISHED.ordinal()] == n
                && shard.server.stats().inState[org.tcplifecycle.api.TcpState.ESTABLISHED.ordinal()] == n, "not all ESTABLISHED");
        long driver = size(shard.driverState());
        long both = size(shard);
        row("ESTABLISHED connection (client and server engines, all tables)", 2L * n, both - driver, "≤ 256 B");
        long tcbs = size(slotsOf(shard.client));
        row("  of which control blocks and slot array (client engine)", n, tcbs, "");

        shard.advanceAllTo(0); // client TIME-WAIT, server CLOSED
        check(shard.client.timeWaitCount() == n, "not all in TIME-WAIT");
        Object tw = field(shard.client, "tw");
        row("TIME-WAIT row (TimeWaitTable)", n, size(tw), "≤ 64 B");
        // both engines' sinks lead to the shard, so the graph is measured whole
        row("  TIME-WAIT, both engines incl. freed control blocks kept for reuse", n, size(shard) - driver, "");
        shard = null;
        System.gc();

        TimingWheel wheel = new TimingWheel(1L << 20, n);
        for (int i = 1; i <= n; i++) wheel.schedule(i * (1L << 20), i);
        row("pending timer, TimingWheel", n, size(wheel), "≤ 16 B");
        wheel = null;

        DeadlineTimerWheel agrona = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, 1L << 20, 1 << 16, 16);
        for (int i = 1; i <= n; i++) agrona.scheduleTimer(i * (1L << 20));
        row("pending timer, Agrona DeadlineTimerWheel", n, size(agrona), "");
        agrona = null;

        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1);
        Runnable idle = () -> { };
        for (int i = 1; i <= n; i++) exec.schedule(idle, 3600_000_000_000L + i, TimeUnit.NANOSECONDS);
        row("pending timer, ScheduledThreadPoolExecutor (queue)", n, size(exec.getQueue()), "");
        exec.shutdownNow();
    }

    private static long size(Object... roots) {
        System.gc();
        return GraphLayout.parseInstance(roots).totalSize();
    }

    private static void row(String what, long count, long bytes, String target) {
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %s |%n", what, count, bytes, (double) bytes / count, target);
    }

    private static Object slotsOf(TcpEngine e) throws ReflectiveOperationException {
        return field(e, "slots");
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }
}
