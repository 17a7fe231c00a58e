package org.tcplifecycle.sim;

import java.util.List;
import java.util.Map;

/**
 * What a simulation run observed.
 *
 * @param seed                the seed the run derived everything from
 * @param completed           lifecycles that ended gracefully on both sides
 * @param aborted             lifecycles that ended by reset, timeout, abort or crash (expected for abortive
 *                            closes and under faults)
 * @param violations          invariants broken (empty for a good run)
 * @param retransmits         retransmitted segments, both engines
 * @param rstSent             RSTs sent, both engines
 * @param peakTimeWait        most TIME_WAIT rows at once, both engines
 * @param statesOverTime      periodic per-state counts
 * @param wallNanos           wall-clock duration of the run
 * @param virtualNanos        virtual time simulated
 * @param lifecyclesPerSecond lifecycles per wall-clock second
 * @param segments            packets put on the wire
 * @param trace               events of the traced lifecycle (empty when none was traced)
 * @param faults              the fault schedule applied (packet and host faults), for replay and shrinking
 * @param appTimeouts         connections an application gave up on (waits beyond every protocol timer)
 * @param drops               segments the engines dropped, by reason (engine reasons and codec results)
 * @param reproduction        the shrunk reproduction when the run failed, else null
 */
public record SimResult(long seed, long completed, long aborted, List<Violation> violations, long retransmits,
                        long rstSent, long peakTimeWait, List<StateSample> statesOverTime, long wallNanos,
                        long virtualNanos, double lifecyclesPerSecond, long segments, List<TraceEvent> trace,
                        List<Fault> faults, long appTimeouts, Map<String, Long> drops, Reproduction reproduction) {

    public boolean ok() {
        return violations.isEmpty();
    }

    SimResult withReproduction(Reproduction r) {
        return new SimResult(seed, completed, aborted, violations, retransmits, rstSent, peakTimeWait, statesOverTime,
                wallNanos, virtualNanos, lifecyclesPerSecond, segments, trace, faults, appTimeouts, drops, r);
    }

    /** One paragraph for logs. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "seed %d: %d completed, %d aborted, %d violations, %d segments, %d retransmits, %d RST, peak TIME_WAIT %d, "
                        + "%d app timeouts, %d faults, virtual %s, wall %.2fs, %.0f lifecycles/s",
                seed, completed, aborted, violations.size(), segments, retransmits, rstSent, peakTimeWait, appTimeouts,
                faults == null ? 0 : faults.size(), Trace.time(virtualNanos), wallNanos / 1e9, lifecyclesPerSecond);
    }
}
