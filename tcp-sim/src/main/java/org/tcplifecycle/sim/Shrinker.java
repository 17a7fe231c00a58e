package org.tcplifecycle.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the fault schedule of a failing run down to a small one that still fails with the same kind of
 * violation. First the run is cut after the failing lifecycle; then the schedule is tried with only that
 * lifecycle's faults, with none, and finally reduced by delta debugging (drop chunks of the schedule,
 * halving the chunk size when nothing can go). Every step is a full re-run in replay mode, which is
 * deterministic, so "still fails" is a fact, not a guess. The effort is bounded by
 * {@link SimConfig#shrinkRuns()} re-runs and a minute of wall time.
 */
final class Shrinker {
    private static final long WALL_BUDGET_NANOS = 60_000_000_000L;

    private final SimConfig base;
    private final Violation.Kind kind;
    private final long deadline;
    private int runs;
    private int connections;
    private Violation last;

    private Shrinker(SimConfig cfg, Violation.Kind kind) {
        this.base = cfg.toBuilder().shrink(false).samplePcap(null).traceConnection(-1).build();
        this.kind = kind;
        this.deadline = System.nanoTime() + WALL_BUDGET_NANOS;
        this.connections = cfg.connections();
    }

    static Reproduction shrink(SimConfig cfg, SimResult failed) {
        Violation first = failed.violations().get(0);
        Shrinker s = new Shrinker(cfg, first.kind());
        s.last = first;
        List<Fault> schedule = failed.faults();
        boolean recorded = cfg.schedule() != null || !schedule.isEmpty() || !cfg.faulty();
        int original = schedule.size();
        // 1. stop after the failing lifecycle (lifecycles are a function of seed and index alone)
        int idx = first.connection();
        // the lifecycles that ran alongside the failing one may matter (ports, timing): keep those next
        for (int keep : new int[] {idx + 1, idx + 1 + cfg.concurrency()}) {
            if (idx < 0 || keep >= s.connections) continue;
            SimConfig cut = s.base.withConnections(keep);
            SimResult r = cfg.schedule() != null ? s.run(cut.withSchedule(keepUpTo(schedule, keep - 1))) : s.runRecording(cut);
            if (s.fails(r)) {
                s.connections = keep;
                schedule = cfg.schedule() != null ? keepUpTo(schedule, keep - 1) : r.faults();
                recorded = true;
                original = schedule.size();
                break;
            }
        }
        if (!recorded) {
            SimResult r = s.runRecording(s.base.withConnections(s.connections));
            if (!s.fails(r)) return new Reproduction(cfg.seed(), cfg.connections(), List.of(), 0, first, s.runs);
            schedule = r.faults();
            original = schedule.size();
        }
        // 2. only the failing lifecycle's packet faults, then nothing at all
        if (idx >= 0 && schedule.size() > 1) {
            List<Fault> own = new ArrayList<>();
            for (Fault f : schedule) if (f.lifecycle() == idx) own.add(f);
            if (own.size() < schedule.size() && s.failsWith(own)) schedule = own;
        }
        if (!schedule.isEmpty() && s.failsWith(List.of())) schedule = List.of();
        // 3. delta debugging
        schedule = s.ddmin(schedule);
        return new Reproduction(cfg.seed(), s.connections, List.copyOf(schedule), original, s.last, s.runs);
    }

    private static List<Fault> keepUpTo(List<Fault> schedule, int idx) {
        List<Fault> out = new ArrayList<>();
        for (Fault f : schedule) if (f.lifecycle() <= idx) out.add(f);
        return out;
    }

    private List<Fault> ddmin(List<Fault> in) {
        List<Fault> cur = new ArrayList<>(in);
        int n = 2;
        while (cur.size() >= 2 && budgetLeft()) {
            int chunk = (cur.size() + n - 1) / n;
            boolean reduced = false;
            for (int start = 0; start < cur.size() && budgetLeft(); start += chunk) {
                List<Fault> complement = new ArrayList<>(cur.subList(0, start));
                complement.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
                if (failsWith(complement)) {
                    cur = complement;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= cur.size()) break;
                n = Math.min(cur.size(), n * 2);
            }
        }
        if (cur.size() == 1 && budgetLeft() && failsWith(List.of())) cur.clear();
        return cur;
    }

    private boolean budgetLeft() {
        return runs < base.shrinkRuns() && System.nanoTime() < deadline;
    }

    private boolean failsWith(List<Fault> schedule) {
        if (!budgetLeft()) return false;
        return fails(run(base.withConnections(connections).withSchedule(schedule)));
    }

    private SimResult run(SimConfig c) {
        runs++;
        return Simulation.runOnce(c, false);
    }

    private SimResult runRecording(SimConfig c) {
        runs++;
        return Simulation.runOnce(c, true);
    }

    private boolean fails(SimResult r) {
        for (Violation v : r.violations()) {
            if (v.kind() == kind) {
                last = v;
                return true;
            }
        }
        return false;
    }
}
