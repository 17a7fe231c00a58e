package org.tcplifecycle.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.sim.CloseMix;
import org.tcplifecycle.sim.SimConfig;
import org.tcplifecycle.sim.SimPolicies;
import org.tcplifecycle.sim.SimResult;
import org.tcplifecycle.sim.Simulation;
import org.tcplifecycle.sim.StateSample;
import org.tcplifecycle.sim.Violation;
import org.tcplifecycle.tools.diagram.Svg;
import org.tcplifecycle.tools.diagram.TraceLadder;
import org.tcplifecycle.tools.pcap.LinkType;
import org.tcplifecycle.tools.pcap.PcapWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Many concurrent lifecycles between two engines over a simulated network, in virtual time: deterministic
 * for a seed, with the invariants of the simulation harness checked throughout. Exit 1 on any violation.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run many lifecycles between two engines over a faulty simulated network (virtual time,",
            "deterministic per --seed) and check the invariants: data delivered exactly once and in order, aborts",
            "seen by both sides, no RST answering a RST, nothing stuck, memory back to baseline."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--connections", description = "Lifecycles to run (default ${DEFAULT-VALUE}).")
    int connections = 100_000;

    @Option(names = "--concurrency", description = "Lifecycles open at once (default ${DEFAULT-VALUE}).")
    int concurrency = 1000;

    @Option(names = "--loss", description = "Probability a packet is lost, 0..1 (default ${DEFAULT-VALUE}).")
    double loss = 0.05;

    @Option(names = "--duplicate", description = "Probability a packet is duplicated, 0..1 (default ${DEFAULT-VALUE}).")
    double duplicate = 0;

    @Option(names = "--reorder", description = "Probability a packet is delayed behind later ones, 0..1 (default ${DEFAULT-VALUE}).")
    double reorder = 0;

    @Option(names = "--corrupt", description = "Probability a packet gets a bit flipped, 0..1 (default ${DEFAULT-VALUE}).")
    double corrupt = 0;

    @Option(names = "--delay-ms", description = "One-way delay in ms (default ${DEFAULT-VALUE}).")
    double delayMs = 10;

    @Option(names = "--jitter-ms", description = "Delay jitter in ms (default ${DEFAULT-VALUE}).")
    double jitterMs = 2;

    @Option(names = "--partitions", description = "Take the link down for a while now and then.")
    boolean partitions;

    @Option(names = "--crashes", description = "Let the server crash and forget its connections now and then.")
    boolean crashes;

    @Option(names = "--clock-jumps", description = "Let the clock jump forward now and then.")
    boolean clockJumps;

    @Option(names = "--close-mix", paramLabel = "SPEC",
            description = "Close styles and weights, e.g. client-close=3,server-close=3,half-close=2,linger-zero=1,linger-timeout=1,abort=1 (default: that).")
    String closeMix;

    @Option(names = "--profile", description = {"Policy profile of both engines: rfc or linux (default ${DEFAULT-VALUE}),",
            "tuned for simulation: MSL 5 s, keepalive, FIN_WAIT_2 and user timeouts (see tcp-sim/README.md)."})
    String profile = "rfc";

    @Option(names = "--seed", description = "Seed of the whole run (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Write a sample of the traffic as a pcap file.")
    Path pcap;

    @Option(names = "--svg", paramLabel = "FILE", description = "Draw one lifecycle (see --trace) as an SVG sequence diagram.")
    Path svg;

    @Option(names = "--trace", paramLabel = "N", description = "Which lifecycle --svg draws (default ${DEFAULT-VALUE}).")
    int trace = 0;

    @Option(names = "--no-progress", description = "No progress bar even on a terminal.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        checkProbability("--loss", loss);
        checkProbability("--duplicate", duplicate);
        checkProbability("--reorder", reorder);
        checkProbability("--corrupt", corrupt);
        if (connections < 1) throw new Main.UsageException("--connections must be at least 1");
        if (concurrency < 1) throw new Main.UsageException("--concurrency must be at least 1");
        if (!(delayMs >= 0 && delayMs <= 1000)) throw new Main.UsageException("--delay-ms must be from 0 to 1000, not " + delayMs);
        if (!(jitterMs >= 0 && jitterMs <= 1000)) throw new Main.UsageException("--jitter-ms must be from 0 to 1000, not " + jitterMs);
        if (svg != null && (trace < 0 || trace >= connections)) {
            throw new Main.UsageException("--trace must name a lifecycle from 0 to " + (connections - 1) + ", not " + trace);
        }
        Supplier<TcpConfig> policies;
        switch (profile) {
            // the simulation's profiles: RFC or Linux policies, tuned so that a hostile network cannot
            // leave a connection waiting forever (keepalive, FIN_WAIT_2 limit, user timeout, short MSL)
            case "rfc": policies = SimPolicies::rfc; break;
            case "linux": policies = SimPolicies::linux; break;
            default: throw new Main.UsageException("--profile must be rfc or linux, not " + profile);
        }
        CloseMix mix;
        try {
            mix = closeMix == null ? CloseMix.DEFAULT : CloseMix.parse(closeMix);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("bad --close-mix: " + e.getMessage());
        }

        PcapWriter writer = null;
        if (pcap != null) {
            try {
                writer = PcapWriter.create(pcap, LinkType.RAW, PcapWriter.Resolution.NANOS);
            } catch (IOException e) {
                throw new Main.UsageException("cannot write " + pcap + ": " + e.getMessage());
            }
        }
        SimConfig.Builder b = SimConfig.builder()
                .connections(connections).concurrency(concurrency)
                .packetFaults(loss, duplicate, reorder, corrupt)
                .delayMillis(delayMs).jitterMillis(jitterMs)
                .partitions(partitions).crashes(crashes).clockJumps(clockJumps)
                .closeMix(mix).seed(seed).config(policies);
        if (svg != null) b.traceConnection(trace);
        if (writer != null) {
            PcapWriter w = writer;
            b.samplePcap((t, ip) -> {
                try {
                    w.write(t, ip, 0, ip.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        SimConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }

        SimResult r;
        boolean bar = !noProgress && !json && System.console() != null;
        if (bar) {
            try (ProgressBar pb = new ProgressBarBuilder().setTaskName("lifecycles").setInitialMax(connections)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build()) {
                LongConsumer progress = pb::stepTo;
                r = Simulation.run(config, progress);
                pb.stepTo(connections);
            }
        } else {
            r = Simulation.run(config, n -> { });
        }
        if (writer != null) writer.close();
        if (svg != null) {
            if (r.trace().isEmpty()) throw new Main.UsageException("--trace " + trace + ": no such lifecycle was traced");
            try {
                Files.writeString(svg, Svg.render(TraceLadder.of("simulated lifecycle " + trace + " (seed " + seed + ")", r.trace())),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Main.UsageException("cannot write " + svg + ": " + e);
            }
        }

        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(Json.write(document(r)));
        else text(out, r);
        out.flush();
        return r.ok() ? Main.OK : Main.CHECK_FAILED;
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new Main.UsageException(name + " must be a probability from 0 to 1, not " + p);
    }

    private Map<String, Object> document(SimResult r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("seed", r.seed());
        d.put("connections", connections);
        d.put("completed", r.completed());
        d.put("aborted", r.aborted());
        d.put("violations", violations(r));
        d.put("retransmits", r.retransmits());
        d.put("rstSent", r.rstSent());
        d.put("peakTimeWait", r.peakTimeWait());
        d.put("segments", r.segments());
        d.put("appTimeouts", r.appTimeouts());
        d.put("wallSeconds", r.wallNanos() / 1e9);
        d.put("virtualSeconds", r.virtualNanos() / 1e9);
        d.put("lifecyclesPerSecond", r.lifecyclesPerSecond());
        d.put("drops", r.drops());
        List<Object> samples = new ArrayList<>();
        for (StateSample s : r.statesOverTime()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", s.timeNanos() / 1e9);
            m.put("lifecycles", s.lifecycles());
            Map<String, Object> states = new LinkedHashMap<>();
            for (TcpState st : TcpState.values()) if (s.total(st) > 0) states.put(st.name(), s.total(st));
            m.put("states", states);
            samples.add(m);
        }
        d.put("statesOverTime", samples);
        if (r.reproduction() != null) d.put("reproduction", r.reproduction().toString());
        return d;
    }

    private static List<Object> violations(SimResult r) {
        List<Object> out = new ArrayList<>();
        for (Violation v : r.violations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", String.valueOf(v.kind()));
            m.put("connection", v.connection());
            m.put("time", v.timeNanos() / 1e9);
            m.put("message", v.message());
            out.add(m);
        }
        return out;
    }

    private void text(PrintWriter out, SimResult r) {
        out.printf(Locale.ROOT, "simulated %d lifecycles (seed %d, loss %.3f, duplicate %.3f, reorder %.3f, corrupt %.3f, profile %s)%n",
                connections, seed, loss, duplicate, reorder, corrupt, profile);
        out.printf(Locale.ROOT, "  completed gracefully  %d%n", r.completed());
        out.printf(Locale.ROOT, "  aborted (as asked or by faults)  %d%n", r.aborted());
        out.printf(Locale.ROOT, "  segments  %d, retransmissions %d, RSTs %d, peak TIME_WAIT %d%n", r.segments(),
                r.retransmits(), r.rstSent(), r.peakTimeWait());
        out.printf(Locale.ROOT, "  virtual time %.1f s, wall time %.2f s, %.0f lifecycles/s%n", r.virtualNanos() / 1e9,
                r.wallNanos() / 1e9, r.lifecyclesPerSecond());
        List<StateSample> samples = r.statesOverTime();
        if (!samples.isEmpty()) {
            out.println("  states over time (both engines):");
            TcpState[] cols = {TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK, TcpState.TIME_WAIT};
            out.printf(Locale.ROOT, "    %9s %9s", "time s", "done");
            for (TcpState c : cols) out.printf(Locale.ROOT, " %12s", c.name());
            out.println();
            int step = Math.max(1, samples.size() / 10);
            for (int i = 0; i < samples.size(); i += step) {
                StateSample s = samples.get(i);
                out.printf(Locale.ROOT, "    %9.1f %9d", s.timeNanos() / 1e9, s.lifecycles());
                for (TcpState c : cols) out.printf(Locale.ROOT, " %12d", s.total(c));
                out.println();
            }
        }
        if (r.ok()) {
            out.println("  invariants: all held");
        } else {
            out.printf(Locale.ROOT, "  INVARIANT VIOLATIONS: %d%n", r.violations().size());
            int shown = 0;
            for (Violation v : r.violations()) {
                if (shown++ == 20) {
                    out.println("    ...");
                    break;
                }
                out.println("    " + v);
            }
            if (r.reproduction() != null) out.println("  reproduction: " + r.reproduction());
        }
    }
}
