package org.tcplifecycle.api.policy;

/**
 * A source of time for whoever drives an engine. The engine itself never reads a clock: every entry
 * point takes {@code nowNanos}. Drivers (a TUN event loop, a simulator) use a Clock to get it.
 */
@FunctionalInterface
public interface Clock {
    long nanos();

    Clock SYSTEM = System::nanoTime;
}
