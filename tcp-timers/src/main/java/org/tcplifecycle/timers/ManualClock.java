package org.tcplifecycle.timers;

import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.policy.Clock;

/** A clock that moves only when told to: for tests, simulation and capture replay. */
public final class ManualClock implements Clock {
    private long now;

    public ManualClock() {
        this(0);
    }

    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanos() {
        return now;
    }

    public long advance(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("time does not go backwards: " + nanos);
        return now += nanos;
    }

    public long advance(long amount, TimeUnit unit) {
        return advance(unit.toNanos(amount));
    }

    public long advanceMillis(long ms) {
        return advance(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    public void set(long nanos) {
        if (nanos < now) throw new IllegalArgumentException("time does not go backwards: " + nanos + " < " + now);
        now = nanos;
    }
}
