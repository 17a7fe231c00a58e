package org.tcplifecycle.tools.diagram;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.tools.Main;
import org.tcplifecycle.tools.Main.UsageException;
import org.tcplifecycle.tools.replay.CaptureFile;
import org.tcplifecycle.tools.replay.Connection;
import org.tcplifecycle.tools.replay.Packet;
import org.tcplifecycle.tools.replay.Replayer;
import org.tcplifecycle.tools.replay.SideResult;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diagram}: an SVG sequence diagram of one lifecycle, from a scenario run by two engines or from a capture. */
@Command(name = "diagram", mixinStandardHelpOptions = true,
        description = "Draw one TCP lifecycle as an SVG sequence diagram: two lifelines, the segments with flags, seq/ack"
                + " and length, each side's state beside each step, TIME-WAIT (2MSL) drawn. Exit 0, or 2 for bad usage.")
public final class DiagramCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--scenario", paramLabel = "NAME",
                description = "handshake, active-close, passive-close, simultaneous-open, simultaneous-close, half-close, linger-abort or refused")
        String scenario;

        @Option(names = "--pcap", paramLabel = "FILE", description = "a capture; draw the connection chosen by --conn")
        Path pcap;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--conn", paramLabel = "N", description = "connection number in the capture, from 1 (default ${DEFAULT-VALUE})")
    int conn = 1;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the SVG here (default: standard output)")
    Path output;

    @Override
    public Integer call() {
        Ladder ladder;
        if (source.scenario != null) {
            ladder = Scenarios.run(source.scenario);
            if (ladder == null) {
                throw new UsageException("unknown scenario '" + source.scenario + "'; one of " + String.join(", ", Scenarios.NAMES));
            }
        } else {
            ladder = fromCapture(source.pcap, conn);
        }
        String svg = Svg.render(ladder);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(svg);
            out.flush();
        } else {
            try {
                Files.writeString(output, svg, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot write " + output + ": " + e.getMessage());
            }
        }
        return Main.OK;
    }

    /** The ladder of connection {@code n} (1-based) of a capture, with the states the replay's engines went through. */
    public static Ladder fromCapture(Path file, int n) {
        CaptureFile cap = CaptureFile.read(file, false);
        Replayer.FileResult r = Replayer.replay(cap, Replayer.Sides.BOTH, false);
        List<Replayer.ConnectionResult> cs = r.connections();
        if (n < 1 || n > cs.size()) {
            throw new UsageException("no connection " + n + " in " + file + " (it has " + cs.size() + ")");
        }
        Replayer.ConnectionResult c = cs.get(n - 1);
        Connection k = c.connection();
        boolean self = k.self();
        Ladder l = new Ladder(file.getFileName() + ", connection " + n + (self ? ": a socket connected to itself" : ""),
                (self ? "self (sending) " : "client ") + k.client(), (self ? "self (receiving) " : "server ") + k.server());
        long t0 = k.packets().get(0).timeNanos();
        SideResult left = side(c, self ? "self" : "client"), right = self ? null : side(c, "server");
        TcpState prevL = left == null ? null : left.initialState();
        TcpState prevR = right == null ? null : right.initialState();
        if (prevL != null) l.state(t0 - 1, true, prevL);
        if (prevR != null) l.state(t0 - 1, false, prevR);
        long twStartL = -1, twStartR = -1;
        long last = t0;
        for (Packet p : k.packets()) {
            long t = p.timeNanos();
            last = t + 1;
            boolean fromLeft = p.src().equals(k.client());
            l.arrow(t, t + 1, fromLeft, "#" + p.number() + " " + k.describe(p));
            if (left != null) {
                // a socket connected to itself: its state once it sent the packet, then once it received it
                TcpState sent = self ? left.stateAfterSend().get(p.number()) : null;
                if (sent != null && sent != prevL) {
                    l.state(t, true, sent);
                    prevL = sent;
                }
                TcpState s = left.stateAfter().get(p.number());
                if (s != null && s != prevL) {
                    long at = fromLeft && !self ? t : t + 1;
                    l.state(at, true, s);
                    if (s == TcpState.TIME_WAIT) twStartL = at;
                    prevL = s;
                }
            }
            if (right != null) {
                TcpState s = right.stateAfter().get(p.number());
                if (s != null && s != prevR) {
                    long at = fromLeft ? t + 1 : t;
                    l.state(at, false, s);
                    if (s == TcpState.TIME_WAIT) twStartR = at;
                    prevR = s;
                }
            }
        }
        String tw = "TIME-WAIT (60 s on Linux) ...";
        if (prevL == TcpState.TIME_WAIT) l.timer(twStartL, last + 1, true, tw, true);
        if (prevR == TcpState.TIME_WAIT) l.timer(twStartR, last + 1, false, tw, true);
        return l;
    }

    private static SideResult side(Replayer.ConnectionResult c, String name) {
        for (SideResult s : c.sides()) {
            if (s.side().equals(name)) return s;
        }
        return null;
    }
}
