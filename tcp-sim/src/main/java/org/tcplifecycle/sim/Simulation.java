package org.tcplifecycle.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Deterministic simulation of many TCP lifecycles between two engines under a hostile network, in the
 * style of deterministic simulation testing: virtual time driven by a discrete-event queue (nothing
 * sleeps, no wall clock is read inside a run), every random choice derived from {@link SimConfig#seed()}
 * through one {@link java.util.SplittableRandom}, packets carried as encoded IP bytes so that corruption
 * meets the checksums, and the invariants checked while the run goes. The same configuration gives the
 * same run, bit for bit.
 *
 * <p>A failing run is shrunk (when {@link SimConfig#shrink()}): its fault schedule is cut down, delta
 * debugging style, to a small set that still fails; the seed and that schedule are printed to standard
 * error and returned in {@link SimResult#reproduction()}.
 */
public final class Simulation {
    public Simulation() {
    }

    /**
     * Run a simulation. {@code progress} (may be null) receives the number of lifecycles finished so
     * far, at most about two hundred times per run.
     */
    public static SimResult run(SimConfig config, LongConsumer progress) {
        SimResult r = new SimRun(config, progress, config.connections() <= 200_000).execute();
        if (!r.ok() && config.shrink()) {
            Reproduction rep = Shrinker.shrink(config, r);
            if (rep != null) {
                System.err.println("simulation failed: " + r.violations().get(0));
                System.err.println("shortest reproduction: " + rep);
                r = r.withReproduction(rep);
            }
        }
        return r;
    }

    /** Run without shrinking or progress (the shrinker's re-runs). */
    static SimResult runOnce(SimConfig config, boolean record) {
        return new SimRun(config, null, record).execute();
    }

    /** Run every seed in {@code [firstSeed, firstSeed + seeds)} with {@code config}; returns the results. */
    public static List<SimResult> runSeeds(SimConfig config, long firstSeed, int seeds) {
        List<SimResult> out = new ArrayList<>();
        for (int i = 0; i < seeds; i++) out.add(run(config.withSeed(firstSeed + i), null));
        return out;
    }
}
