package org.tcplifecycle.timers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random schedule / cancel / expire sequences against {@link HeapTimerService}, which fires exactly at
 * the deadline. Time steps range from nothing to months; deadlines from the past to months ahead, with
 * bursts of identical deadlines; cancels hit pending, fired, cancelled and reused (stale) ids alike.
 */
class TimingWheelPropertiesTest {
    static final long MS = 1_000_000L;
    static final long HOUR = 3_600_000 * MS;
    static final long MONTHS = 10_000_000_000_000_000L;   // ~116 days

    static final int SCHEDULE = 0, BURST = 1, CANCEL = 2, ADVANCE = 3, EXPIRE_AGAIN = 4;

    /** {@code amount}: deadline offset or time step; {@code count}: burst size or which id to cancel. */
    record Op(int kind, long amount, int count) {}

    @Provide
    Arbitrary<Long> ticks() {
        return Arbitraries.of(1L, 1000L, MS, 3 * MS, 10 * MS);
    }

    @Provide
    Arbitrary<Long> starts() {
        return Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(-1_000_000_000_000_000_000L,
                1_000_000_000_000_000_000L));
    }

    Arbitrary<Long> deadlineOffsets() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-3 * MS, 3 * MS),
                Arbitraries.longs().between(-HOUR, 0),
                Arbitraries.longs().between(0, 200 * MS),
                Arbitraries.longs().between(0, 600_000 * MS),
                Arbitraries.longs().between(0, 3 * HOUR),
                Arbitraries.longs().between(0, MONTHS));
    }

    Arbitrary<Long> steps() {
        return Arbitraries.oneOf(
                Arbitraries.just(0L),
                Arbitraries.longs().between(1, 2 * MS),
                Arbitraries.longs().between(0, 1000 * MS),
                Arbitraries.longs().between(0, 3 * HOUR),
                Arbitraries.longs().between(0, MONTHS));
    }

    Arbitrary<List<Op>> opsWith(Arbitrary<Long> deadlineOffsets) {
        Arbitrary<Op> schedule = deadlineOffsets.map(o -> new Op(SCHEDULE, o, 0));
        Arbitrary<Op> burst = Combinators.combine(deadlineOffsets, Arbitraries.integers().between(2, 40))
                .as((o, n) -> new Op(BURST, o, n));
        Arbitrary<Op> cancel = Arbitraries.integers().between(0, 10_000).map(i -> new Op(CANCEL, 0, i));
        Arbitrary<Op> advance = steps().map(s -> new Op(ADVANCE, s, 0));
        Arbitrary<Op> again = Arbitraries.just(new Op(EXPIRE_AGAIN, 0, 0));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(40, schedule),
                Tuple.of(5, burst),
                Tuple.of(20, cancel),
                Tuple.of(30, advance),
                Tuple.of(5, again));
        return op.list().ofMaxSize(80);
    }

    @Provide
    Arbitrary<List<Op>> anyOps() {
        return opsWith(deadlineOffsets());
    }

    /** Offsets in whole ticks, from the past to the last tick level 0 reaches. */
    @Provide
    Arbitrary<List<Op>> nearTickOps() {
        return opsWith(Arbitraries.longs().between(-70, 64));
    }

    /**
     * Deadlines on tick boundaries within level 0's reach fire exactly when the heap fires them: same set
     * per expire call, same answer to every cancel.
     */
    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void sameAsHeapForTickAlignedNearDeadlines(@ForAll("ticks") long tick, @ForAll("nearTickOps") List<Op> ops) {
        TimingWheel wheel = new TimingWheel(tick, 8);
        HeapTimerService heap = new HeapTimerService(8);
        Pair pair = new Pair(wheel, heap, 0);
        drive(pair, ops, 0, (now, amount) -> Math.floorDiv(now, tick) * tick + amount * tick);
        assertThat(wheel.size()).isZero();
    }

    /** Apply the operations to both timer services (deadline from the current time and the op's amount). */
    private static void drive(Pair pair, List<Op> ops, long start, java.util.function.LongBinaryOperator deadline) {
        long now = start;
        for (Op op : ops) {
            switch (op.kind()) {
                case SCHEDULE:
                case BURST:
                    long d = deadline.applyAsLong(now, op.amount());
                    for (int i = 0; i < Math.max(1, op.count()); i++) pair.schedule(d);
                    break;
                case CANCEL:
                    pair.cancel(op.count());
                    break;
                case ADVANCE:
                    now += op.amount();
                    pair.expire(now);
                    break;
                default:
                    pair.expire(now);
            }
        }
        pair.expire(Long.MAX_VALUE);
    }

    /**
     * Any deadline: the wheel fires a timer exactly when the heap fires it at the instant
     * {@link TimingWheel#firesAt} gave when it was scheduled; that instant is never before the deadline
     * and late by less than the documented bound. Handlers reschedule, some at or before now.
     */
    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void sameAsHeapAtTheWheelsFiringInstants(@ForAll("ticks") long tick, @ForAll("starts") long start,
                                             @ForAll("anyOps") List<Op> ops) {
        TimingWheel wheel = new TimingWheel(tick, 8, start);
        HeapTimerService heap = new HeapTimerService(8);
        Pair pair = new Pair(wheel, heap, start);
        pair.rounded = true;
        drive(pair, ops, start, (now, amount) -> now + amount);
        assertThat(wheel.size()).isZero();
    }

    /**
     * With limits: each call fires at most the limit, only pending timers whose deadline has passed; a
     * call that stops short of its limit leaves nothing whose firing instant has come; nextExpiry is
     * exactly the earliest firing instant and nextDeadline never after the earliest deadline.
     */
    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void limitsAndNextDeadlineAgainstAModel(@ForAll("ticks") long tick, @ForAll("starts") long start,
                                            @ForAll("anyOps") List<Op> ops,
                                            @ForAll("limits") List<Integer> limits) {
        TimingWheel wheel = new TimingWheel(tick, 8, start);
        Map<Long, long[]> pending = new HashMap<>();   // payload -> {deadline, firesAt}
        List<long[]> issued = new ArrayList<>();          // {payload, id}
        long[] seq = {0};
        long now = start;
        int li = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case SCHEDULE:
                case BURST:
                    long d = now + op.amount();
                    for (int i = 0; i < Math.max(1, op.count()); i++) {
                        long p = seq[0]++;
                        long at = wheel.firesAt(d);
                        issued.add(new long[] {p, wheel.schedule(d, p)});
                        pending.put(p, new long[] {d, at});
                    }
                    break;
                case CANCEL:
                    if (issued.isEmpty()) break;
                    long[] pi = issued.get(op.count() % issued.size());
                    assertThat(wheel.cancel(pi[1])).isEqualTo(pending.remove(pi[0]) != null);
                    break;
                default:
                    now += op.kind() == ADVANCE ? op.amount() : 0;
                    int limit = limits.isEmpty() ? 3 : limits.get(li++ % limits.size());
                    long t = now;
                    int[] n = {0};
                    int fired = wheel.expire(now, (id, p, at) -> {
                        long[] x = pending.remove(p);
                        assertThat(x).as("fired timer %d was pending", p).isNotNull();
                        assertThat(x[0]).as("deadline <= now").isLessThanOrEqualTo(t);
                        n[0]++;
                    }, limit);
                    assertThat(fired).isEqualTo(n[0]).isLessThanOrEqualTo(limit);
                    if (fired < limit) {
                        for (long[] x : pending.values()) assertThat(x[1]).isGreaterThan(now);
                    }
            }
            assertThat(wheel.size()).isEqualTo(pending.size());
            long minDeadline = Long.MAX_VALUE, minFire = Long.MAX_VALUE;
            for (long[] x : pending.values()) {
                minDeadline = Math.min(minDeadline, x[0]);
                minFire = Math.min(minFire, x[1]);
            }
            assertThat(wheel.nextDeadline()).isLessThanOrEqualTo(minDeadline);
            long lastNow = now;
            assertThat(wheel.nextExpiry()).isEqualTo(minFire <= lastNow ? lastNow : minFire);
        }
        wheel.expire(Long.MAX_VALUE, (id, p, at) -> assertThat(pending.remove(p)).isNotNull(), Integer.MAX_VALUE);
        assertThat(pending).isEmpty();
    }

    @Provide
    Arbitrary<List<Integer>> limits() {
        return Arbitraries.integers().between(1, 6).list().ofMaxSize(8);
    }

    /** Runs one wheel and one heap side by side; timers are matched by a unique payload. */
    static final class Pair {
        final TimingWheel wheel;
        final HeapTimerService heap;
        final List<Long> payloads = new ArrayList<>();
        final Map<Long, Long> wheelIds = new HashMap<>();
        final Map<Long, Long> heapIds = new HashMap<>();
        final Map<Long, Long> deadlines = new HashMap<>();
        /** Feed the heap the wheel's firing instant instead of the deadline. */
        boolean rounded;
        long next;

        /** The wheel's time: its start, then the latest expire. */
        long lastNow;

        Pair(TimingWheel wheel, HeapTimerService heap, long start) {
            this.wheel = wheel;
            this.heap = heap;
            this.lastNow = start;
        }

        void schedule(long d) {
            long p = next++ << 2;   // low bits: how many generations of children below this one
            add(d, p);
        }

        private void add(long d, long p) {
            long at = rounded ? wheel.firesAt(d) : d;
            assertThat(at).isGreaterThanOrEqualTo(d);
            if (rounded) checkBound(d, at);
            payloads.add(p);
            deadlines.put(p, d);
            wheelIds.put(p, wheel.schedule(d, p));
            heapIds.put(p, heap.schedule(at, p));
        }

        /** Late by less than tick * 8^l, and 8^l <= max(1, 8 (delay + 1) / 62), delay in ticks. */
        void checkBound(long d, long at) {
            long tick = wheel.tickNanos();
                        if (d <= lastNow || at == Long.MAX_VALUE) return;   // due now / beyond the last slot
            long delay = -Math.floorDiv(-d, tick) - Math.floorDiv(lastNow, tick);
            double bound = tick * Math.max(1.0, 8.0 * (delay + 1) / 62);
            assertThat((double) (at - d)).as("late by less than %s", bound).isLessThan(bound);
        }

        void cancel(int pick) {
            if (payloads.isEmpty()) return;
            long p = payloads.get(pick % payloads.size());
            assertThat(wheel.cancel(wheelIds.get(p))).as("cancel %d", p).isEqualTo(heap.cancel(heapIds.get(p)));
        }

        void expire(long now) {
            lastNow = now;
            Set<Long> w = new HashSet<>(), h = new HashSet<>();
            wheel.expire(now, (id, p, at) -> {
                assertThat(at).isEqualTo(now);
                assertThat(deadlines.get(p)).as("never early").isLessThanOrEqualTo(now);
                assertThat(w.add(p)).isTrue();
                child(p, now, true);
            }, Integer.MAX_VALUE);
            heap.expire(now, (id, p, at) -> {
                assertThat(h.add(p)).isTrue();
                child(p, now, false);
            }, Integer.MAX_VALUE);
            assertThat(w).as("fired at %d", now).isEqualTo(h);
        }

        /** With rounding, every fifth timer reschedules (two generations deep), some at or before now. */
        private void child(long p, long now, boolean inWheel) {
            if (!rounded || (p >>> 2) % 5 != 0 || (p & 3) == 2) return;   // unrounded: children would not be tick-aligned
            long c = p + 1;
            long d = now + Math.floorMod((p >>> 2) * 7919 * MS + (p & 3) * 13 * MS, 400 * MS) - 100 * MS;
            if (inWheel) {
                long at = wheel.firesAt(d);
                assertThat(at).isGreaterThanOrEqualTo(d);
                if (rounded) checkBound(d, at);
                deadlines.put(c, d);
                payloads.add(c);
                wheelIds.put(c, wheel.schedule(d, c));
            } else {
                heapIds.put(c, heap.schedule(rounded ? wheel.firesAt(d) : d, c));
            }
        }
    }
}
