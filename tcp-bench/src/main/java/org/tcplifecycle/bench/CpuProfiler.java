package org.tcplifecycle.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU the benchmark JVM got during each iteration, in cores (process CPU time / wall time). On a machine
 * shared with other work a score is only comparable once divided by this: a single-threaded benchmark
 * that got 0.3 of a core would run about 3.3 times as fast on an idle core. Use with
 * {@code -prof org.tcplifecycle.bench.CpuProfiler}.
 */
public final class CpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpu0;
    private long wall0;

    @Override
    public String getDescription() {
        return "process CPU time per wall-clock time (cores) during each iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpu0 = os.getProcessCpuTime();
        wall0 = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        double cores = (double) (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
        return List.of(new ScalarResult("cpu.cores", cores, "cores", AggregationPolicy.AVG));
    }
}
