package org.tcplifecycle.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One decision of the fault schedule. Packet faults name a packet by the lifecycle it belongs to (found
 * through the client's port), its direction and its ordinal among that lifecycle's packets in that
 * direction, so that removing other faults (shrinking) moves as few packets as possible. Host faults
 * (partition, crash, clock jump) happen at a virtual time.
 *
 * @param kind      what happens
 * @param lifecycle packet faults: lifecycle index (-1 for packets of no lifecycle); host faults: -1
 * @param direction packet faults: 0 client to server, 1 server to client; crash and clock jump: 0 the
 *                  client host, 1 the server host
 * @param ordinal   packet faults: the packet's ordinal
 * @param timeNanos host faults: when
 * @param param     DUPLICATE and DELAY: extra delay in ns; CORRUPT: the bit flipped; PARTITION: how long
 *                  the link is down; CRASH: how long the host stays down; CLOCK_JUMP: the jump in ns
 */
public record Fault(Kind kind, int lifecycle, int direction, long ordinal, long timeNanos, long param) {
    public enum Kind {
        DROP, DUPLICATE, DELAY, CORRUPT, PARTITION, CRASH, CLOCK_JUMP;

        boolean perPacket() {
            return ordinal() <= CORRUPT.ordinal();
        }
    }

    static Fault packet(Kind k, int lifecycle, int dir, long ordinal, long param) {
        return new Fault(k, lifecycle, dir, ordinal, 0, param);
    }

    static Fault host(Kind k, int side, long time, long param) {
        return new Fault(k, -1, side, 0, time, param);
    }

    boolean perPacket() {
        return kind.perPacket();
    }

    /** Key of the packet a packet fault applies to. */
    static long key(int lifecycle, int dir, long ordinal) {
        return (long) (lifecycle + 1) << 33 | (long) dir << 32 | ordinal & 0xFFFF_FFFFL;
    }

    long key() {
        return key(lifecycle, direction, ordinal);
    }

    /** Compact form {@code KIND:lifecycle:direction:ordinal:time:param}, read back by {@link #parse}. */
    public String encode() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + lifecycle + ":" + direction + ":" + ordinal + ":" + timeNanos + ":" + param;
    }

    public static Fault parse(String s) {
        String[] p = s.trim().split(":");
        if (p.length != 6) throw new IllegalArgumentException("fault: expected kind:lifecycle:dir:ordinal:time:param, got " + s);
        return new Fault(Kind.valueOf(p[0].toUpperCase(Locale.ROOT)), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                Long.parseLong(p[3]), Long.parseLong(p[4]), Long.parseLong(p[5]));
    }

    /** A whole schedule as one line: faults separated by spaces. */
    public static String encode(List<Fault> faults) {
        StringBuilder sb = new StringBuilder();
        for (Fault f : faults) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(f.encode());
        }
        return sb.toString();
    }

    public static List<Fault> parseAll(String s) {
        List<Fault> out = new ArrayList<>();
        for (String t : s.trim().split("\\s+")) if (!t.isEmpty()) out.add(parse(t));
        return out;
    }

    @Override
    public String toString() {
        String dir = direction == 0 ? "C>S" : "S>C";
        String host = direction == 0 ? "client" : "server";
        switch (kind) {
            case DROP: return "drop lifecycle " + lifecycle + " " + dir + " #" + ordinal;
            case DUPLICATE: return "duplicate lifecycle " + lifecycle + " " + dir + " #" + ordinal + " (copy +" + param / 1000 + "us)";
            case DELAY: return "delay lifecycle " + lifecycle + " " + dir + " #" + ordinal + " by " + param / 1000 + "us";
            case CORRUPT: return "corrupt lifecycle " + lifecycle + " " + dir + " #" + ordinal + " bit " + param;
            case PARTITION: return "link down at " + Trace.time(timeNanos) + " for " + Trace.time(param);
            case CRASH: return host + " crashes at " + Trace.time(timeNanos) + ", down for " + Trace.time(param);
            default: return host + " clock jumps at " + Trace.time(timeNanos) + " by " + Trace.time(param);
        }
    }
}
