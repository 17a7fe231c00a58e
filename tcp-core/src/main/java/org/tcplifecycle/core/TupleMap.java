package org.tcplifecycle.core;

/**
 * Open-addressing map from a 4-tuple key (local address word, remote address word, ports packed as
 * {@code localPort << 16 | remotePort}) to an int, with keys stored inline in one primitive array: each
 * slot is three consecutive longs (local, remote, ports in the high half and the value in the low
 * half), so a probe reads one cache line (two when a slot straddles a line boundary) instead of one
 * line in each of four parallel arrays; with a million connections those lines are cache misses.
 * Never boxes. Linear probing, backward-shift deletion.
 */
final class TupleMap {
    static final int MISSING = -1;
    private static final int STRIDE = 3;

    private long[] slots; // [local, remote, ports << 32 | value]; value MISSING = empty slot
    private int mask;
    private int size;
    private int resizeAt;

    TupleMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        alloc(cap);
    }

    private void alloc(int cap) {
        slots = new long[cap * STRIDE];
        for (int i = 2; i < slots.length; i += STRIDE) slots[i] = MISSING & 0xFFFF_FFFFL;
        mask = cap - 1;
        resizeAt = (int) (cap * 0.6f);
    }

    static int ports(int localPort, int remotePort) {
        return localPort << 16 | remotePort;
    }

    static int hash(long local, long remote, int ports) {
        long h = local * 0x9E3779B97F4A7C15L + remote * 0xC2B2AE3D27D4EB4FL + ports * 0x165667B19E3779F9L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ h >>> 29);
    }

    private static long packed(int ports, int value) {
        return (long) ports << 32 | (value & 0xFFFF_FFFFL);
    }

    int size() {
        return size;
    }

    int capacity() {
        return mask + 1;
    }

    int get(long local, long remote, int ports) {
        long[] s = slots;
        for (int i = hash(local, remote, ports) & mask; ; i = i + 1 & mask) {
            int b = i * STRIDE;
            long pv = s[b + 2];
            int v = (int) pv;
            if (v == MISSING) return MISSING;
            if ((int) (pv >>> 32) == ports && s[b] == local && s[b + 1] == remote) return v;
        }
    }

    /** Insert or replace; returns the previous value or MISSING. */
    int put(long local, long remote, int ports, int value) {
        if (value == MISSING) throw new IllegalArgumentException("value");
        long[] s = slots;
        int i = hash(local, remote, ports) & mask;
        for (; ; i = i + 1 & mask) {
            int b = i * STRIDE;
            long pv = s[b + 2];
            int v = (int) pv;
            if (v == MISSING) break;
            if ((int) (pv >>> 32) == ports && s[b] == local && s[b + 1] == remote) {
                s[b + 2] = packed(ports, value);
                return v;
            }
        }
        int b = i * STRIDE;
        s[b] = local;
        s[b + 1] = remote;
        s[b + 2] = packed(ports, value);
        if (++size > resizeAt) grow();
        return MISSING;
    }

    int remove(long local, long remote, int ports) {
        long[] s = slots;
        int i = hash(local, remote, ports) & mask;
        for (; ; i = i + 1 & mask) {
            int b = i * STRIDE;
            long pv = s[b + 2];
            if ((int) pv == MISSING) return MISSING;
            if ((int) (pv >>> 32) == ports && s[b] == local && s[b + 1] == remote) break;
        }
        int old = (int) s[i * STRIDE + 2];
        int j = i;
        while (true) {
            j = j + 1 & mask;
            int bj = j * STRIDE;
            long pv = s[bj + 2];
            if ((int) pv == MISSING) break;
            int home = hash(s[bj], s[bj + 1], (int) (pv >>> 32)) & mask;
            if ((j - home & mask) >= (j - i & mask)) {
                int bi = i * STRIDE;
                s[bi] = s[bj];
                s[bi + 1] = s[bj + 1];
                s[bi + 2] = pv;
                i = j;
            }
        }
        s[i * STRIDE + 2] = MISSING & 0xFFFF_FFFFL;
        size--;
        return old;
    }

    private void grow() {
        long[] old = slots;
        alloc((mask + 1) * 2);
        size = 0;
        for (int b = 0; b < old.length; b += STRIDE) {
            long pv = old[b + 2];
            if ((int) pv != MISSING) put(old[b], old[b + 1], (int) (pv >>> 32), (int) pv);
        }
    }
}
