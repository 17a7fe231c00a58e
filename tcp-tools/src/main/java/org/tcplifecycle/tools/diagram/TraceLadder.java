package org.tcplifecycle.tools.diagram;

import java.util.List;

import org.tcplifecycle.api.Seq;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.sim.TraceEvent;

/** A ladder drawn from the trace of one simulated lifecycle (client on the left). */
public final class TraceLadder {
    private TraceLadder() {
    }

    public static Ladder of(String title, List<TraceEvent> trace) {
        Ladder l = new Ladder(title, "client", "server");
        long twStartLeft = -1, twStartRight = -1;
        long end = trace.isEmpty() ? 0 : trace.get(trace.size() - 1).timeNanos();
        for (TraceEvent e : trace) {
            if (e.type() == TraceEvent.Type.SEGMENT) {
                StringBuilder label = new StringBuilder(TcpFlags.names(e.flags())).append(" seq=").append(Seq.str((int) e.seq()));
                if ((e.flags() & TcpFlags.ACK) != 0) label.append(" ack=").append(Seq.str((int) e.ack()));
                if (e.len() > 0) label.append(" len=").append(e.len());
                if (!e.note().isEmpty()) label.append(" [").append(e.note()).append(']');
                l.arrow(e.timeNanos(), e.timeNanos(), e.client(), label.toString());
            } else {
                l.state(e.timeNanos(), e.client(), e.to());
                if (e.to() == TcpState.TIME_WAIT) {
                    if (e.client()) twStartLeft = e.timeNanos();
                    else twStartRight = e.timeNanos();
                }
                if (e.from() == TcpState.TIME_WAIT) {
                    long start = e.client() ? twStartLeft : twStartRight;
                    if (start >= 0) l.timer(start, e.timeNanos(), e.client(), "2MSL", false);
                    if (e.client()) twStartLeft = -1;
                    else twStartRight = -1;
                }
            }
        }
        if (twStartLeft >= 0) l.timer(twStartLeft, end, true, "2MSL", true);
        if (twStartRight >= 0) l.timer(twStartRight, end, false, "2MSL", true);
        return l;
    }
}
