package org.tcplifecycle.tools.packetdrill;

import java.util.List;

/**
 * How one script ended.
 *
 * @param script the script's name
 * @param status pass, fail or skip
 * @param line   1-based line of the failing event (0 when not tied to a line)
 * @param detail why it failed or was skipped; empty for a pass
 * @param notes  what the runner mapped or ignored on the way (sysctls, socket options), in order
 */
public record Outcome(String script, Status status, int line, String detail, List<String> notes) {

    public Outcome {
        notes = List.copyOf(notes);
    }

    public enum Status { PASS, FAIL, SKIP }

    public static Outcome pass(String script) {
        return new Outcome(script, Status.PASS, 0, "", List.of());
    }

    public static Outcome fail(String script, int line, String detail) {
        return new Outcome(script, Status.FAIL, line, detail, List.of());
    }

    public static Outcome skip(String script, String detail) {
        return new Outcome(script, Status.SKIP, 0, detail, List.of());
    }

    public Outcome withNotes(List<String> n) {
        return new Outcome(script, status, line, detail, n);
    }

    /** One report line: {@code PASS name}, {@code FAIL name:LINE: detail} or {@code SKIP name: needs ...}. */
    public String report() {
        return switch (status) {
            case PASS -> "PASS " + script;
            case FAIL -> "FAIL " + script + (line > 0 ? ":" + line : "") + ": " + detail;
            case SKIP -> "SKIP " + script + ": " + detail;
        };
    }
}
