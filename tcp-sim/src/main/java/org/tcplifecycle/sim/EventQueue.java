package org.tcplifecycle.sim;

import java.util.Arrays;

/**
 * The discrete-event queue of a simulation: a binary min-heap over primitive arrays keyed by (virtual
 * time, insertion order), so events at the same time run in the order they were scheduled and a run
 * is reproducible. Each event carries a type, an int and an object.
 */
final class EventQueue {
    private long[] time = new long[1024];
    private long[] order = new long[1024];
    private int[] type = new int[1024];
    private int[] arg = new int[1024];
    private Object[] obj = new Object[1024];
    private int size;
    private long counter;

    // the event just taken by poll()
    long polledTime;
    int polledType;
    int polledArg;
    Object polledObj;

    int size() {
        return size;
    }

    int peekType() {
        return type[0];
    }

    long peekTime() {
        return size == 0 ? Long.MAX_VALUE : time[0];
    }

    void add(long t, int ty, int a, Object o) {
        if (size == time.length) grow();
        int i = size++;
        long ord = counter++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (time[p] < t || time[p] == t && order[p] < ord) break;
            move(p, i);
            i = p;
        }
        set(i, t, ord, ty, a, o);
    }

    /** Take the earliest event into the {@code polled*} fields. */
    void poll() {
        polledTime = time[0];
        polledType = type[0];
        polledArg = arg[0];
        polledObj = obj[0];
        int last = --size;
        long t = time[last], ord = order[last];
        int ty = type[last], a = arg[last];
        Object o = obj[last];
        obj[last] = null;
        if (last == 0) return;
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= last) break;
            if (c + 1 < last && (time[c + 1] < time[c] || time[c + 1] == time[c] && order[c + 1] < order[c])) c++;
            if (t < time[c] || t == time[c] && ord < order[c]) break;
            move(c, i);
            i = c;
        }
        set(i, t, ord, ty, a, o);
    }

    private void move(int from, int to) {
        time[to] = time[from];
        order[to] = order[from];
        type[to] = type[from];
        arg[to] = arg[from];
        obj[to] = obj[from];
    }

    private void set(int i, long t, long ord, int ty, int a, Object o) {
        time[i] = t;
        order[i] = ord;
        type[i] = ty;
        arg[i] = a;
        obj[i] = o;
    }

    private void grow() {
        int n = time.length * 2;
        time = Arrays.copyOf(time, n);
        order = Arrays.copyOf(order, n);
        type = Arrays.copyOf(type, n);
        arg = Arrays.copyOf(arg, n);
        obj = Arrays.copyOf(obj, n);
    }
}
