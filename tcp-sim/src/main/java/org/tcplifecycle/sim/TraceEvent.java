package org.tcplifecycle.sim;

import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;

/**
 * One event in the life of the traced connection: a segment put on the wire by one side (with what the
 * network did to it), or a state change of one side.
 *
 * @param timeNanos virtual time
 * @param type      segment or state change
 * @param client    for a segment: sent by the client; for a state change: the client's connection changed
 * @param flags     TCP flags ({@link TcpFlags}) of a segment
 * @param seq       sequence number (unsigned)
 * @param ack       acknowledgment number (unsigned), meaningful when the ACK flag is set
 * @param len       payload octets
 * @param from      previous state (state changes)
 * @param to        new state (state changes)
 * @param note      the network's verdict for a segment ("", "lost", "duplicated", "delayed", "corrupted",
 *                  "link down") or the cause of a state change
 */
public record TraceEvent(long timeNanos, Type type, boolean client, int flags, long seq, long ack, int len,
                         TcpState from, TcpState to, String note) {
    public enum Type { SEGMENT, STATE }

    static TraceEvent segment(long t, boolean client, int flags, int seq, int ack, int len, String note) {
        return new TraceEvent(t, Type.SEGMENT, client, flags, seq & 0xFFFF_FFFFL, ack & 0xFFFF_FFFFL, len, null, null, note);
    }

    static TraceEvent state(long t, boolean client, TcpState from, TcpState to, String cause) {
        return new TraceEvent(t, Type.STATE, client, 0, 0, 0, 0, from, to, cause);
    }

    @Override
    public String toString() {
        String who = client ? "client" : "server";
        if (type == Type.STATE) return Trace.time(timeNanos) + " " + who + " " + from + " -> " + to + " (" + note + ")";
        String dir = client ? "C>S" : "S>C";
        StringBuilder sb = new StringBuilder().append(Trace.time(timeNanos)).append(' ').append(dir).append(' ')
                .append(TcpFlags.str(flags)).append(" seq ").append(Seq.str((int) seq));
        if ((flags & TcpFlags.ACK) != 0) sb.append(" ack ").append(Seq.str((int) ack));
        sb.append(" len ").append(len);
        if (!note.isEmpty()) sb.append(" [").append(note).append(']');
        return sb.toString();
    }
}
