package org.tcplifecycle.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.policy.TimerHandler;
import org.tcplifecycle.api.policy.TimerService;

class RealTimeDriverTest {
    static final long MS = 1_000_000L;

    final ManualClock clock = new ManualClock();
    final List<Long> sleeps = new ArrayList<>();
    final List<Long> firedAt = new ArrayList<>();
    final RealTimeDriver.Sleeper sleeper = nanos -> {
        sleeps.add(nanos);
        clock.advance(nanos);
    };
    final TimerHandler handler = (id, p, now) -> firedAt.add(now);

    @Test
    void sleepsUntilTheNextDeadlineBoundedByTheMaximum() throws InterruptedException {
        HeapTimerService timers = new HeapTimerService();
        timers.schedule(5 * MS, 1);
        timers.schedule(250 * MS, 2);
        RealTimeDriver d = new RealTimeDriver(clock, timers, handler, sleeper, 100 * MS, MS, 16);

        int[] fired = new int[5];
        for (int i = 0; i < 5; i++) fired[i] = d.step();

        assertThat(fired).containsExactly(0, 1, 0, 0, 1);
        assertThat(sleeps).containsExactly(5 * MS, 100 * MS, 100 * MS, 45 * MS, 100 * MS);
        assertThat(firedAt).containsExactly(5 * MS, 250 * MS);
    }

    @Test
    void wakesWhenTheWheelSlotComesUpNotAtTheDeadlinesLowerBound() throws InterruptedException {
        TimingWheel timers = new TimingWheel();
        timers.schedule(1000 * MS, 1);                 // level 2: fires at 1024 ms
        assertThat(timers.nextDeadline()).isLessThan(1000 * MS);
        RealTimeDriver d = new RealTimeDriver(clock, timers, handler, sleeper, 100 * MS, MS, 16);

        d.run(() -> firedAt.isEmpty());

        assertThat(firedAt).containsExactly(1024 * MS);
        assertThat(sleeps).hasSize(12).allMatch(s -> s > 0);   // 10 x 100 ms, 24 ms, then 100 ms after firing
        assertThat(sleeps.get(10)).isEqualTo(24 * MS);
    }

    @Test
    void aFullBatchDoesNotSleep() throws InterruptedException {
        HeapTimerService timers = new HeapTimerService();
        for (int i = 0; i < 5; i++) timers.schedule(0, i);
        RealTimeDriver d = new RealTimeDriver(clock, timers, handler, sleeper, 100 * MS, MS, 2);
        assertThat(d.step()).isEqualTo(2);
        assertThat(d.step()).isEqualTo(2);
        assertThat(sleeps).isEmpty();
        assertThat(d.step()).isEqualTo(1);
        assertThat(sleeps).containsExactly(100 * MS);
    }

    @Test
    void doesNotSpinOnAServiceThatClaimsADeadlineItWillNotFire() throws InterruptedException {
        TimerService coarse = new TimerService() {
            public long schedule(long deadlineNanos, long payload) { return 0; }
            public boolean cancel(long timerId) { return false; }
            public int expire(long nowNanos, TimerHandler h, int limit) { return 0; }
            public long nextDeadline() { return 0; }
            public int size() { return 1; }
        };
        RealTimeDriver d = new RealTimeDriver(clock, coarse, handler, sleeper, 100 * MS, 2 * MS, 16);
        for (int i = 0; i < 3; i++) d.step();
        assertThat(sleeps).containsExactly(2 * MS, 2 * MS, 2 * MS);
    }

    @Test
    void timeoutNeverOverflows() {
        HeapTimerService timers = new HeapTimerService();
        RealTimeDriver d = new RealTimeDriver(clock, timers, handler, sleeper, 100 * MS, MS, 16);
        assertThat(d.timeoutNanos(Long.MIN_VALUE)).isEqualTo(100 * MS);   // nothing pending
        timers.schedule(Long.MAX_VALUE - 1, 1);
        assertThat(d.timeoutNanos(Long.MIN_VALUE)).isEqualTo(100 * MS);   // the gap overflows a long
        timers.schedule(-7, 2);
        assertThat(d.timeoutNanos(-10)).isEqualTo(3);
        assertThat(d.timeoutNanos(-7)).isZero();
    }

    @Test
    void rejectsBadBounds() {
        HeapTimerService t = new HeapTimerService();
        assertThatThrownBy(() -> new RealTimeDriver(clock, t, handler, sleeper, MS, 2 * MS, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RealTimeDriver(clock, t, handler, sleeper, MS, MS, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
