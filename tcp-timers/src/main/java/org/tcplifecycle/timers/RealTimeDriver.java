package org.tcplifecycle.timers;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.tcplifecycle.api.policy.Clock;
import org.tcplifecycle.api.policy.TimerHandler;
import org.tcplifecycle.api.policy.TimerService;

/**
 * Drives a {@link TimerService} in real time: fire what is due, sleep until the next firing (never
 * longer than a bound, so the owner can check for other work), repeat. The clock and the way of
 * sleeping are injected, so a {@link ManualClock} with a sleeper that advances it runs the loop
 * deterministically. Event loops that block elsewhere (e.g. on a socket) use {@link #timeoutNanos}
 * as their wait timeout and call {@link #fire} when they wake.
 */
public final class RealTimeDriver {
    /** Waits about {@code nanos} (> 0); may return early. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;

        Sleeper THREAD = TimeUnit.NANOSECONDS::sleep;
    }

    private final Clock clock;
    private final TimerService timers;
    private final LongSupplier wakeAt;
    private final TimerHandler handler;
    private final Sleeper sleeper;
    private final long maxSleep;
    private final long minSleep;
    private final int batch;

    /**
     * @param maxSleepNanos  longest single sleep
     * @param minSleepNanos  shortest sleep when nothing fired although the service said something was
     *                       due (a service whose next deadline is only a lower bound): keeps the loop
     *                       from spinning
     * @param batch          most timers fired per {@link #fire}; when a batch is full the loop does not
     *                       sleep
     */
    public RealTimeDriver(Clock clock, TimerService timers, TimerHandler handler, Sleeper sleeper,
                          long maxSleepNanos, long minSleepNanos, int batch) {
        if (maxSleepNanos <= 0 || minSleepNanos <= 0 || minSleepNanos > maxSleepNanos) {
            throw new IllegalArgumentException("need 0 < minSleep <= maxSleep: " + minSleepNanos + ", " + maxSleepNanos);
        }
        if (batch <= 0) throw new IllegalArgumentException("batch must be positive: " + batch);
        this.clock = clock;
        this.timers = timers;
        // A wheel's nextDeadline may precede, by up to a granule, the instant its slot comes up; sleeping
        // until the slot instead avoids waking to find nothing to fire.
        this.wakeAt = timers instanceof TimingWheel ? ((TimingWheel) timers)::nextExpiry : timers::nextDeadline;
        this.handler = handler;
        this.sleeper = sleeper;
        this.maxSleep = maxSleepNanos;
        this.minSleep = minSleepNanos;
        this.batch = batch;
    }

    /** Sleeps at most 100 ms at a time, at least 1 ms when nothing fired, fires up to 1024 per round. */
    public RealTimeDriver(Clock clock, TimerService timers, TimerHandler handler, Sleeper sleeper) {
        this(clock, timers, handler, sleeper, TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(1), 1024);
    }

    /** How long to wait from {@code nowNanos} until the next firing: 0 when due, at most the bound. */
    public long timeoutNanos(long nowNanos) {
        return gap(wakeAt.getAsLong(), nowNanos);
    }

    /** Fire due timers at the clock's current time; returns how many fired. */
    public int fire() {
        return timers.expire(clock.nanos(), handler, batch);
    }

    /**
     * One round: fire what is due, then sleep until the next firing, bounded by the maximum. Does not
     * sleep after a full batch (more may be due). Returns how many fired.
     */
    public int step() throws InterruptedException {
        long now = clock.nanos();
        int fired = timers.expire(now, handler, batch);
        if (fired >= batch) return fired;
        long at = wakeAt.getAsLong();
        long pause;
        if (at <= now && fired == 0) {
            pause = minSleep;   // the service says due at the time it just saw, yet fired nothing: do not spin
        } else {
            pause = gap(at, clock.nanos());
        }
        if (pause > 0) sleeper.sleep(pause);
        return fired;
    }

    private long gap(long at, long now) {
        if (at <= now) return 0;
        long d = at - now;
        return d < 0 || d > maxSleep ? maxSleep : d;   // d < 0: the subtraction overflowed
    }

    /** Run rounds while {@code running} says so; checked before each round. */
    public void run(BooleanSupplier running) throws InterruptedException {
        while (running.getAsBoolean()) step();
    }
}
