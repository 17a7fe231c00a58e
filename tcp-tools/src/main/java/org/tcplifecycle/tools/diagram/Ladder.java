package org.tcplifecycle.tools.diagram;

import java.util.ArrayList;
import java.util.List;

import org.tcplifecycle.api.TcpState;

/**
 * A sequence ("ladder") diagram of one connection: two lifelines, the segments between them, each side's
 * state changes, the application's calls and the timers. Times are nanoseconds on any one clock; the
 * drawing keeps their order, not their scale.
 */
public final class Ladder {
    /** A segment sent at {@code sendNanos} that arrives at {@code recvNanos}. */
    public record Arrow(long sendNanos, long recvNanos, boolean fromLeft, String label) {
    }

    /** A side entered {@code state}. */
    public record StateMark(long nanos, boolean left, TcpState state) {
    }

    /** A timer running on one side, e.g. TIME-WAIT; {@code open} when it still runs at the end. */
    public record Timer(long startNanos, long endNanos, boolean left, String label, boolean open) {
    }

    /** An application call or a remark on one side. */
    public record Note(long nanos, boolean left, String text) {
    }

    private final String title;
    private final String leftName;
    private final String rightName;
    final List<Arrow> arrows = new ArrayList<>();
    final List<StateMark> states = new ArrayList<>();
    final List<Timer> timers = new ArrayList<>();
    final List<Note> notes = new ArrayList<>();

    public Ladder(String title, String leftName, String rightName) {
        this.title = title;
        this.leftName = leftName;
        this.rightName = rightName;
    }

    public String title() {
        return title;
    }

    public String leftName() {
        return leftName;
    }

    public String rightName() {
        return rightName;
    }

    public List<Arrow> arrows() {
        return arrows;
    }

    public List<StateMark> states() {
        return states;
    }

    public List<Timer> timers() {
        return timers;
    }

    public List<Note> notes() {
        return notes;
    }

    /** The states one side went through, in order. */
    public List<TcpState> statesOf(boolean left) {
        List<TcpState> out = new ArrayList<>();
        for (StateMark m : states) {
            if (m.left() == left) out.add(m.state());
        }
        return out;
    }

    void arrow(long send, long recv, boolean fromLeft, String label) {
        arrows.add(new Arrow(send, recv, fromLeft, label));
    }

    void state(long at, boolean left, TcpState s) {
        states.add(new StateMark(at, left, s));
    }

    void timer(long start, long end, boolean left, String label, boolean open) {
        timers.add(new Timer(start, end, left, label, open));
    }

    void note(long at, boolean left, String text) {
        notes.add(new Note(at, left, text));
    }
}
