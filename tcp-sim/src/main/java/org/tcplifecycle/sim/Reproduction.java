package org.tcplifecycle.sim;

import java.util.List;

/**
 * The shortest failing run the shrinker found: the seed, how many lifecycles, and the explicit fault
 * schedule (replay with {@code config.withSeed(seed).withConnections(connections).withSchedule(schedule)}).
 *
 * @param seed          seed of the failing run
 * @param connections   lifecycles needed to reproduce
 * @param schedule      the faults that remain
 * @param original      faults in the failing run before shrinking
 * @param violation     the first violation of the shrunk run
 * @param runs          re-runs spent shrinking
 */
public record Reproduction(long seed, int connections, List<Fault> schedule, int original, Violation violation, int runs) {
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(seed).append(", ").append(connections).append(" lifecycles, ").append(schedule.size())
                .append(" of ").append(original).append(" faults (").append(runs).append(" re-runs)\n");
        sb.append("  violation: ").append(violation).append('\n');
        for (Fault f : schedule) sb.append("  ").append(f).append('\n');
        sb.append("  replay: -Dsim.seed=").append(seed).append(" -Dsim.connections=").append(connections)
                .append(" -Dsim.schedule=\"").append(Fault.encode(schedule)).append('"');
        return sb.toString();
    }
}
