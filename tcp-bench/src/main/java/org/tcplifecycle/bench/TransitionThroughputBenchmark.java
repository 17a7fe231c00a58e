package org.tcplifecycle.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.*;

/**
 * State transitions per second over many resident connections. One operation advances one connection,
 * picked through a pre-shuffled index, by one step of its lifecycle (an API call or one segment
 * arriving), which is one state transition ({@link LifecycleShard}); the reconnect step also ends the old
 * TIME-WAIT row, so the secondary {@code transitions} counter (counted by the script, checked against the
 * engines' {@code TcpStats} after every iteration) is 1.1 times the operations. Each thread owns its own
 * shard (a client and a server engine): shared nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class TransitionThroughputBenchmark {
    private static final AtomicLong SEEDS = new AtomicLong(1);

    @State(Scope.Thread)
    public static class Shard {
        @Param({"10000", "100000", "1000000"})
        public int connections;

        LifecycleShard shard;
        long base;

        @Setup(Level.Trial)
        public void setUp() {
            long seed = SEEDS.getAndIncrement();
            shard = new LifecycleShard(connections, seed).spread(seed * 31).settle(3);
            base = shard.engineTransitions() - shard.transitions;
        }

        @TearDown(Level.Iteration)
        public void check() {
            long counted = shard.engineTransitions() - base;
            if (counted != shard.transitions || shard.unexpected != 0) {
                throw new IllegalStateException("script off track: engines counted " + counted + " transitions, script "
                        + shard.transitions + ", unexpected segments " + shard.unexpected);
            }
        }
    }

    /** Transitions (as counted by the engines' stats) per second, beside the primary steps per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        public long transitions;

        @Setup(Level.Iteration)
        public void reset() {
            transitions = 0;
        }
    }

    @Benchmark
    @Threads(1)
    public void oneThread(Shard s, Counted c) {
        long before = s.shard.transitions;
        s.shard.step();
        c.transitions += s.shard.transitions - before;
    }

    @Benchmark
    @Threads(2)
    public void twoThreads(Shard s, Counted c) {
        long before = s.shard.transitions;
        s.shard.step();
        c.transitions += s.shard.transitions - before;
    }
}
