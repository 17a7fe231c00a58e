package org.tcplifecycle.tools.replay;

/**
 * One difference between the recorded side and the engine.
 *
 * @param packet   the frame number of the recorded packet (for a segment the engine sent after the
 *                 capture's last packet of the connection, that last packet's number)
 * @param expected what the recorded side sent, or {@code "nothing"}
 * @param got      what the engine sent, or {@code "nothing"}
 */
public record Mismatch(long packet, String expected, String got) {
    @Override
    public String toString() {
        return "packet " + packet + ": expected " + expected + ", got " + got;
    }
}
