package org.tcplifecycle.core;

import java.util.Arrays;

/**
 * Interns IPv6 addresses into compact 33-bit "address words" so that a 4-tuple key is two longs and an
 * int for both IP versions. IPv4 addresses are their own word ({@code addr & 0xFFFFFFFF}); an IPv6 word is
 * {@code 1L << 32 | id}. IPv6 entries are reference counted by the connections and TIME_WAIT entries
 * that use them, so the book is bounded by live state (a flood of spoofed sources cannot grow it
 * beyond the SYN backlog).
 */
final class AddressBook {
    static final long V6_TAG = 1L << 32;

    private long[] hi = new long[16];
    private long[] lo = new long[16];
    private int[] refs = new int[16];
    private int[] freeIds = new int[16];
    private int freeCount;
    private int used;
    private int[] index = new int[64]; // id + 1, 0 = empty
    private int live;

    static boolean isV6(long word) {
        return (word & V6_TAG) != 0;
    }

    static long v4Word(long lo) {
        return lo & 0xFFFF_FFFFL;
    }

    long hi(long word) {
        return isV6(word) ? hi[(int) word] : 0;
    }

    long lo(long word) {
        return isV6(word) ? lo[(int) word] : word & 0xFFFF_FFFFL;
    }

    /** Word for an address, taking a reference when it is IPv6. */
    long acquire(boolean ipv6, long h, long l) {
        if (!ipv6) return v4Word(l);
        int id = find(h, l);
        if (id < 0) id = insert(h, l);
        refs[id]++;
        return V6_TAG | id;
    }

    /** Word for an address without taking a reference; -1 when an IPv6 address is unknown. */
    long lookup(boolean ipv6, long h, long l) {
        if (!ipv6) return v4Word(l);
        int id = find(h, l);
        return id < 0 ? -1 : V6_TAG | id;
    }

    void retain(long word) {
        if (isV6(word)) refs[(int) word]++;
    }

    void release(long word) {
        if (!isV6(word)) return;
        int id = (int) word;
        if (--refs[id] == 0) remove(id);
    }

    int liveV6() {
        return live;
    }

    private static int hash(long h, long l) {
        long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL;
        x ^= x >>> 29;
        return (int) x ^ (int) (x >>> 32);
    }

    private int find(long h, long l) {
        int mask = index.length - 1;
        for (int i = hash(h, l) & mask; ; i = i + 1 & mask) {
            int v = index[i];
            if (v == 0) return -1;
            int id = v - 1;
            if (hi[id] == h && lo[id] == l) return id;
        }
    }

    private int insert(long h, long l) {
        int id;
        if (freeCount > 0) {
            id = freeIds[--freeCount];
        } else {
            if (used == hi.length) {
                int n = used * 2;
                hi = Arrays.copyOf(hi, n);
                lo = Arrays.copyOf(lo, n);
                refs = Arrays.copyOf(refs, n);
                freeIds = Arrays.copyOf(freeIds, n);
            }
            id = used++;
        }
        hi[id] = h;
        lo[id] = l;
        refs[id] = 0;
        live++;
        if (live * 2 > index.length) rehash(index.length * 2);
        put(id);
        return id;
    }

    private void put(int id) {
        int mask = index.length - 1;
        int i = hash(hi[id], lo[id]) & mask;
        while (index[i] != 0) i = i + 1 & mask;
        index[i] = id + 1;
    }

    private void rehash(int n) {
        int[] old = index;
        index = new int[n];
        for (int v : old) if (v != 0) put(v - 1);
    }

    private void remove(int id) {
        int mask = index.length - 1;
        int i = hash(hi[id], lo[id]) & mask;
        while (index[i] != id + 1) i = i + 1 & mask;
        // backward-shift deletion keeps probe chains intact without tombstones
        int j = i;
        while (true) {
            j = j + 1 & mask;
            int v = index[j];
            if (v == 0) break;
            int home = hash(hi[v - 1], lo[v - 1]) & mask;
            if ((j - home & mask) >= (j - i & mask)) {
                index[i] = v;
                i = j;
            }
        }
        index[i] = 0;
        freeIds[freeCount++] = id;
        live--;
    }
}
