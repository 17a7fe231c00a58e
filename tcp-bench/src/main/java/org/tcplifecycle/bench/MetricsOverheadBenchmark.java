package org.tcplifecycle.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;
import org.tcplifecycle.core.metrics.TcpEngineMetrics;

/**
 * The transition benchmark's single-threaded step (100 000 resident connections) with and without the
 * engine's Micrometer binders on a registry. The binders read {@code TcpStats} only when the registry is
 * read, so {@code bound} should cost nothing per transition; {@code boundScraped} also reads every meter
 * once per 65 536 steps (at the measured rates, several scrapes a second: far more often than a
 * monitoring system does), which shows what a scrape costs when amortised.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class MetricsOverheadBenchmark {
    private static final int CONNECTIONS = 100_000;

    LifecycleShard plain;
    LifecycleShard metered;
    SimpleMeterRegistry registry;
    int tick;

    @Setup(Level.Trial)
    public void setUp() {
        plain = new LifecycleShard(CONNECTIONS, 11).spread(12).settle(3);
        metered = new LifecycleShard(CONNECTIONS, 11).spread(12).settle(3);
        registry = new SimpleMeterRegistry();
        new TcpEngineMetrics(metered.client, Tags.of("engine", "client")).bindTo(registry);
        new TcpEngineMetrics(metered.server, Tags.of("engine", "server")).bindTo(registry);
        if (registry.getMeters().isEmpty()) throw new IllegalStateException("binders registered no meters");
    }

    @Benchmark
    public void unbound() {
        plain.step();
    }

    @Benchmark
    public void bound() {
        metered.step();
    }

    @Benchmark
    public void boundScraped(Blackhole bh) {
        metered.step();
        if ((++tick & 0xFFFF) == 0) {
            for (Meter m : registry.getMeters()) {
                for (io.micrometer.core.instrument.Measurement x : m.measure()) bh.consume(x.getValue());
            }
        }
    }
}
