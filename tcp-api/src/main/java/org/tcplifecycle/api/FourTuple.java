package org.tcplifecycle.api;

/** A connection's identity: local and remote endpoint, of the same IP version. */
public record FourTuple(Endpoint local, Endpoint remote) {
    public FourTuple {
        if (local.ipv6() != remote.ipv6()) throw new IllegalArgumentException("mixed IP versions: " + local + " " + remote);
    }

    public boolean ipv6() {
        return local.ipv6();
    }

    /** The tuple as seen from the other end. */
    public FourTuple reversed() {
        return new FourTuple(remote, local);
    }

    /** The tuple of a segment as seen by its receiver. */
    public static FourTuple ofIncoming(Segment s) {
        return new FourTuple(new Endpoint(s.ipv6, s.dstHi, s.dstLo, s.dstPort), new Endpoint(s.ipv6, s.srcHi, s.srcLo, s.srcPort));
    }

    @Override
    public String toString() {
        return local + " <-> " + remote;
    }
}
