package org.tcplifecycle.api.policy;

@FunctionalInterface
public interface TimerHandler {
    void onTimer(long timerId, long payload, long nowNanos);
}
