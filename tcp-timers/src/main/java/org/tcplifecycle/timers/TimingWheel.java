package org.tcplifecycle.timers;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.tcplifecycle.api.policy.TimerHandler;
import org.tcplifecycle.api.policy.TimerService;

/**
 * A hashed hierarchical timing wheel that never cascades: each timer is put once, in the lowest level
 * whose 64 slots reach its deadline, and fires from there. O(1) schedule and cancel, no allocation per
 * timer, no thread of its own.
 *
 * <h2>Levels and resolution</h2>
 * Level {@code l} has 64 slots of {@code 8^l} ticks each, so level 0 spans 64 ticks at tick resolution,
 * level 1 spans 512 ticks at 8 ticks, and so on; enough levels are built to hold any {@code long}
 * deadline. A timer's deadline is rounded up to a whole tick and then up to its level's granularity: it
 * fires in the first {@code expire(now)} with {@code now} at or after that rounded instant
 * ({@link #firesAt}). It therefore <b>never fires early</b>, and fires late by less than
 * {@code tick * 8^l}, the granularity of its level. The level is the lowest one that reaches the
 * deadline, so {@code 8^l <= max(1, 8 * (delay + 1) / 62)} with {@code delay} in ticks from the wheel's
 * time: lateness is under one tick for delays up to 64 ticks and under about 13% of the delay beyond.
 * With the default 1 ms tick: a 200 ms RTO fires at most 8 ms late, a 60 s TIME_WAIT at most 4.1 s,
 * a 2 h keepalive at most 262 s (the same trade the Linux timer wheel makes).
 *
 * <h2>Storage</h2>
 * Timers live in parallel primitive arrays indexed by slot: payload ({@code long}), next and prev links
 * ({@code int}) of an intrusive circular doubly linked list, and a generation ({@code int}). The first
 * entries of those arrays are the list heads (one per wheel slot, plus a due list and a far list), so a
 * wheel slot holds any number of timers and unlinking needs no knowledge of the slot. Per level, one
 * {@code long} bitmap marks non-empty slots; advancing time jumps from one non-empty slot to the next
 * whatever the gap, so a jump of hours costs nothing for the empty ticks it skips. Arrays double only
 * when the number of pending timers exceeds the capacity; freed entries are reused through a free list
 * threaded through the next links. That is 20 bytes per pending timer at full capacity.
 *
 * <h2>Ids</h2>
 * {@code id = generation << 32 | slot}; the generation of a slot is bumped each time its timer fires or
 * is cancelled, so a stale id never cancels the timer that later reuses the slot (until the 31-bit
 * generation wraps, after two billion reuses of one slot).
 *
 * <h2>Time</h2>
 * The wheel's time starts at {@code startNanos} and moves forward with each {@code expire(now)}. A timer
 * whose deadline is at or before the latest {@code now} goes to the due list and fires on the next
 * {@code expire}. {@code now} must not go backwards: such a call fires nothing (but on an empty wheel it
 * re-bases the wheel's time, so a clock that starts below {@code startNanos} is harmless when its first
 * reading is passed to {@code expire} before anything is scheduled). Deadlines within one top-level
 * granule of {@link Long#MAX_VALUE} cannot be represented by a slot; they fire only at
 * {@code expire(Long.MAX_VALUE)}. Single-threaded, like every {@link TimerService}.
 */
public final class TimingWheel implements TimerService {
    /** Slots per level; a level's occupancy fits one {@code long} bitmap. */
    static final int SLOTS = 64;
    /** Each level's granularity is 8 times the one below. */
    static final int LEVEL_SHIFT = 3;
    private static final int FREE = -1;   // prev link of an entry that holds no timer
    private static final int NIL = -1;    // end of the free list

    private final long tick;
    private final int levels;
    private final long maxTick;            // largest tick whose instant (tick * this.tick) fits a long
    private final int due;                 // list head: timers to fire on the next expire
    private final int far;                 // list head: deadlines beyond the last representable slot
    private final int first;               // first entry that holds timers (after the list heads)
    private final long[] occupied;         // per level: bit j set when slot j is non-empty

    private long[] payload;
    private int[] next;
    private int[] prev;
    private int[] gen;
    private int used;                      // entries below this were handed out at least once
    private int freeHead = NIL;
    private int size;

    private long now;                      // latest time given to expire (or the start)
    private long clk;                      // floorDiv(now, tick): slots due at or before it are emptied
    private long dueLow = Long.MAX_VALUE;  // lower bound of deadlines in the due list while non-empty
    private long farLow = Long.MAX_VALUE;  // lower bound of deadlines in the far list while non-empty
    private boolean expiring;

    /** 1 ms tick, suited to TCP timers (200 ms RTO .. 2 h keepalive); time starts at 0. */
    public TimingWheel() {
        this(TimeUnit.MILLISECONDS.toNanos(1), 1024);
    }

    public TimingWheel(long tickNanos, int initialCapacity) {
        this(tickNanos, initialCapacity, 0L);
    }

