package org.tcplifecycle.tun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link PacketDevice} with a manual clock: a poll that would time out advances the clock
 * by the timeout instead of sleeping, so deadline handling is tested deterministically. A poll without
 * a timeout really blocks until a packet is offered or {@link #wakeup()} is called.
 */
final class FakeDevice implements PacketDevice {
    final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    final List<byte[]> written = new ArrayList<>();
    final List<Integer> timeouts = new ArrayList<>();
    long nowNanos = 1_000_000_000L;
    boolean failWrites;
    private boolean woken;

    synchronized long now() {
        return nowNanos;
    }

    synchronized void offer(byte[] packet) {
        inbound.add(packet);
        notifyAll();
    }

    @Override
    public synchronized boolean poll(int timeoutMs) {
        timeouts.add(timeoutMs);
        if (timeoutMs < 0) {
            while (inbound.isEmpty() && !woken) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        if (woken) {
            woken = false;
            return !inbound.isEmpty();
        }
        if (inbound.isEmpty()) {
            nowNanos += timeoutMs * 1_000_000L;
            return false;
        }
        return true;
    }

    @Override
    public synchronized int read(ByteBuffer dst) {
        byte[] p = inbound.remove();
        int n = Math.min(p.length, dst.remaining());
        for (int i = 0; i < n; i++) dst.put(dst.position() + i, p[i]);
        return n;
    }

    @Override
    public synchronized void write(ByteBuffer packet) throws IOException {
        if (failWrites) throw new TunException("write fake failed: EINVAL", 22);
        written.add(Packets.bytes(packet));
    }

    @Override
    public synchronized void wakeup() {
        woken = true;
        notifyAll();
    }

    synchronized List<byte[]> written() {
        return new ArrayList<>(written);
    }

    synchronized List<Integer> timeouts() {
        return new ArrayList<>(timeouts);
    }
}
