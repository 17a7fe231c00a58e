package org.tcplifecycle.tools.replay;

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

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replay FILE...}: check the engine against what a real TCP stack did. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay each side of each TCP connection of a capture against the engine and compare the segments."
                + " Flags, relative seq/ack and payload length must match; some pure-ACK timing differences are tolerated"
                + " (see the README). Exit 0 = every side matches, 1 = a mismatch, 2 = bad usage or unreadable input.")
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "pcap or pcapng files")
    List<Path> files = new ArrayList<>();

    @Option(names = "--side", paramLabel = "client|server|both",
            description = "Which side the engine plays (default ${DEFAULT-VALUE}); a socket connected to itself is always replayed as 'self'.")
    String side = "both";

    @Option(names = "--strict", description = "Also compare the window, PSH and the options (MSS, window scale, SACK-permitted, timestamps and TSecr).")
    boolean strict;

    @Option(names = "--verify-checksums", description = "Drop segments with a bad TCP checksum (Linux loopback captures have unfinished ones).")
    boolean verifyChecksums;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        Replayer.Sides sides = switch (side) {
            case "client" -> Replayer.Sides.CLIENT;
            case "server" -> Replayer.Sides.SERVER;
            case "both" -> Replayer.Sides.BOTH;
            default -> throw new Main.UsageException("--side must be client, server or both, not '" + side + "'");
        };
        List<Replayer.FileResult> results = new ArrayList<>();
        for (Path f : files) results.add(Replayer.replay(f, sides, strict, verifyChecksums));
        boolean match = results.stream().allMatch(Replayer.FileResult::match);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(results, match)));
        } else {
            for (Replayer.FileResult r : results) print(out, r);
            out.println(match ? "result: match" : "result: MISMATCH");
        }
        out.flush();
        return match ? Main.OK : Main.CHECK_FAILED;
    }

    static Map<String, Object> toJson(List<Replayer.FileResult> results, boolean match) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("match", match);
        List<Object> files = new ArrayList<>();
        for (Replayer.FileResult r : results) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", r.file().toString());
            List<Object> conns = new ArrayList<>();
            for (Replayer.ConnectionResult c : r.connections()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("client", c.connection().client().toString());
                cm.put("server", c.connection().server().toString());
                List<Object> sides = new ArrayList<>();
                for (SideResult s : c.sides()) {
                    Map<String, Object> sm = new LinkedHashMap<>();
                    sm.put("side", s.side());
                    sm.put("match", s.match());
                    sm.put("states", s.states().stream().map(TcpState::name).toList());
                    List<Object> ms = new ArrayList<>();
                    for (Mismatch m : s.mismatches()) {
                        Map<String, Object> mm = new LinkedHashMap<>();
                        mm.put("packet", m.packet());
                        mm.put("expected", m.expected());
                        mm.put("got", m.got());
                        ms.add(mm);
                    }
                    sm.put("mismatches", ms);
                    sides.add(sm);
                }
                cm.put("sides", sides);
                conns.add(cm);
            }
            f.put("connections", conns);
            files.add(f);
        }
        doc.put("files", files);
        return doc;
    }

    private static void print(PrintWriter out, Replayer.FileResult r) {
        out.println(r.file());
        if (r.badChecksums() > 0) out.println("  " + r.badChecksums() + " segments dropped: bad checksum");
        if (r.connections().isEmpty()) out.println("  no TCP connections");
        for (Replayer.ConnectionResult c : r.connections()) {
            Connection k = c.connection();
            out.printf("  connection %d: %s%n", k.index(), k.self() ? "self " + k.client() + " (connected to itself)"
                    : "client " + k.client() + " -> server " + k.server());
            for (SideResult s : c.sides()) {
                out.printf("    %-6s %s%n", s.side() + ":", s.match() ? "match" : "MISMATCH (" + s.mismatches().size() + ")");
                out.println("      states:    " + String.join(" ", s.states().stream().map(TcpState::name).toList()));
                if (!s.actions().isEmpty()) out.println("      actions:   " + String.join(", ", s.actions()));
                for (Mismatch m : s.mismatches()) out.println("      mismatch:  " + m);
                for (String t : s.tolerated()) out.println("      tolerated: " + t);
            }
        }
    }
}
