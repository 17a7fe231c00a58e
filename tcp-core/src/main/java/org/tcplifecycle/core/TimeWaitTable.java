package org.tcplifecycle.core;

/**
 * Compact TIME_WAIT entries, in the spirit of Linux's timewait minisockets: when a connection enters
 * TIME_WAIT its control block and buffers are released and only this row remains (4-tuple key,
 * RCV.NXT, SND.NXT, TS.Recent, deadline, the handle it had): about 52 bytes of arrays plus 8 of index.
 *
 * <p>Rows live in a ring in order of entry. With one TIME_WAIT length for all rows this is also
 * deadline order, so expiry needs no timers at all: the engine pops due rows from the head. A row
 * whose 2MSL restarts (a retransmitted FIN) is moved to the tail. If a policy shortens the length at
 * run time, a shorter row waits behind the longer ones ahead of it: rows may expire late, never early.
 * The oldest row is the head, which is what "evict the oldest at the cap" needs.
 */
final class TimeWaitTable {
    static final int NONE = -1;
    private static final int ALIVE = 1;
    private static final int HAS_TS = 2;

    private long[] kLocal, kRemote, deadline, handle;
    private int[] kPorts, rcvNxt, sndNxt, tsRecent, flags;
    private int mask;
    private int head, tail; // ring counters; index = counter & mask
    private int live;
    private int[] index; // ring index + 1, 0 = empty
    private int imask;

    TimeWaitTable(int initialCapacity) {
        int cap = Integer.highestOneBit(Math.max(16, initialCapacity - 1)) << 1;
        allocRing(cap);
        index = new int[cap * 2];
        imask = index.length - 1;
    }

    private void allocRing(int cap) {
        kLocal = new long[cap];
        kRemote = new long[cap];
        deadline = new long[cap];
        handle = new long[cap];
        kPorts = new int[cap];
        rcvNxt = new int[cap];
        sndNxt = new int[cap];
        tsRecent = new int[cap];
        flags = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return live;
    }

    /** Rows the ring holds, live and dead. */
    int capacity() {
        return mask + 1;
    }

    long local(int i) {
        return kLocal[i];
    }

    long remote(int i) {
        return kRemote[i];
    }

    int ports(int i) {
        return kPorts[i];
    }

    int rcvNxt(int i) {
        return rcvNxt[i];
    }

    int sndNxt(int i) {
        return sndNxt[i];
    }

    int tsRecent(int i) {
        return tsRecent[i];
    }

    boolean hasTs(int i) {
        return (flags[i] & HAS_TS) != 0;
    }

    long deadline(int i) {
        return deadline[i];
    }

    long handle(int i) {
        return handle[i];
    }

    boolean alive(int i) {
        return (flags[i] & ALIVE) != 0;
    }

    int find(long local, long remote, int ports) {
        for (int s = TupleMap.hash(local, remote, ports) & imask; ; s = s + 1 & imask) {
            int v = index[s];
            if (v == 0) return NONE;
            int i = v - 1;
            if (kPorts[i] == ports && kLocal[i] == local && kRemote[i] == remote) return i;
        }
    }

    int add(long local, long remote, int ports, int rcvNxtV, int sndNxtV, boolean ts, int tsRecentV, long deadlineV,
            long handleV) {
        if (tail - head == mask + 1) grow();
        int i = tail++ & mask;
        kLocal[i] = local;
        kRemote[i] = remote;
        kPorts[i] = ports;
        rcvNxt[i] = rcvNxtV;
        sndNxt[i] = sndNxtV;
        tsRecent[i] = tsRecentV;
        flags[i] = ALIVE | (ts ? HAS_TS : 0);
        deadline[i] = deadlineV;
        handle[i] = handleV;
        live++;
        indexPut(i);
        return i;
    }

    /** Remove a live row (expired, killed by RST, reused by SYN, evicted). */
    void kill(int i) {
        if (!alive(i)) throw new IllegalStateException("row " + i + " is not alive");
        indexRemove(i);
        flags[i] &= ~ALIVE;
        live--;
        popDeadHeads();
    }

    /** Restart the 2MSL wait of row i at a new deadline; the row moves to the tail. Returns its new index. */
    int restart(int i, long newDeadline) {
        long l = kLocal[i], r = kRemote[i], h = handle[i];
        int p = kPorts[i], rn = rcvNxt[i], sn = sndNxt[i], tr = tsRecent[i];
        boolean ts = hasTs(i);
        kill(i);
        return add(l, r, p, rn, sn, ts, tr, newDeadline, h);
    }

    /** The oldest live row, or NONE. */
    int oldest() {
        popDeadHeads();
        return head == tail ? NONE : head & mask;
    }

    /** The oldest live row if its deadline has passed, or NONE. */
    int due(long now) {
        int i = oldest();
        return i != NONE && deadline[i] <= now ? i : NONE;
    }

    long nextDeadline() {
        int i = oldest();
        return i == NONE ? Long.MAX_VALUE : deadline[i];
    }

    private void popDeadHeads() {
        while (head != tail && (flags[head & mask] & ALIVE) == 0) head++;
    }

    private void indexPut(int i) {
        int s = TupleMap.hash(kLocal[i], kRemote[i], kPorts[i]) & imask;
        while (index[s] != 0) s = s + 1 & imask;
        index[s] = i + 1;
    }

    private void indexRemove(int i) {
        int s = TupleMap.hash(kLocal[i], kRemote[i], kPorts[i]) & imask;
        while (index[s] != i + 1) s = s + 1 & imask;
        int j = s;
        while (true) {
            j = j + 1 & imask;
            int v = index[j];
            if (v == 0) break;
            int e = v - 1;
            int home = TupleMap.hash(kLocal[e], kRemote[e], kPorts[e]) & imask;
            if ((j - home & imask) >= (j - s & imask)) {
                index[s] = v;
                s = j;
            }
        }
        index[s] = 0;
    }

    /** Compact the ring (doubling it if more than half is alive) and rebuild the index. Row indices change. */
    private void grow() {
        long[] ol = kLocal, or = kRemote, od = deadline, oh = handle;
        int[] op = kPorts, orn = rcvNxt, osn = sndNxt, ots = tsRecent, of = flags;
        int omask = mask, oh0 = head, ot = tail;
        // Dead rows (ended or moved to the tail by a restart) take ring space until the head passes them:
        // when at most half the ring is alive, compacting at the same size makes room without growing.
        allocRing(live * 2 > omask + 1 ? (omask + 1) * 2 : omask + 1);
        index = new int[(mask + 1) * 2];
        imask = index.length - 1;
        head = tail = 0;
        live = 0;
        for (int c = oh0; c != ot; c++) {
            int o = c & omask;
            if ((of[o] & ALIVE) == 0) continue;
            add(ol[o], or[o], op[o], orn[o], osn[o], (of[o] & HAS_TS) != 0, ots[o], od[o], oh[o]);
        }
    }
}
