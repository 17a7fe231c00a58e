package org.tcplifecycle.tools.pcap;

import java.nio.ByteBuffer;

/**
 * Builds and inspects IP/TCP packets byte by byte, independent of the codec under development, so the pcap
 * tests check the capture layer against bytes they control.
 */
final class Ip {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    private Ip() {
    }

    /** An IPv4 packet carrying a TCP segment without options; both checksums correct. */
    static byte[] tcp4(byte[] src, byte[] dst, int sport, int dport, long seq, long ack, int flags,
                       byte[] payload) {
        int len = 20 + 20 + payload.length;
        byte[] p = new byte[len];
        p[0] = 0x45;
        put16(p, 2, len);
        put16(p, 4, 0x1234); // identification
        p[6] = 0x40; // don't fragment
        p[8] = 64;
        p[9] = 6;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        put16(p, 10, fold(sum(p, 0, 20, 0)));
        tcp(p, 20, sport, dport, seq, ack, flags, payload);
        long pseudo = sum(p, 12, 8, 0) + 6 + (20 + payload.length);
        put16(p, 20 + 16, fold(sum(p, 20, 20 + payload.length, pseudo)));
        return p;
    }

    /** An IPv6 packet carrying a TCP segment without options; TCP checksum correct. */
    static byte[] tcp6(byte[] src, byte[] dst, int sport, int dport, long seq, long ack, int flags,
                       byte[] payload) {
        int tcpLen = 20 + payload.length;
        byte[] p = new byte[40 + tcpLen];
        p[0] = 0x60;
        put16(p, 4, tcpLen);
        p[6] = 6;
        p[7] = 64;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        tcp(p, 40, sport, dport, seq, ack, flags, payload);
        long pseudo = sum(p, 8, 32, 0) + 6 + tcpLen;
        put16(p, 40 + 16, fold(sum(p, 40, tcpLen, pseudo)));
        return p;
    }

    private static void tcp(byte[] p, int at, int sport, int dport, long seq, long ack, int flags,
                            byte[] payload) {
        put16(p, at, sport);
        put16(p, at + 2, dport);
        put32(p, at + 4, (int) seq);
        put32(p, at + 8, (int) ack);
        p[at + 12] = 5 << 4;
        p[at + 13] = (byte) flags;
        put16(p, at + 14, 65535);
        System.arraycopy(payload, 0, p, at + 20, payload.length);
    }

    /** One's-complement sum of 16-bit words, odd tail padded with zero. */
    static long sum(byte[] b, int off, int len, long acc) {
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            acc += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < off + len) {
            acc += (b[i] & 0xFF) << 8;
        }
        return acc;
    }

    static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) (~acc & 0xFFFF);
    }

    static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }

    // ---- reading a few header fields straight from the bytes

    static int version(ByteBuffer ip) {
        return (ip.get(0) >> 4) & 0xF;
    }

    static int protocol(ByteBuffer ip) {
        return version(ip) == 4 ? ip.get(9) & 0xFF : ip.get(6) & 0xFF;
    }

    /** Where the TCP header starts; IPv6 extension headers are not expected in these captures. */
    static int tcpStart(ByteBuffer ip) {
        return version(ip) == 4 ? (ip.get(0) & 0x0F) * 4 : 40;
    }

    static int srcPort(ByteBuffer ip) {
        return u16(ip, tcpStart(ip));
    }

    static int dstPort(ByteBuffer ip) {
        return u16(ip, tcpStart(ip) + 2);
    }

    static int flags(ByteBuffer ip) {
        return ip.get(tcpStart(ip) + 13) & 0xFF;
    }

    /** TCP payload length from the IP length fields and the data offset. */
    static int payload(ByteBuffer ip) {
        int t = tcpStart(ip);
        int total = version(ip) == 4 ? u16(ip, 2) : 40 + u16(ip, 4);
        return total - t - ((ip.get(t + 12) >> 4) & 0xF) * 4;
    }

    static int u16(ByteBuffer b, int i) {
        return ((b.get(i) & 0xFF) << 8) | (b.get(i + 1) & 0xFF);
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }
}
