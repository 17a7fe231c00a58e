package org.tcplifecycle.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.*;
import org.tcplifecycle.timers.HeapTimerService;

/** Placeholder until the timer suite lands: schedule+cancel on the reference heap. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(1)
public class HeapTimerBenchmark {
    private final HeapTimerService heap = new HeapTimerService();
    private long t;

    @Benchmark
    public boolean scheduleCancel() {
        long id = heap.schedule(++t, t);
        return heap.cancel(id);
    }
}
