package org.tcplifecycle.bench;

import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import org.agrona.DeadlineTimerWheel;
import org.openjdk.jmh.annotations.*;
import org.tcplifecycle.api.policy.TimerHandler;
import org.tcplifecycle.timers.TimingWheel;

/**
 * Timer services with {@code timers} timers pending, each measured on two operations:
 * <ul>
 * <li>schedule+cancel: schedule a timer 1 ms .. ~1 s ahead and cancel it (a TCP retransmission timer
 * armed and then stopped by the ACK);
 * <li>schedule+expire: schedule a timer and let one fire. The two manual-clock wheels (this project's
 * {@link TimingWheel}, Agrona's {@link DeadlineTimerWheel}) hold timers one tick apart; each operation
 * schedules one at the far end, moves the clock one tick and fires the one now due, so the pending count
 * stays constant. {@link ScheduledThreadPoolExecutor} and Netty's {@link HashedWheelTimer} run on their own
 * thread in real time: each operation schedules a due-now task that the timer thread runs; the benchmark
 * thread waits only when more than 65 536 are outstanding.
 * </ul>
 * Every service gets the same tick (2^20 ns) where it has one. The executor removes cancelled tasks at
 * once ({@code setRemoveOnCancelPolicy(true)}); otherwise its queue would only grow.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class TimerBenchmark {
    static final long TICK = 1L << 20;
    static final int DELAYS = 4096;
    static final long OUTSTANDING = 1 << 16;

    /** Pseudo-random delays of 1 tick .. ~1 s (1024 ticks), shared by every service. */
    static long[] delays() {
        SplittableRandom r = new SplittableRandom(42);
        long[] d = new long[DELAYS];
        for (int i = 0; i < DELAYS; i++) d[i] = TICK * (1 + r.nextInt(1024));
        return d;
    }

    @State(Scope.Thread)
    public static class Wheel implements TimerHandler {
        @Param({"10000", "1000000"})
        public int timers;
        TimingWheel wheel;
        long[] delays;
        long now;
        int k;
        long fired;

        @Setup(Level.Trial)
        public void setUp() {
            delays = delays();
            wheel = new TimingWheel(TICK, timers + 1024);
            for (int i = 1; i <= timers; i++) wheel.schedule(i * TICK, i);
        }

        @Override
        public void onTimer(long timerId, long payload, long nowNanos) {
            fired++;
        }
    }

    @State(Scope.Thread)
    public static class Agrona implements DeadlineTimerWheel.TimerHandler {
        @Param({"10000", "1000000"})
        public int timers;
        DeadlineTimerWheel wheel;
        long[] delays;
        long now;
        int k;
        long fired;

        @Setup(Level.Trial)
        public void setUp() {
            delays = delays();
            // 2^16 spokes: at a million timers a spoke holds ~16 (Agrona scans a spoke linearly)
            wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, TICK, 1 << 16, 16);
            for (int i = 1; i <= timers; i++) wheel.scheduleTimer(i * TICK);
        }

        @Override
        public boolean onTimerExpiry(TimeUnit timeUnit, long now, long timerId) {
            fired++;
            return true;
        }
    }

    @State(Scope.Thread)
    public static class Executor {
        @Param({"10000", "1000000"})
        public int timers;
        ScheduledThreadPoolExecutor exec;
        long[] delays;
        int k;
        long scheduled;
        final AtomicLong fired = new AtomicLong();
        final Runnable task = fired::incrementAndGet;
        final Runnable idle = () -> { };

        @Setup(Level.Trial)
        public void setUp() {
            delays = delays();
            exec = new ScheduledThreadPoolExecutor(1);
            exec.setRemoveOnCancelPolicy(true);
            for (int i = 1; i <= timers; i++) exec.schedule(idle, 3600_000_000_000L + i * TICK, TimeUnit.NANOSECONDS);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            exec.shutdownNow();
        }
    }

    @State(Scope.Thread)
    public static class Netty {
        @Param({"10000", "1000000"})
        public int timers;
        HashedWheelTimer timer;
        long[] delays;
        int k;
        long scheduled;
        final AtomicLong fired = new AtomicLong();
        final TimerTask task = t -> fired.incrementAndGet();
        final TimerTask idle = t -> { };

        @Setup(Level.Trial)
        public void setUp() {
            delays = delays();
            timer = new HashedWheelTimer(Thread::new, TICK, TimeUnit.NANOSECONDS, 512);
            timer.start();
            for (int i = 1; i <= timers; i++) timer.newTimeout(idle, 3600_000_000_000L + i * TICK, TimeUnit.NANOSECONDS);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            timer.stop();
        }
    }

    // ---- schedule + cancel

    @Benchmark
    public boolean wheelScheduleCancel(Wheel s) {
        long id = s.wheel.schedule(s.now + s.delays[s.k++ & (DELAYS - 1)], 0);
        return s.wheel.cancel(id);
    }

    @Benchmark
    public boolean agronaScheduleCancel(Agrona s) {
        long id = s.wheel.scheduleTimer(s.now + s.delays[s.k++ & (DELAYS - 1)]);
        return s.wheel.cancelTimer(id);
    }

    @Benchmark
    public boolean executorScheduleCancel(Executor s) {
        ScheduledFuture<?> f = s.exec.schedule(s.idle, s.delays[s.k++ & (DELAYS - 1)], TimeUnit.NANOSECONDS);
        return f.cancel(false);
    }

    @Benchmark
    public boolean nettyScheduleCancel(Netty s) {
        Timeout t = s.timer.newTimeout(s.idle, s.delays[s.k++ & (DELAYS - 1)], TimeUnit.NANOSECONDS);
        return t.cancel();
    }

    // ---- schedule + expire

    @Benchmark
    public int wheelScheduleExpire(Wheel s) {
        long now = s.now += TICK;
        s.wheel.schedule(now + s.timers * TICK, 0);
        return s.wheel.expire(now, s, Integer.MAX_VALUE);
    }

    @Benchmark
    public int agronaScheduleExpire(Agrona s) {
        long now = s.now += TICK;
        s.wheel.scheduleTimer(now + s.timers * TICK);
        return s.wheel.poll(now, s, Integer.MAX_VALUE);
    }

    @Benchmark
    public long executorScheduleExpire(Executor s) {
        s.exec.schedule(s.task, 0, TimeUnit.NANOSECONDS);
        return backpressure(++s.scheduled, s.fired);
    }

    @Benchmark
    public long nettyScheduleExpire(Netty s) {
        s.timer.newTimeout(s.task, 0, TimeUnit.NANOSECONDS);
        return backpressure(++s.scheduled, s.fired);
    }

    private static long backpressure(long scheduled, AtomicLong fired) {
        long f;
        while (scheduled - (f = fired.get()) > OUTSTANDING) Thread.yield(); // two shared cores: let the timer thread run
        return f;
    }
}