    public TimingWheel(long tickNanos, int initialCapacity, long startNanos) {
        if (tickNanos <= 0) throw new IllegalArgumentException("tick must be positive: " + tickNanos);
        if (initialCapacity < 0) throw new IllegalArgumentException("negative capacity: " + initialCapacity);
        tick = tickNanos;
        // Ticks span less than 2^(65 - log2(tick)); the top level must reach that far with 64 slots.
        int log2Tick = 63 - Long.numberOfLeadingZeros(tickNanos);
        int topShift = Math.max(0, 60 - log2Tick);
        topShift = (topShift + LEVEL_SHIFT - 1) / LEVEL_SHIFT * LEVEL_SHIFT;
        levels = topShift / LEVEL_SHIFT + 1;
        maxTick = Long.MAX_VALUE / tickNanos;
        due = levels * SLOTS;
        far = due + 1;
        first = far + 1;
        occupied = new long[levels];
        int n = first + Math.max(4, initialCapacity);
        payload = new long[n];
        next = new int[n];
        prev = new int[n];
        gen = new int[n];
        for (int h = 0; h < first; h++) {
            next[h] = h;
            prev[h] = h;
        }
        used = first;
        now = startNanos;
        clk = Math.floorDiv(startNanos, tickNanos);
    }

    public long tickNanos() {
        return tick;
    }

    /** Number of levels; level {@code l} has granularity {@code tickNanos() * 8^l}. */
    public int levels() {
        return levels;
    }

    /** Timers the arrays can hold before they grow. */
    public int capacity() {
        return payload.length - first;
    }

    @Override
    public long schedule(long deadlineNanos, long p) {
        int t = allocate();
        payload[t] = p;
        place(t, deadlineNanos);
        size++;
        return (long) gen[t] << 32 | t;
    }

    @Override
    public boolean cancel(long timerId) {
        if (timerId < 0) return false;
        int t = (int) timerId;
        if (t < first || t >= used || prev[t] == FREE || gen[t] != (int) (timerId >>> 32)) return false;
        unlink(t);
        release(t);
        size--;
        return true;
    }

    @Override
    public int expire(long nowNanos, TimerHandler handler, int limit) {
        if (expiring) throw new IllegalStateException("expire called from a timer handler");
        if (nowNanos < now) {
            if (size == 0) {
                now = nowNanos;
                clk = Math.floorDiv(nowNanos, tick);
            }
            return 0;
        }
        now = nowNanos;
        advance(Math.floorDiv(nowNanos, tick));
        if (nowNanos == Long.MAX_VALUE && next[far] != far) spliceToDue(far, farLow);
        int fired = 0;
        expiring = true;
        try {
            while (fired < limit && next[due] != due) {
                int t = next[due];
                long id = (long) gen[t] << 32 | t;
                long p = payload[t];
                unlink(t);
                release(t);
                size--;
                fired++;
                handler.onTimer(id, p, nowNanos);
            }
        } finally {
            expiring = false;
        }
        return fired;
    }

    /**
     * A lower bound of the pending deadlines ({@link Long#MAX_VALUE} when none). Because a timer fires
     * only when its slot comes up, this may be up to one granule before anything can fire: an event loop
     * should sleep until {@link #nextExpiry()} instead.
     */
    @Override
    public long nextDeadline() {
        long best = Long.MAX_VALUE;
        if (next[due] != due) best = dueLow;
        if (next[far] != far) best = Math.min(best, farLow);
        for (int l = 0; l < levels; l++) {
            if (occupied[l] == 0) continue;
            int shift = l * LEVEL_SHIFT;
            long at = firstOccupied(l) << shift;
            // A timer in a slot due at tick `at` has its deadline after tick `at - 8^l`.
            best = Math.min(best, instantAfter(at - (1L << shift)));
        }
        return best;
    }

    /**
     * The earliest {@code now} at which {@link #expire} will fire something: the wheel's time when timers
     * are due already, {@link Long#MAX_VALUE} when none are pending. Never earlier than the wheel's
     * resolution makes necessary, so sleeping until then neither spins nor misses a firing.
     */
    public long nextExpiry() {
        if (next[due] != due) return now;
        long best = Long.MAX_VALUE;
        for (int l = 0; l < levels; l++) {
            if (occupied[l] != 0) best = Math.min(best, firstOccupied(l) << l * LEVEL_SHIFT);
        }
        return best == Long.MAX_VALUE ? Long.MAX_VALUE : best * tick;   // a far timer fires only at MAX
    }

    /**
     * The earliest {@code now} at which a timer scheduled right now with this deadline would fire: the
     * deadline itself when it is already due (it fires on the next expire), otherwise the deadline
     * rounded up to a whole tick and to the granularity of the level it would go to.
     */
    public long firesAt(long deadlineNanos) {
        if (deadlineNanos <= now) return deadlineNanos;
        long e = -Math.floorDiv(-deadlineNanos, tick);
        int l = levelFor(e);
        int shift = l * LEVEL_SHIFT;
        long idx = roundUp(e, shift);
        return idx > maxTick >> shift ? Long.MAX_VALUE : (idx << shift) * tick;
    }

    @Override
    public int size() {
        return size;
    }

