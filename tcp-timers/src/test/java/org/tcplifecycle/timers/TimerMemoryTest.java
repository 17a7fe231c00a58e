package org.tcplifecycle.timers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;
import org.tcplifecycle.api.policy.TimerService;

/**
 * Retained heap per pending timer, measured with JOL over the whole object graph. The wheel keeps a
 * long payload, two int links and an int generation per timer: 20 bytes, plus the slack the last
 * doubling left.
 */
class TimerMemoryTest {
    static final long MS = 1_000_000L;
    static final int MILLION = 1_000_000;

    static double bytesPerTimer(TimerService timers, int pending) {
        assertThat(timers.size()).isEqualTo(pending);
        return (double) GraphLayout.parseInstance(timers).totalSize() / pending;
    }

    @Test
    void aMillionTimersInOneSlot() {
        TimingWheel w = new TimingWheel(MS, 16);
        for (int i = 0; i < MILLION; i++) w.schedule(3_600_000 * MS, i);
        double b = bytesPerTimer(w, MILLION);
        System.out.printf("TimingWheel, 1,000,000 timers in one slot: %.2f bytes per pending timer (capacity %d)%n",
                b, w.capacity());
        // 20 bytes per entry over 2^20 entries (the doubling from 16 stops there) for 10^6 timers.
        assertThat(b).isBetween(20.0, 21.1);
    }

    @Test
    void aMillionTimersSpreadOverAllLevels() {
        TimingWheel w = new TimingWheel(MS, 16);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < MILLION; i++) w.schedule(r.nextLong(1, 7_200_000 * MS), i);
        double b = bytesPerTimer(w, MILLION);
        System.out.printf("TimingWheel, 1,000,000 timers from 1 ns to 2 h: %.2f bytes per pending timer%n", b);
        assertThat(b).isBetween(20.0, 21.1);
    }

    @Test
    void atFullCapacityTheCostIsTwentyBytes() {
        TimingWheel w = new TimingWheel(MS, 1 << 20);
        for (int i = 0; i < 1 << 20; i++) w.schedule(i * MS, i);
        assertThat(w.capacity()).isEqualTo(1 << 20);
        double b = bytesPerTimer(w, 1 << 20);
        System.out.printf("TimingWheel, 1,048,576 timers at full capacity: %.2f bytes per pending timer%n", b);
        assertThat(b).isBetween(20.0, 20.1);
    }

    @Test
    void cancelledTimersDoNotAccumulate() {
        TimingWheel w = new TimingWheel(MS, 1 << 10);
        for (int round = 0; round < 1000; round++) {
            long[] ids = new long[1000];
            for (int i = 0; i < ids.length; i++) ids[i] = w.schedule((round + 1000L) * MS, i);
            for (long id : ids) w.cancel(id);
        }
        assertThat(w.capacity()).isEqualTo(1 << 10);
        assertThat(GraphLayout.parseInstance(w).totalSize()).isLessThan(64 * 1024);
    }

    @Test
    void heapReferenceForComparison() {
        HeapTimerService h = new HeapTimerService(16);
        for (int i = 0; i < MILLION; i++) h.schedule(3_600_000 * MS, i);
        double b = bytesPerTimer(h, MILLION);
        System.out.printf("HeapTimerService, 1,000,000 timers: %.2f bytes per pending timer%n", b);
        assertThat(b).isGreaterThan(40.0);
    }
}
