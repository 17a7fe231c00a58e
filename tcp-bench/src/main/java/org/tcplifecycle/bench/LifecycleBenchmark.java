package org.tcplifecycle.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.*;

/**
 * Complete client+server lifecycles per second between two engines in one process, through the wire
 * codec (IPv4 packets with checksums), with a manual clock: handshake, a 64-byte request and a 64-byte
 * reply, four-way close, TIME-WAIT expiry. Compare with {@link KernelLoopbackBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LifecycleBenchmark {
    WireLink link;

    @Setup(Level.Trial)
    public void setUp() {
        link = new WireLink();
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (!link.quiet()) throw new IllegalStateException("lifecycle left state behind or packets were rejected");
    }

    @Benchmark
    public int lifecycle() {
        int n = link.lifecycle();
        if (n != 64) throw new IllegalStateException("reply not received: " + n);
        return n;
    }
}
