package org.tcplifecycle.api;

/**
 * An IP address and port. Immutable; for configuration and tooling, not for per-segment paths (those
 * carry the primitive fields directly).
 */
public record Endpoint(boolean ipv6, long hi, long lo, int port) {

    public Endpoint {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (!ipv6) {
            hi = 0;
            lo &= 0xFFFF_FFFFL;
        }
    }

    public static Endpoint v4(int addr, int port) {
        return new Endpoint(false, 0, addr & 0xFFFF_FFFFL, port);
    }

    public static Endpoint v4(String addr, int port) {
        return v4(IpAddress.v4(addr), port);
    }

    public static Endpoint v6(String addr, int port) {
        long[] a = IpAddress.v6(addr);
        return new Endpoint(true, a[0], a[1], port);
    }

    /** {@code 1.2.3.4:80} or {@code [2001:db8::1]:80}. */
    public static Endpoint parse(String s) {
        String t = s.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("expected ADDRESS:PORT, got " + s);
        String host = t.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + s, e);
        }
        if (host.startsWith("[")) return v6(host, port);
        if (IpAddress.isV6Literal(host)) throw new IllegalArgumentException("IPv6 needs brackets: " + s);
        return v4(host, port);
    }

    public int v4() {
        return (int) lo;
    }

    @Override
    public String toString() {
        String a = IpAddress.format(ipv6, hi, lo);
        return ipv6 ? "[" + a + "]:" + port : a + ":" + port;
    }
}
