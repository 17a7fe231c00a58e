package org.tcplifecycle.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.policy.TimerHandler;
import org.tcplifecycle.api.policy.TimerService;

class TimingWheelTest {
    static final long MS = 1_000_000L;
    static final long SEC = 1000 * MS;
    static final long HOUR = 3600 * SEC;

    /** Records (payload, now) of every firing. */
    static final class Log implements TimerHandler {
        final List<Long> payloads = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        final List<Long> nows = new ArrayList<>();

        @Override
        public void onTimer(long timerId, long payload, long nowNanos) {
            ids.add(timerId);
            payloads.add(payload);
            nows.add(nowNanos);
        }

        List<Long> drain() {
            List<Long> out = new ArrayList<>(payloads);
            payloads.clear();
            ids.clear();
            nows.clear();
            return out;
        }
    }

    final Log log = new Log();

    @Test
    void levelZeroFiresAtTheExactTick() {
        TimingWheel w = new TimingWheel();
        w.schedule(5 * MS, 1);
        w.schedule(5 * MS + MS / 2, 2);   // rounds up to the 6 ms tick
        w.schedule(64 * MS, 3);           // the farthest tick level 0 reaches from tick 0

        assertThat(w.expire(5 * MS - 1, log, 100)).isZero();
        assertThat(w.expire(5 * MS, log, 100)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(1L);
        assertThat(w.expire(6 * MS - 1, log, 100)).isZero();
        assertThat(w.expire(6 * MS, log, 100)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(2L);
        assertThat(w.expire(64 * MS - 1, log, 100)).isZero();
        assertThat(w.expire(64 * MS, log, 100)).isEqualTo(1);
        assertThat(log.nows).containsExactly(64 * MS);
        assertThat(log.drain()).containsExactly(3L);
        assertThat(w.size()).isZero();
    }

    @Test
    void higherLevelsRoundUpToTheirGranularity() {
        TimingWheel w = new TimingWheel();
        // From tick 0: 65 ms is beyond level 0, level 1 has 8 ms slots -> 72 ms.
        assertThat(w.firesAt(65 * MS)).isEqualTo(72 * MS);
        // 100 ms -> ceil(100 / 8) = 13 -> 104 ms.
        assertThat(w.firesAt(100 * MS)).isEqualTo(104 * MS);
        // 1000 ms: level 1 reaches 512 ms only; level 2 has 64 ms slots -> 16 * 64 = 1024 ms.
        assertThat(w.firesAt(1000 * MS)).isEqualTo(1024 * MS);
        // Already a multiple of the granularity: no lateness.
        assertThat(w.firesAt(512 * MS)).isEqualTo(512 * MS);

        w.schedule(1000 * MS, 7);
        assertThat(w.nextDeadline()).isLessThanOrEqualTo(1000 * MS);
        assertThat(w.nextExpiry()).isEqualTo(1024 * MS);
        assertThat(w.expire(1023 * MS, log, 10)).isZero();
        assertThat(w.expire(1024 * MS, log, 10)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(7L);
    }

    @Test
    void placementIsRelativeToTheLatestNow() {
        TimingWheel w = new TimingWheel();
        w.expire(10 * SEC + MS / 3, log, 10);   // tick 10000
        // 100 ticks ahead: ceil(10100 / 8) * 8 = 10104.
        assertThat(w.firesAt(10 * SEC + 100 * MS)).isEqualTo(10 * SEC + 104 * MS);
        // 30 ticks ahead: level 0, exact tick.
        assertThat(w.firesAt(10 * SEC + 30 * MS)).isEqualTo(10 * SEC + 30 * MS);
    }

    @Test
    void tcpTimersStayWithinTheDocumentedLateness() {
        TimingWheel w = new TimingWheel();
        w.expire(123_456 * MS + 789, log, 1);
        long now = 123_456 * MS + 789;
        assertThat(w.firesAt(now + 200 * MS) - (now + 200 * MS)).isLessThan(8 * MS);
        assertThat(w.firesAt(now + 60 * SEC) - (now + 60 * SEC)).isLessThan(4096 * MS);
        assertThat(w.firesAt(now + 2 * HOUR) - (now + 2 * HOUR)).isLessThan(262_144 * MS);
    }

    @Test
    void pastAndPresentDeadlinesFireOnTheNextExpire() {
        TimingWheel w = new TimingWheel();
        w.expire(10 * MS, log, 10);
        w.schedule(3 * MS, 1);
        w.schedule(10 * MS, 2);
        w.schedule(Long.MIN_VALUE, 3);
        w.schedule(10 * MS + 1, 4);   // after now: waits for the 11 ms tick
        assertThat(w.nextDeadline()).isEqualTo(Long.MIN_VALUE);
        assertThat(w.nextExpiry()).isEqualTo(10 * MS);

        assertThat(w.expire(10 * MS, log, 10)).isEqualTo(3);
        assertThat(log.drain()).containsExactly(1L, 2L, 3L);
        assertThat(w.expire(11 * MS - 1, log, 10)).isZero();
        assertThat(w.expire(11 * MS, log, 10)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(4L);
    }

    @Test
    void limitLeavesTheRestForTheNextCall() {
        TimingWheel w = new TimingWheel();
        for (int i = 0; i < 10; i++) w.schedule(i * MS, i);
        assertThat(w.expire(20 * MS, log, 4)).isEqualTo(4);
        assertThat(w.size()).isEqualTo(6);
        assertThat(w.nextExpiry()).isEqualTo(20 * MS);
        assertThat(w.nextDeadline()).isLessThanOrEqualTo(4 * MS);
        assertThat(w.expire(20 * MS, log, 100)).isEqualTo(6);
        assertThat(log.drain()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void handlerReschedulingAtNowFiresInTheSameCallWithinTheLimit() {
        TimingWheel w = new TimingWheel();
        w.schedule(5 * MS, 0);
        TimerHandler again = (id, p, now) -> w.schedule(now, p + 1);
        assertThat(w.expire(5 * MS, again, 5)).isEqualTo(5);
        assertThat(w.size()).isEqualTo(1);
        w.expire(5 * MS, (id, p, now) -> log.onTimer(id, p, now), 5);
        assertThat(log.drain()).containsExactly(5L);
    }

    @Test
    void handlerCancelsATimerOfTheSameSlot() {
        TimingWheel w = new TimingWheel();
        w.schedule(7 * MS, 1);
        long second = w.schedule(7 * MS, 2);
        w.schedule(7 * MS, 3);
        boolean[] cancelled = new boolean[1];
        w.expire(7 * MS, (id, p, now) -> {
            log.onTimer(id, p, now);
            if (p == 1) cancelled[0] = w.cancel(second);
        }, 100);
        assertThat(cancelled[0]).isTrue();
        assertThat(log.drain()).containsExactly(1L, 3L);
        assertThat(w.size()).isZero();
    }

    @Test
    void handlerCannotCancelItselfOrReenterExpire() {
        TimingWheel w = new TimingWheel();
        w.schedule(MS, 1);
        boolean[] self = {true};
        w.expire(MS, (id, p, now) -> {
            self[0] = w.cancel(id);
            assertThatThrownBy(() -> w.expire(now, log, 1)).isInstanceOf(IllegalStateException.class);
        }, 10);
        assertThat(self[0]).isFalse();
    }

    @Test
    void timersScheduledDuringAJumpArePlacedFromTheNewTime() {
        TimingWheel w = new TimingWheel();
        w.schedule(HOUR, 1);
        long jump = 10 * HOUR;
        long[] child = new long[1];
        w.expire(jump, (id, p, now) -> child[0] = w.schedule(now + 200 * MS, 2), 10);
        // Placed from tick `jump`, not from the 1 h slot: level 1, at most 8 ms late.
        assertThat(w.firesAt(jump + 200 * MS)).isEqualTo(jump + 200 * MS);
        assertThat(w.nextExpiry()).isEqualTo(jump + 200 * MS);
        assertThat(w.expire(jump + 200 * MS - 1, log, 10)).isZero();
        assertThat(w.expire(jump + 200 * MS, log, 10)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(2L);
    }

    @Test
    void jumpsFireEverythingDueInTickOrder() {
        TimingWheel w = new TimingWheel();
        long[] deadlines = {3 * HOUR, 2 * MS, 400 * SEC, 90 * MS, 2 * HOUR, 70 * SEC, 24 * HOUR};
        for (int i = 0; i < deadlines.length; i++) w.schedule(deadlines[i], i);
        assertThat(w.expire(2 * HOUR + 20 * 60 * SEC, log, 100)).isEqualTo(5);
        assertThat(log.drain()).containsExactly(1L, 3L, 5L, 2L, 4L);
        assertThat(w.expire(30 * HOUR, log, 100)).isEqualTo(2);
        assertThat(log.nows).containsExactly(30 * HOUR, 30 * HOUR);
        assertThat(log.drain()).containsExactly(0L, 6L);
    }

    @Test
    void staleIdsNeverCancelAReusedSlot() {
        TimingWheel w = new TimingWheel(MS, 4);
        long a = w.schedule(10 * MS, 1);
        assertThat(w.cancel(a)).isTrue();
        assertThat(w.cancel(a)).isFalse();
        long b = w.schedule(20 * MS, 2);
        assertThat((int) b).isEqualTo((int) a);      // the freed entry is reused ...
        assertThat(b).isNotEqualTo(a);               // ... under a new generation
        assertThat(w.cancel(a)).isFalse();
        assertThat(w.size()).isEqualTo(1);

        w.expire(20 * MS, log, 10);
        assertThat(log.ids).containsExactly(b);
        long c = w.schedule(30 * MS, 3);
        assertThat((int) c).isEqualTo((int) a);
        assertThat(w.cancel(b)).isFalse();           // fired id, slot now reused
        assertThat(w.cancel(a)).isFalse();
        assertThat(w.cancel(c)).isTrue();
    }

    @Test
    void idsThatWereNeverIssuedAreRejected() {
        TimingWheel w = new TimingWheel(MS, 4);
        long a = w.schedule(10 * MS, 1);
        assertThat(w.cancel(TimerService.NO_TIMER)).isFalse();
        assertThat(w.cancel(0)).isFalse();                       // a list head, not a timer
        assertThat(w.cancel(a + 1)).isFalse();                   // beyond the entries handed out
        assertThat(w.cancel(a + (1L << 32))).isFalse();          // a future generation
        assertThat(w.cancel(Long.MAX_VALUE)).isFalse();
        assertThat(w.size()).isEqualTo(1);
        assertThat(a).isNotNegative();
    }

    @Test
    void arraysGrowOnlyWhenPendingTimersExceedCapacity() {
        TimingWheel w = new TimingWheel(MS, 4);
        assertThat(w.capacity()).isEqualTo(4);
        for (int i = 0; i < 10_000; i++) {
            long id = w.schedule(i * MS, i);
            if (i % 3 == 0) w.expire(i * MS, log, 10);
            else w.cancel(id);
        }
        assertThat(w.capacity()).isEqualTo(4);
        for (int i = 0; i < 5; i++) w.schedule(HOUR, i);
        assertThat(w.capacity()).isEqualTo(8);
    }

    @Test
    void nextDeadlineIsNeverAfterTheEarliestPendingDeadline() {
        TimingWheel w = new TimingWheel();
        assertThat(w.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(w.nextExpiry()).isEqualTo(Long.MAX_VALUE);
        long early = w.schedule(5 * SEC + 3, 1);
        w.schedule(HOUR, 2);
        assertThat(w.nextDeadline()).isBetween(5 * SEC - 512 * MS, 5 * SEC + 3);
        assertThat(w.nextExpiry()).isEqualTo(w.firesAt(5 * SEC + 3));
        w.cancel(early);
        assertThat(w.nextDeadline()).isBetween(0L, HOUR).isGreaterThan(5 * SEC);
        assertThat(w.nextExpiry()).isEqualTo(w.firesAt(HOUR));
        w.expire(2 * HOUR, log, 10);
        assertThat(w.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void deadlinesAtTheEndOfTimeFireOnlyAtTheEnd() {
        TimingWheel w = new TimingWheel();
        w.schedule(Long.MAX_VALUE, 1);
        w.schedule(Long.MAX_VALUE - 1, 2);
        w.schedule(Long.MAX_VALUE / 2, 3);
        assertThat(w.firesAt(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(w.nextDeadline()).isLessThanOrEqualTo(Long.MAX_VALUE / 2);
        assertThat(w.expire(Long.MAX_VALUE - 1, log, 10)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(3L);
        assertThat(w.expire(Long.MAX_VALUE, log, 10)).isEqualTo(2);
        assertThat(log.drain()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void nanosecondTicksSpanTheWholeLongRange() {
        TimingWheel w = new TimingWheel(1, 16, Long.MIN_VALUE + 1);
        assertThat(w.levels()).isEqualTo(21);
        w.schedule(Long.MAX_VALUE - 10, 1);
        w.schedule(0, 2);
        w.schedule(Long.MIN_VALUE + 65, 3);
        assertThat(w.firesAt(Long.MIN_VALUE + 65)).isEqualTo(Long.MIN_VALUE + 65);
        assertThat(w.expire(Long.MIN_VALUE + 64, log, 10)).isZero();
        assertThat(w.expire(Long.MIN_VALUE + 65, log, 10)).isEqualTo(1);
        assertThat(w.expire(-1, log, 10)).isZero();
        assertThat(w.expire(0, log, 10)).isEqualTo(1);
        assertThat(w.expire(Long.MAX_VALUE, log, 10)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(3L, 2L, 1L);
    }

    @Test
    void anEmptyWheelFollowsAClockThatStartsBelowItsStart() {
        TimingWheel w = new TimingWheel();
        long start = -5 * HOUR;                  // System.nanoTime may be negative
        assertThat(w.expire(start, log, 10)).isZero();
        w.schedule(start + 10 * MS, 1);
        assertThat(w.firesAt(start + 10 * MS)).isEqualTo(start + 10 * MS);
        assertThat(w.expire(start + 10 * MS, log, 10)).isEqualTo(1);
        // With a timer pending, time going backwards fires nothing.
        w.schedule(start + 20 * MS, 2);
        assertThat(w.expire(start, log, 10)).isZero();
        assertThat(w.expire(start + 20 * MS, log, 10)).isEqualTo(1);
        assertThat(log.drain()).containsExactly(1L, 2L);
    }

    @Test
    void aMillionTimersInOneSlot() {
        TimingWheel w = new TimingWheel(MS, 16);
        int n = 1_000_000;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = w.schedule(HOUR + 1, i);
        assertThat(w.size()).isEqualTo(n);
        assertThat(w.capacity()).isEqualTo(1 << 20);
        for (int i = 0; i < n; i += 2) assertThat(w.cancel(ids[i])).isTrue();
        assertThat(w.size()).isEqualTo(n / 2);
        long at = w.firesAt(HOUR + 1);
        assertThat(w.nextExpiry()).isEqualTo(at);
        assertThat(w.expire(at - 1, log, Integer.MAX_VALUE)).isZero();
        long[] seen = {0, 1};   // count, next expected payload (FIFO within a slot)
        int fired = w.expire(at, (id, p, now) -> {
            if (p != seen[1]) throw new AssertionError("payload " + p + " fired, expected " + seen[1]);
            seen[0]++;
            seen[1] += 2;
        }, Integer.MAX_VALUE);
        assertThat(fired).isEqualTo(n / 2);
        assertThat(seen[0]).isEqualTo(n / 2);
        assertThat(w.size()).isZero();
        assertThat(w.capacity()).isEqualTo(1 << 20);
    }

    @Test
    void rejectsBadConstruction() {
        assertThatThrownBy(() -> new TimingWheel(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimingWheel(MS, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TimingWheel().tickNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(new TimingWheel().levels()).isEqualTo(15);
    }
}
