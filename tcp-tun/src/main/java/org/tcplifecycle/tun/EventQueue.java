package org.tcplifecycle.tun;

/**
 * Engine events recorded during an engine call and delivered after it returns, so an application may
 * call back into the engine from any of them. Four longs per event in one growable ring: no allocation
 * once the ring has reached the largest burst seen.
 */
final class EventQueue {
    static final int STATE = 1;
    static final int ACCEPTABLE = 2;
    static final int CONNECTED = 3;
    static final int READABLE = 4;
    static final int WRITABLE = 5;
    static final int PEER_CLOSED = 6;
    static final int RESET = 7;
    static final int LINGER = 8;
    static final int CLOSED = 9;

    private long[] ring = new long[4 * 64];
    private int head; // index of the first event's first word
    private int size; // events queued

    void add(int kind, long handle, long a, long b) {
        if (4 * size == ring.length) grow();
        int i = (head + 4 * size) & (ring.length - 1);
        ring[i] = kind;
        ring[i + 1] = handle;
        ring[i + 2] = a;
        ring[i + 3] = b;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    // Reads of the head event; valid until pop().
    int kind() {
        return (int) ring[head];
    }

    long handle() {
        return ring[head + 1];
    }

    long a() {
        return ring[head + 2];
    }

    long b() {
        return ring[head + 3];
    }

    void pop() {
        head = (head + 4) & (ring.length - 1);
        size--;
    }

    private void grow() {
        long[] bigger = new long[ring.length * 2];
        int first = ring.length - head;
        System.arraycopy(ring, head, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, head);
        ring = bigger;
        head = 0;
    }
}
