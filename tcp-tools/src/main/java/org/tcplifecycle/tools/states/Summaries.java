package org.tcplifecycle.tools.states;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.tools.replay.Mismatch;
import org.tcplifecycle.tools.replay.Replayer;
import org.tcplifecycle.tools.replay.SideResult;

/** One sentence per side saying where it ended and what that means for the application. */
final class Summaries {
    /** Linux holds TIME_WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN). */
    static final double LINUX_TIME_WAIT_S = 60;
    /** Below this a state at the end of the capture is "in", above it "stuck in". */
    static final double STUCK_S = 1;

    private Summaries() {
    }

    /**
     * @param end     when the connection stops being watched: the capture's last packet, or the first packet
     *                of the next connection on the same 4-tuple
     * @param nextOnTuple that next connection's number, 0 if none
     */
    static List<String> of(Replayer.ConnectionResult c, long end, int nextOnTuple) {
        List<String> out = new ArrayList<>();
        for (SideResult s : c.sides()) {
            if (!s.replayed()) {
                out.add(s.side() + ": state unknown: the capture starts mid-connection, without its handshake");
                continue;
            }
            if (nextOnTuple > 0 && s.finalState() == TcpState.TIME_WAIT) {
                out.add(s.side() + " in TIME_WAIT for " + seconds((end - s.finalStateSince(end)) / 1e9)
                        + ", until connection " + nextOnTuple + " reused the 4-tuple");
                continue;
            }
            out.add(sentence(s, end));
            if (!s.match()) {
                Mismatch m = s.mismatches().get(0);
                out.add(s.side() + ": the engine's replay differs from the recording (" + s.mismatches().size()
                        + " difference(s), first at packet " + m.packet() + "), so its states may not be the recorded stack's");
            }
        }
        return out;
    }

    static String sentence(SideResult s, long captureEnd) {
        String who = s.side();
        TcpState st = s.finalState();
        double held = (captureEnd - s.finalStateSince(captureEnd)) / 1e9;
        String dur = seconds(held);
        String lastCause = s.transitions().isEmpty() ? "" : s.transitions().get(s.transitions().size() - 1).cause();
        switch (st) {
            case CLOSE_WAIT:
                return held >= STUCK_S
                        ? who + " stuck in CLOSE_WAIT for " + dur + ": the peer closed and the application never closed"
                        : who + " in CLOSE_WAIT at end of capture (" + dur + "): the peer closed and the application has not closed yet";
            case TIME_WAIT: {
                double left = Math.max(0, LINUX_TIME_WAIT_S - held);
                return who + " in TIME_WAIT at end of capture (for " + dur + "; Linux keeps it 60 s, about "
                        + seconds(left) + " left): it closed first, as expected of the active closer";
            }
            case FIN_WAIT_2:
                return who + " in FIN_WAIT_2 for " + dur + ": its FIN was acknowledged; waiting for the peer's application to close";
            case FIN_WAIT_1:
            case CLOSING:
            case LAST_ACK:
                return who + " in " + st.name() + " for " + dur + ": its FIN is not acknowledged yet";
            case ESTABLISHED:
                return who + " ESTABLISHED at end of capture (idle " + dur + ")";
            case SYN_SENT:
            case SYN_RECEIVED:
                return who + " in " + st.name() + " at end of capture: the handshake did not complete";
            case LISTEN:
                return who + " LISTEN: no connection was set up";
            case CLOSED:
            default:
                break;
        }
        if (s.transitions().isEmpty()) return who + " CLOSED: nobody listened; the SYN was answered with RST";
        return switch (lastCause) {
            case "refused" -> who + " CLOSED: connection refused (the SYN was answered with RST)";
            case "rst" -> who + " CLOSED: reset by the peer";
            case "linger-zero" -> who + " CLOSED: the application closed with SO_LINGER 0 (RST, no TIME_WAIT)";
            case "unread-data" -> who + " CLOSED: the application closed with unread data (RST, RFC 2525)";
            case "data-after-close" -> who + " CLOSED: data arrived after the application closed: reset (RST)";
            case "abort" -> who + " CLOSED: the application aborted (RST)";
            case "ack" -> who + " CLOSED: closed normally (its FIN was acknowledged in LAST_ACK)";
            case "time-wait-expired" -> who + " CLOSED: TIME_WAIT ended";
            default -> who + " CLOSED (" + lastCause + ")";
        };
    }

    static String seconds(double s) {
        return s >= 10 ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.3f s", s);
    }
}
