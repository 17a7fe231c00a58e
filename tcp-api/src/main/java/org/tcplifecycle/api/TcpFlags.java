package org.tcplifecycle.api;

/** TCP header control bits as they sit in the low byte (plus NS is not used) of the flags field. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private TcpFlags() {
    }

    /** tcpdump-style text: {@code S}, {@code S.}, {@code F.}, {@code R.}, {@code P.}, {@code .}. */
    public static String str(int flags) {
        StringBuilder sb = new StringBuilder(8);
        if ((flags & SYN) != 0) sb.append('S');
        if ((flags & FIN) != 0) sb.append('F');
        if ((flags & RST) != 0) sb.append('R');
        if ((flags & PSH) != 0) sb.append('P');
        if ((flags & URG) != 0) sb.append('U');
        if ((flags & ECE) != 0) sb.append('E');
        if ((flags & CWR) != 0) sb.append('W');
        if ((flags & ACK) != 0) sb.append('.');
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** Upper-case names joined by '+', e.g. {@code SYN+ACK}. */
    public static String names(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] n = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        int[] order = {1, 0, 2, 3, 5, 6, 7, 4};
        for (int i : order) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) sb.append('+');
                sb.append(n[i]);
            }
        }
        return sb.length() == 0 ? "NONE" : sb.toString();
    }
}
