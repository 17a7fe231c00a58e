package org.tcplifecycle.tun;

import java.nio.ByteBuffer;

/**
 * Test-side packet building and checking, with its own checksum code (written independently of
 * {@link Checksum}) so that a wrong checksum in the code under test cannot cancel out.
 */
final class Packets {
    private Packets() {
    }

    /** Ones' complement sum of the bytes, folded to 16 bits, not complemented; a valid message gives 0xFFFF. */
    static int foldedSum(byte[] b, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            s += (i % 2 == 0) ? v * 256L : v;
        }
        while (s > 0xFFFF) s = (s >> 16) + (s & 0xFFFF);
        return (int) s;
    }

    static int checksum(byte[] b, int off, int len, long initial) {
        return ~foldedSum(b, off, len, initial) & 0xFFFF;
    }

    static long pseudoV6(byte[] p, int upperLen) {
        long s = 0;
        for (int i = 8; i < 40; i += 2) s += (p[i] & 0xFF) * 256L + (p[i + 1] & 0xFF);
        return s + upperLen + 58;
    }

    static byte[] addr(int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) octets[i];
        return b;
    }

    static byte[] v6(String literal) {
        try {
            return java.net.InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A valid IPv4 ICMP echo request, optionally with {@code optionWords} 4-byte NOP option words. */
    static byte[] echoRequestV4(byte[] src, byte[] dst, int id, int seq, byte[] data, int optionWords) {
        int ihl = 20 + 4 * optionWords;
        int total = ihl + 8 + data.length;
        byte[] p = new byte[total];
        p[0] = (byte) (0x40 | ihl / 4);
        p[2] = (byte) (total >> 8);
        p[3] = (byte) total;
        p[4] = 0x12;
        p[5] = 0x34;
        p[6] = 0x40; // DF
        p[8] = 63;
        p[9] = 1;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        for (int i = 20; i < ihl; i++) p[i] = 1; // NOP options
        int c = checksum(p, 0, ihl, 0);
        p[10] = (byte) (c >> 8);
        p[11] = (byte) c;
        p[ihl] = 8;
        p[ihl + 4] = (byte) (id >> 8);
        p[ihl + 5] = (byte) id;
        p[ihl + 6] = (byte) (seq >> 8);
        p[ihl + 7] = (byte) seq;
        System.arraycopy(data, 0, p, ihl + 8, data.length);
        c = checksum(p, ihl, total - ihl, 0);
        p[ihl + 2] = (byte) (c >> 8);
        p[ihl + 3] = (byte) c;
        return p;
    }

    /** A valid ICMPv6 echo request. */
    static byte[] echoRequestV6(byte[] src, byte[] dst, int id, int seq, byte[] data) {
        int payload = 8 + data.length;
        byte[] p = new byte[40 + payload];
        p[0] = 0x60;
        p[1] = 0x0a; // traffic class and flow label bits, not echoed
        p[3] = 0x42;
        p[4] = (byte) (payload >> 8);
        p[5] = (byte) payload;
        p[6] = 58;
        p[7] = (byte) 255;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        p[40] = (byte) 128;
        p[44] = (byte) (id >> 8);
        p[45] = (byte) id;
        p[46] = (byte) (seq >> 8);
        p[47] = (byte) seq;
        System.arraycopy(data, 0, p, 48, data.length);
        int c = checksum(p, 40, payload, pseudoV6(p, payload));
        p[42] = (byte) (c >> 8);
        p[43] = (byte) c;
        return p;
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        for (int i = 0; i < a.length; i++) a[i] = b.get(b.position() + i);
        return a;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    /** Whether an IPv4 packet's header checksum and (for ICMP) message checksum verify. */
    static boolean checksumsValidV4(byte[] p) {
        int ihl = (p[0] & 0x0F) * 4;
        if (foldedSum(p, 0, ihl, 0) != 0xFFFF) return false;
        return p[9] != 1 || foldedSum(p, ihl, u16(p, 2) - ihl, 0) == 0xFFFF;
    }

    /** Whether an IPv6 packet carrying ICMPv6 directly has a valid checksum. */
    static boolean checksumValidIcmpV6(byte[] p) {
        int payload = u16(p, 4);
        return foldedSum(p, 40, payload, pseudoV6(p, payload)) == 0xFFFF;
    }
}
