package org.tcplifecycle.tools.states;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.tools.Json;
import org.tcplifecycle.tools.Main;
import org.tcplifecycle.tools.replay.CaptureFile;
import org.tcplifecycle.tools.replay.Connection;
import org.tcplifecycle.tools.replay.Packet;
import org.tcplifecycle.tools.replay.Replayer;
import org.tcplifecycle.tools.replay.SideResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code states FILE}: every packet with the state of both endpoints after it, and a summary per
 * connection. The states are the engine's: each endpoint is replayed as {@code replay} does, so the
 * annotation comes from a full state machine driven by what was recorded, not from a guess per packet.
 */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = "Annotate every packet of a capture with both endpoints' TCP states and summarise each connection"
                + " (e.g. a server stuck in CLOSE_WAIT, a client in TIME_WAIT). Exit 0, or 2 for bad usage or unreadable input.")
public final class StatesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a pcap or pcapng file")
    Path file;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(names = "--verify-checksums", description = "Drop segments with a bad TCP checksum.")
    boolean verifyChecksums;

    @Override
    public Integer call() {
        CaptureFile cap = CaptureFile.read(file, verifyChecksums);
        Replayer.FileResult r = Replayer.replay(cap, Replayer.Sides.BOTH, false);
        long end = cap.packets().isEmpty() ? 0 : cap.packets().get(cap.packets().size() - 1).timeNanos();
        long t0 = cap.packets().isEmpty() ? 0 : cap.packets().get(0).timeNanos();
        PrintWriter out = spec.commandLine().getOut();
        List<Object> conns = new ArrayList<>();
        if (!json) out.println(file);
        if (!json && r.connections().isEmpty()) out.println("  no TCP connections");
        for (Replayer.ConnectionResult c : r.connections()) {
            Connection k = c.connection();
            int next = 0;
            long until = end;
            for (Replayer.ConnectionResult o : r.connections()) {
                Connection q = o.connection();
                if (q.index() > k.index() && q.key().equals(k.key())) {
                    next = q.index();
                    until = q.packets().get(0).timeNanos();
                    break;
                }
            }
            List<String> summary = Summaries.of(c, until, next);
            if (json) {
                conns.add(toJson(c, summary, t0));
                continue;
            }
            out.printf("connection %d: %s%n", k.index(), k.self() ? "self " + k.client() + " (connected to itself)"
                    : "client " + k.client() + " -> server " + k.server());
            boolean self = k.self();
            if (self) out.printf("  %5s %10s  %-16s %-32s %s%n", "#", "time (s)", "direction", "segment", "self");
            else out.printf("  %5s %10s  %-16s %-32s %-13s %s%n", "#", "time (s)", "direction", "segment", "client", "server");
            for (Packet p : k.packets()) {
                String dir = self ? "self -> self" : p.src().equals(k.client()) ? "client -> server" : "server -> client";
                String time = String.format(java.util.Locale.ROOT, "%.6f", (p.timeNanos() - t0) / 1e9);
                if (self) {
                    out.printf("  %5d %10s  %-16s %-32s %s%n", p.number(), time, dir, k.describe(p), name(state(c, "self", p)));
                } else {
                    out.printf("  %5d %10s  %-16s %-32s %-13s %s%n", p.number(), time, dir, k.describe(p),
                            name(state(c, "client", p)), name(state(c, "server", p)));
                }
            }
            for (String line : summary) out.println("  summary: " + line);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", file.toString());
            doc.put("connections", conns);
            out.println(Json.write(doc));
        }
        out.flush();
        return Main.OK;
    }

    private static String name(TcpState s) {
        return s == null ? "-" : s.name();
    }

    static TcpState state(Replayer.ConnectionResult c, String side, Packet p) {
        for (SideResult s : c.sides()) {
            if (s.side().equals(side)) return s.stateAfter().get(p.number());
        }
        return null;
    }

    private static Map<String, Object> toJson(Replayer.ConnectionResult c, List<String> summary, long t0) {
        Connection k = c.connection();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", k.index());
        m.put("client", k.client().toString());
        m.put("server", k.server().toString());
        List<Object> packets = new ArrayList<>();
        for (Packet p : k.packets()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("packet", p.number());
            pm.put("time", (p.timeNanos() - t0) / 1e9);
            pm.put("from", k.self() ? "self" : p.src().equals(k.client()) ? "client" : "server");
            pm.put("segment", k.describe(p));
            for (SideResult s : c.sides()) {
                TcpState st = s.stateAfter().get(p.number());
                pm.put(s.side(), st == null ? null : st.name());
            }
            packets.add(pm);
        }
        m.put("packets", packets);
        Map<String, Object> fin = new LinkedHashMap<>();
        for (SideResult s : c.sides()) fin.put(s.side(), s.finalState().name());
        m.put("final", fin);
        m.put("summary", summary);
        return m;
    }
}
