package org.tcplifecycle.timers;

import java.util.Arrays;

import org.tcplifecycle.api.policy.TimerHandler;
import org.tcplifecycle.api.policy.TimerService;

/**
 * A binary min-heap of timers over primitive arrays: exact deadline order, O(log n) schedule and
 * cancel. Simple and obviously correct, so it serves as the reference the timing wheel is tested
 * against, and as a default for small engines. Timer id = slot index | generation << 32.
 */
public final class HeapTimerService implements TimerService {
    private long[] deadline;
    private long[] payload;
    private int[] heapPos;   // slot -> index in heap, -1 when free
    private int[] gen;       // slot -> generation
    private int[] heap;      // heap index -> slot
    private int size;
    private int[] freeSlots;
    private int freeCount;
    private int slotsUsed;
    private long seqCounter;
    private long[] order;    // slot -> insertion order (ties break FIFO)

    public HeapTimerService() {
        this(64);
    }

    public HeapTimerService(int initialCapacity) {
        int c = Math.max(4, initialCapacity);
        deadline = new long[c];
        payload = new long[c];
        heapPos = new int[c];
        gen = new int[c];
        heap = new int[c];
        freeSlots = new int[c];
        order = new long[c];
        Arrays.fill(heapPos, -1);
    }

    @Override
    public long schedule(long deadlineNanos, long p) {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            if (slotsUsed == deadline.length) grow();
            slot = slotsUsed++;
        }
        deadline[slot] = deadlineNanos;
        payload[slot] = p;
        order[slot] = seqCounter++;
        heap[size] = slot;
        heapPos[slot] = size;
        siftUp(size++);
        return (long) gen[slot] << 32 | slot;
    }

    @Override
    public boolean cancel(long timerId) {
        if (timerId < 0) return false;
        int slot = (int) timerId;
        if (slot >= slotsUsed || gen[slot] != (int) (timerId >>> 32) || heapPos[slot] < 0) return false;
        removeAt(heapPos[slot]);
        return true;
    }

    @Override
    public int expire(long nowNanos, TimerHandler handler, int limit) {
        int fired = 0;
        while (fired < limit && size > 0) {
            int slot = heap[0];
            if (deadline[slot] > nowNanos) break;
            long id = (long) gen[slot] << 32 | slot;
            long p = payload[slot];
            removeAt(0);
            fired++;
            handler.onTimer(id, p, nowNanos);
        }
        return fired;
    }

    @Override
    public long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : deadline[heap[0]];
    }

    @Override
    public int size() {
        return size;
    }

    private void removeAt(int i) {
        int slot = heap[i];
        heapPos[slot] = -1;
        gen[slot] = gen[slot] + 1 & 0x7FFF_FFFF;
        freeSlots[freeCount++] = slot;
        size--;
        if (i != size) {
            int last = heap[size];
            heap[i] = last;
            heapPos[last] = i;
            siftDown(i);
            siftUp(heapPos[last]);
        }
    }

    private boolean less(int a, int b) {
        long da = deadline[a], db = deadline[b];
        return da < db || da == db && order[a] < order[b];
    }

    private void siftUp(int i) {
        int slot = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int ps = heap[parent];
            if (!less(slot, ps)) break;
            heap[i] = ps;
            heapPos[ps] = i;
            i = parent;
        }
        heap[i] = slot;
        heapPos[slot] = i;
    }

    private void siftDown(int i) {
        int slot = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) break;
            int r = l + 1;
            int c = r < size && less(heap[r], heap[l]) ? r : l;
            if (!less(heap[c], slot)) break;
            heap[i] = heap[c];
            heapPos[heap[i]] = i;
            i = c;
        }
        heap[i] = slot;
        heapPos[slot] = i;
    }

    private void grow() {
        int n = deadline.length * 2;
        deadline = Arrays.copyOf(deadline, n);
        payload = Arrays.copyOf(payload, n);
        int old = heapPos.length;
        heapPos = Arrays.copyOf(heapPos, n);
        Arrays.fill(heapPos, old, n, -1);
        gen = Arrays.copyOf(gen, n);
        heap = Arrays.copyOf(heap, n);
        freeSlots = Arrays.copyOf(freeSlots, n);
        order = Arrays.copyOf(order, n);
    }
}