    private void place(int t, long d) {
        if (d <= now) {
            dueLow = next[due] == due ? d : Math.min(dueLow, d);
            append(due, t);
            return;
        }
        long e = -Math.floorDiv(-d, tick);   // ceil: d > now >= Long.MIN_VALUE, so -d does not overflow
        int l = levelFor(e);
        int shift = l * LEVEL_SHIFT;
        long idx = roundUp(e, shift);
        if (idx > maxTick >> shift) {
            farLow = next[far] == far ? d : Math.min(farLow, d);
            append(far, t);
            return;
        }
        int slot = (int) idx & SLOTS - 1;
        append(l * SLOTS + slot, t);
        occupied[l] |= 1L << slot;
    }

    /**
     * The lowest level where tick {@code e} (> clk) gets a slot: its rounded-up index must be among the
     * next 64 indexes the level will reach. The differences are positive, so unsigned comparison is
     * exact even where a signed difference would overflow.
     */
    private int levelFor(long e) {
        long delta = e - clk;   // >= 1 as an unsigned number
        int bits = 64 - Long.numberOfLeadingZeros(delta - 1);
        int l = Math.max(0, (bits - 6 + LEVEL_SHIFT - 1) / LEVEL_SHIFT);   // below this, 64 slots are too few
        for (; l < levels - 1; l++) {
            int shift = l * LEVEL_SHIFT;
            if (Long.compareUnsigned(roundUp(e, shift) - (clk >> shift), SLOTS) <= 0) return l;
        }
        return levels - 1;
    }

    private static long roundUp(long e, int shift) {
        return (e >> shift) + ((e & (1L << shift) - 1) != 0 ? 1 : 0);
    }

    /** Index (in the level's own units) of the first non-empty slot the level will reach after clk. */
    private long firstOccupied(int l) {
        long base = (clk >> l * LEVEL_SHIFT) + 1;
        return base + Long.numberOfTrailingZeros(Long.rotateRight(occupied[l], (int) base & SLOTS - 1));
    }

    /** Move every slot due at or before tick {@code target} to the due list, in firing order. */
    private void advance(long target) {
        while (true) {
            long at = Long.MAX_VALUE;
            boolean any = false;   // `at` alone cannot tell: MAX_VALUE is a valid tick when the tick is 1 ns
            for (int l = 0; l < levels; l++) {
                if (occupied[l] == 0) continue;
                at = Math.min(at, firstOccupied(l) << l * LEVEL_SHIFT);
                any = true;
            }
            if (!any || at > target) break;
            for (int l = 0; l < levels; l++) {
                int shift = l * LEVEL_SHIFT;
                if ((at & (1L << shift) - 1) != 0) break;   // higher levels are not reached at `at` either
                int slot = (int) (at >> shift) & SLOTS - 1;
                if ((occupied[l] & 1L << slot) != 0) {
                    occupied[l] &= ~(1L << slot);
                    spliceToDue(l * SLOTS + slot, instantAfter(at - (1L << shift)));
                }
            }
        }
        clk = target;
    }

    /** {@code ticks * tick + 1}, saturated toward smaller values: a lower bound of instants after that tick. */
    private long instantAfter(long ticks) {
        if (ticks >= maxTick) return maxTick * tick;
        return ticks <= Math.floorDiv(Long.MIN_VALUE, tick) ? Long.MIN_VALUE : ticks * tick + 1;
    }

    private void spliceToDue(int head, long low) {
        int a = next[head];
        if (a == head) return;
        int z = prev[head];
        dueLow = next[due] == due ? low : Math.min(dueLow, low);
        int tail = prev[due];
        next[tail] = a;
        prev[a] = tail;
        next[z] = due;
        prev[due] = z;
        next[head] = head;
        prev[head] = head;
    }

    private void append(int head, int t) {
        int tail = prev[head];
        next[tail] = t;
        prev[t] = tail;
        next[t] = head;
        prev[head] = t;
    }

    private void unlink(int t) {
        int n = next[t], p = prev[t];
        next[p] = n;
        prev[n] = p;
        // Only the head is left when both neighbours are the same entry; clear a wheel slot's bit then.
        if (n == p && n < due) occupied[n / SLOTS] &= ~(1L << (n & SLOTS - 1));
    }

    private int allocate() {
        int t = freeHead;
        if (t != NIL) {
            freeHead = next[t];
            return t;
        }
        if (used == payload.length) grow();
        return used++;
    }

    private void release(int t) {
        prev[t] = FREE;
        gen[t] = gen[t] + 1 & Integer.MAX_VALUE;
        next[t] = freeHead;
        freeHead = t;
    }

    private void grow() {
        int cap = payload.length - first;
        long wanted = (long) first + 2L * cap;
        int n = (int) Math.min(wanted, Integer.MAX_VALUE - 8);
        if (n <= payload.length) throw new IllegalStateException("timing wheel full: " + size + " timers");
        payload = Arrays.copyOf(payload, n);
        next = Arrays.copyOf(next, n);
        prev = Arrays.copyOf(prev, n);
        gen = Arrays.copyOf(gen, n);
    }
}
