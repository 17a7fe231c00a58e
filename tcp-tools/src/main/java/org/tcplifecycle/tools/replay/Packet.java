package org.tcplifecycle.tools.replay;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;

/**
 * One TCP segment of a capture: its frame number, its time (nanoseconds since the epoch) and the decoded
 * segment, which owns a private copy of its payload.
 */
public record Packet(long number, long timeNanos, Segment seg) {

    public Endpoint src() {
        return new Endpoint(seg.ipv6, seg.srcHi, seg.srcLo, seg.srcPort);
    }

    public Endpoint dst() {
        return new Endpoint(seg.ipv6, seg.dstHi, seg.dstLo, seg.dstPort);
    }

    /** SYN without ACK: an active open. */
    public boolean bareSyn() {
        return seg.syn() && !seg.ackFlag();
    }

    /** SYN with ACK. */
    public boolean synAck() {
        return seg.syn() && seg.ackFlag();
    }

    /** ACK alone: no SYN, FIN or RST, no payload. */
    public boolean pureAck() {
        return isPureAck(seg);
    }

    static boolean isPureAck(Segment s) {
        return (s.flags & (TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST)) == 0 && s.ackFlag() && s.payloadLength == 0;
    }
}
