package org.tcplifecycle.sim;

/** Receives a sample of the simulated traffic: one raw IP packet (a private copy) at a virtual time. */
@FunctionalInterface
public interface PacketTap {
    void packet(long timeNanos, byte[] ip);
}
