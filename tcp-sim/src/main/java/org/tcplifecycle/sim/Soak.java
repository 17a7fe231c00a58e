package org.tcplifecycle.sim;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import org.tcplifecycle.core.TcpConfig;

/**
 * The soak: many seeds of the faulty simulation, in parallel over the available cores, until a total
 * number of lifecycles has run. Stops at the first failure and prints its seed and shrunk schedule.
 * System properties: {@code sim.lifecycles} (default 10 000 000), {@code sim.perSeed} (2 000),
 * {@code sim.firstSeed} (1), {@code sim.profile} ({@code rfc}, {@code linux}, {@code nots} or
 * {@code mixed}, the default, which rotates them). To replay one failure:
 * {@code sim.seed}, {@code sim.connections} and {@code sim.schedule} (as printed).
 */
public final class Soak {
    private Soak() {
    }

    /** The fault mix the default test suite and the soak use. */
    public static SimConfig.Builder faulty() {
        return SimConfig.builder().concurrency(32).packetFaults(0.02, 0.01, 0.02, 0.005).hostFaults(true)
                .delayMillis(2).jitterMillis(2).requestBytes(0, 2048).replyBytes(0, 8192);
    }

    /** Policy profile for a seed: RFC, Linux-like and RFC without timestamps in turn ({@code mixed}). */
    public static Supplier<TcpConfig> profile(String name, long seed) {
        String p = name.equals("mixed") ? new String[] {"rfc", "linux", "nots"}[(int) Math.floorMod(seed, 3L)] : name;
        switch (p) {
            case "linux": return SimPolicies::linux;
            case "nots": return SimPolicies::noTimestamps;
            default: return SimPolicies::rfc;
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("sim.schedule") != null || System.getProperty("sim.seed") != null) {
            replay();
            return;
        }
        long total = Long.getLong("sim.lifecycles", 10_000_000L);
        int perSeed = Integer.getInteger("sim.perSeed", 2000);
        long first = Long.getLong("sim.firstSeed", 1L);
        String profile = System.getProperty("sim.profile", "mixed");
        long seeds = (total + perSeed - 1) / perSeed;
        AtomicLong done = new AtomicLong(), segments = new AtomicLong(), aborted = new AtomicLong();
        AtomicReference<SimResult> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        LongStream.range(first, first + seeds).parallel().forEach(seed -> {
            if (failure.get() != null) return;
            SimConfig c = faulty().connections(perSeed).seed(seed).config(profile(profile, seed)).build();
            SimResult r = Simulation.run(c, null);
            long d = done.addAndGet(r.completed() + r.aborted());
            segments.addAndGet(r.segments());
            aborted.addAndGet(r.aborted());
            if (!r.ok()) {
                failure.compareAndSet(null, r);
                System.out.println("FAILED " + r.summary());
                r.violations().forEach(v -> System.out.println("  " + v));
            }
            if (seed % 50 == 0) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%,d lifecycles, %.0f/s, %,d segments%n", d, d / s, segments.get());
            }
        });
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d lifecycles (%,d aborted as expected) over %d seeds, %,d segments, %.1f s, %.0f lifecycles/s%n",
                failure.get() == null ? "OK" : "FAILED", done.get(), aborted.get(), seeds, segments.get(), s, done.get() / s);
        if (failure.get() != null) System.exit(1);
    }

    private static void replay() {
        long seed = Long.getLong("sim.seed", 1L);
        String profile = System.getProperty("sim.profile", "mixed");
        SimConfig.Builder b = faulty().seed(seed).config(profile(profile, seed))
                .connections(Integer.getInteger("sim.connections", 2000))
                .traceConnection(Integer.getInteger("sim.trace", -1));
        String sched = System.getProperty("sim.schedule");
        if (sched != null) b.schedule(Fault.parseAll(sched));
        SimResult r = Simulation.run(b.build(), null);
        System.out.println(r.summary());
        r.violations().forEach(v -> System.out.println("  " + v));
        r.trace().forEach(e -> System.out.println("  " + e));
    }
}
