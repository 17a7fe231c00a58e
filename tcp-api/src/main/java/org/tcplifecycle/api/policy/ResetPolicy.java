package org.tcplifecycle.api.policy;

import org.tcplifecycle.api.Seq;

/**
 * Acceptance of RST, and of SYN in a synchronized state, against blind in-window attacks (RFC 5961
 * §3 and §4), or the classic RFC 793 rules.
 */
public interface ResetPolicy {
    /** The segment does what RFC 793 says (reset the connection). */
    int ACCEPT = 0;
    /** Answer with a challenge ACK and otherwise drop it (RFC 5961). */
    int CHALLENGE = 1;
    /** Drop silently. */
    int DROP = 2;

    /** A RST (already known not to be from a connection in SYN_SENT) with sequence number {@code seq}. */
    int onRst(int seq, int rcvNxt, int rcvWnd);

    /** A SYN arriving in a synchronized state. ACCEPT means: reset the connection (RFC 793). */
    int onSyn(int seq, int rcvNxt, int rcvWnd);

    /** RFC 5961: only an exact RCV.NXT resets; in-window gets a challenge ACK; SYN always a challenge. */
    ResetPolicy RFC5961 = new ResetPolicy() {
        public int onRst(int seq, int rcvNxt, int rcvWnd) {
            if (seq == rcvNxt) return ACCEPT;
            if (Seq.inWindow(seq, rcvNxt, Math.max(rcvWnd, 1) & 0xFFFF_FFFFL)) return CHALLENGE;
            return DROP;
        }

        public int onSyn(int seq, int rcvNxt, int rcvWnd) {
            return CHALLENGE;
        }

        public String toString() {
            return "RFC5961";
        }
    };

    /** RFC 793: any in-window RST resets; an in-window SYN resets the connection. */
    ResetPolicy RFC793 = new ResetPolicy() {
        public int onRst(int seq, int rcvNxt, int rcvWnd) {
            if (rcvWnd == 0) return seq == rcvNxt ? ACCEPT : DROP;
            return Seq.inWindow(seq, rcvNxt, rcvWnd & 0xFFFF_FFFFL) ? ACCEPT : DROP;
        }

        public int onSyn(int seq, int rcvNxt, int rcvWnd) {
            if (rcvWnd == 0) return seq == rcvNxt ? ACCEPT : CHALLENGE;
            return Seq.inWindow(seq, rcvNxt, rcvWnd & 0xFFFF_FFFFL) ? ACCEPT : CHALLENGE;
        }

        public String toString() {
            return "RFC793";
        }
    };
}
