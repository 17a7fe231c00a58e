package org.tcplifecycle.core;

/**
 * Open-addressing map from a 4-tuple key (local address word, remote address word, ports packed as
 * {@code localPort << 16 | remotePort}) to an int, with keys stored inline in primitive arrays: a
 * lookup touches one or two cache lines and never boxes. Linear probing, backward-shift deletion.
 */
final class TupleMap {
    static final int MISSING = -1;

    private long[] kLocal;
    private long[] kRemote;
    private int[] kPorts;
    private int[] values; // MISSING = empty slot
    private int mask;
    private int size;
    private int resizeAt;

    TupleMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        alloc(cap);
    }

    private void alloc(int cap) {
        kLocal = new long[cap];
        kRemote = new long[cap];
        kPorts = new int[cap];
        values = new int[cap];
        java.util.Arrays.fill(values, MISSING);
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

    int size() {
        return size;
    }

    int capacity() {
        return values.length;
    }

    int get(long local, long remote, int ports) {
        for (int i = hash(local, remote, ports) & mask; ; i = i + 1 & mask) {
            int v = values[i];
            if (v == MISSING) return MISSING;
            if (kPorts[i] == ports && kLocal[i] == local && kRemote[i] == remote) return v;
        }
    }

    /** Insert or replace; returns the previous value or MISSING. */
    int put(long local, long remote, int ports, int value) {
        if (value == MISSING) throw new IllegalArgumentException("value");
        int i = hash(local, remote, ports) & mask;
        for (; ; i = i + 1 & mask) {
            int v = values[i];
            if (v == MISSING) break;
            if (kPorts[i] == ports && kLocal[i] == local && kRemote[i] == remote) {
                values[i] = value;
                return v;
            }
        }
        kLocal[i] = local;
        kRemote[i] = remote;
        kPorts[i] = ports;
        values[i] = value;
        if (++size > resizeAt) grow();
        return MISSING;
    }

    int remove(long local, long remote, int ports) {
        int i = hash(local, remote, ports) & mask;
        for (; ; i = i + 1 & mask) {
            int v = values[i];
            if (v == MISSING) return MISSING;
            if (kPorts[i] == ports && kLocal[i] == local && kRemote[i] == remote) break;
        }
        int old = values[i];
        int j = i;
        while (true) {
            j = j + 1 & mask;
            if (values[j] == MISSING) break;
            int home = hash(kLocal[j], kRemote[j], kPorts[j]) & mask;
            if ((j - home & mask) >= (j - i & mask)) {
                kLocal[i] = kLocal[j];
                kRemote[i] = kRemote[j];
                kPorts[i] = kPorts[j];
                values[i] = values[j];
                i = j;
            }
        }
        values[i] = MISSING;
        size--;
        return old;
    }

    private void grow() {
        long[] ol = kLocal, or = kRemote;
        int[] op = kPorts, ov = values;
        alloc(values.length * 2);
        size = 0;
        for (int i = 0; i < ov.length; i++) {
            if (ov[i] != MISSING) put(ol[i], or[i], op[i], ov[i]);
        }
    }
}
