package org.tcplifecycle.tools.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tcplifecycle.api.Endpoint;

/**
 * The packets of one TCP connection in a capture. The client is the endpoint that sent the first SYN
 * without ACK (for a capture that starts mid-connection, the sender of the first packet, and
 * {@link #hasSyn()} is false). A connection whose two endpoints are equal is a socket connected to
 * itself.
 */
public final class Connection {
    private final int index;
    private final Endpoint client;
    private final Endpoint server;
    private final boolean hasSyn;
    private final String key;
    final List<Packet> packets = new ArrayList<>();
    private boolean ended;

    Connection(int index, Endpoint client, Endpoint server, boolean hasSyn, String key) {
        this.index = index;
        this.client = client;
        this.server = server;
        this.hasSyn = hasSyn;
        this.key = key;
    }

    /** 1-based, in order of each connection's first packet in the file. */
    public int index() {
        return index;
    }

    public Endpoint client() {
        return client;
    }

    public Endpoint server() {
        return server;
    }

    public boolean self() {
        return client.equals(server);
    }

    public boolean hasSyn() {
        return hasSyn;
    }

    /** The 4-tuple, the same string for both directions. */
    public String key() {
        return key;
    }

    public List<Packet> packets() {
        return packets;
    }

    /**
     * {@code FIN+ACK seq=6 ack=7 len=0}: flags, seq relative to the sender's ISN and ack relative to the
     * receiver's (raw numbers where the capture holds no SYN from that endpoint).
     */
    public String describe(Packet p) {
        org.tcplifecycle.api.Segment s = p.seg();
        StringBuilder b = new StringBuilder(org.tcplifecycle.api.TcpFlags.names(s.flags));
        b.append(" seq=").append(Integer.toUnsignedString(s.seq - iss(p.src())));
        if (s.ackFlag()) b.append(" ack=").append(Integer.toUnsignedString(s.ack - iss(p.dst())));
        b.append(" len=").append(s.payloadLength);
        return b.toString();
    }

    /** The ISN of {@code e}'s SYN or SYN-ACK in this connection, 0 if none was captured. */
    public int iss(Endpoint e) {
        for (Packet p : packets) {
            if (p.seg().syn() && p.src().equals(e)) return p.seg().seq;
        }
        return 0;
    }

    /**
     * Split a capture into connections. Packets are grouped by 4-tuple; on one 4-tuple a SYN without ACK
     * starts a new connection once the previous one has ended (RST, or a FIN from both ends) or when its
     * sender already opened the current one with another ISN.
     */
    public static List<Connection> split(List<Packet> packets) {
        List<Connection> all = new ArrayList<>();
        Map<String, Connection> current = new LinkedHashMap<>();
        Map<Connection, int[]> state = new java.util.HashMap<>(); // fins from client, from server
        for (Packet p : packets) {
            String key = key(p.src(), p.dst());
            Connection c = current.get(key);
            if (c != null && p.bareSyn()) {
                Packet first = c.packets.get(0);
                boolean sameOpen = first.bareSyn() && first.src().equals(p.src()) && first.seg().seq == p.seg().seq;
                boolean otherOpener = first.bareSyn() && !first.src().equals(p.src()) && !c.ended
                        && c.packets.stream().noneMatch(q -> !q.seg().syn());
                if (!sameOpen && !otherOpener && (c.ended || first.bareSyn() && first.src().equals(p.src()))) {
                    c = null;
                }
            }
            if (c == null) {
                boolean syn = p.bareSyn();
                c = new Connection(all.size() + 1, p.src(), p.dst(), syn, key);
                all.add(c);
                current.put(key, c);
                state.put(c, new int[2]);
            }
            c.packets.add(p);
            int[] fins = state.get(c);
            if (p.seg().rst()) c.ended = true;
            if (p.seg().fin()) {
                if (c.self()) {
                    fins[0] = fins[1] = 1;
                } else {
                    fins[p.src().equals(c.client) ? 0 : 1] = 1;
                }
            }
            if (fins[0] == 1 && fins[1] == 1) c.ended = true;
        }
        return all;
    }

    static String key(Endpoint a, Endpoint b) {
        String x = a.toString(), y = b.toString();
        return x.compareTo(y) <= 0 ? x + " " + y : y + " " + x;
    }
}
