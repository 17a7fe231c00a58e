package org.tcplifecycle.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Text and byte forms of the (ipv6, hi, lo) address representation used across the project. IPv4 lives
 * in the low 32 bits of {@code lo}. Parsing accepts only numeric literals (never a DNS lookup).
 */
public final class IpAddress {
    private IpAddress() {
    }

    /** Parse a dotted-quad IPv4 literal. */
    public static int v4(String dotted) {
        String[] p = dotted.trim().split("\\.", -1);
        if (p.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        int v = 0;
        for (String s : p) {
            int b = Integer.parseInt(s);
            if (b < 0 || b > 255 || s.isEmpty()) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            v = v << 8 | b;
        }
        return v;
    }

    public static String v4(int addr) {
        return (addr >>> 24) + "." + (addr >>> 16 & 255) + "." + (addr >>> 8 & 255) + "." + (addr & 255);
    }

    public static boolean isV6Literal(String s) {
        return s.indexOf(':') >= 0;
    }

    /** Parse an IPv6 literal into {hi, lo}. */
    public static long[] v6(String literal) {
        String s = literal.trim();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (!isV6Literal(s)) throw new IllegalArgumentException("not an IPv6 address: " + literal);
        try {
            // InetAddress.getByName does not resolve names for IPv6 literals containing ':'.
            InetAddress a = InetAddress.getByName(s);
            byte[] b = a.getAddress();
            if (b.length != 16) {
                // an IPv4-mapped literal collapses to IPv4: re-expand to ::ffff:a.b.c.d
                byte[] m = new byte[16];
                m[10] = (byte) 0xff;
                m[11] = (byte) 0xff;
                System.arraycopy(b, 0, m, 12, 4);
                b = m;
            }
            return new long[] {bytesToLong(b, 0), bytesToLong(b, 8)};
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + literal, e);
        }
    }

    public static long bytesToLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (b[off + i] & 0xFF);
        return v;
    }

    public static void longToBytes(long v, byte[] b, int off) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static String format(boolean ipv6, long hi, long lo) {
        if (!ipv6) return v4((int) lo);
        byte[] b = new byte[16];
        longToBytes(hi, b, 0);
        longToBytes(lo, b, 8);
        try {
            String s = Inet6Address.getByAddress(null, b, -1).getHostAddress();
            return compress(s);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 5952 style: the longest run of zero groups as "::", lower case, no leading zeros. */
    private static String compress(String full) {
        String[] g = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) j++;
                if (j - i > bestLen && j - i >= 2) {
                    bestLen = j - i;
                    bestStart = i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) return String.join(":", g);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bestStart; i++) sb.append(i > 0 ? ":" : "").append(g[i]);
        sb.append("::");
        for (int i = bestStart + bestLen; i < g.length; i++) {
            sb.append(g[i]);
            if (i < g.length - 1) sb.append(':');
        }
        return sb.toString();
    }
}
