package org.tcplifecycle.tools.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tcplifecycle.api.TcpState;

/**
 * The replay of one side of one connection: whether the engine sent what the recorded side sent, the
 * differences, the states the engine went through, the application actions inferred, the pure-ACK
 * differences that were tolerated, and the engine's state after each packet of the connection.
 */
public final class SideResult {
    /** A state change of the engine's connection, at a capture time (nanoseconds since the epoch). */
    public record Transition(long timeNanos, TcpState to, String cause) {
    }

    private final String side;
    final List<TcpState> states = new ArrayList<>();
    final List<Transition> transitions = new ArrayList<>();
    final List<Mismatch> mismatches = new ArrayList<>();
    final List<String> actions = new ArrayList<>();
    final List<String> tolerated = new ArrayList<>();
    final Map<Long, TcpState> stateAfter = new LinkedHashMap<>();
    final Map<Long, TcpState> stateAfterSend = new LinkedHashMap<>();
    TcpState initial = TcpState.CLOSED;
    boolean replayed = true;

    SideResult(String side) {
        this.side = side;
    }

    /** {@code client}, {@code server} or {@code self}. */
    public String side() {
        return side;
    }

    public boolean match() {
        return mismatches.isEmpty();
    }

    /** The states in the order the engine entered them (a listener's LISTEN first), up to the last packet. */
    public List<TcpState> states() {
        return states;
    }

    /** The state changes with their times and causes. */
    public List<Transition> transitions() {
        return transitions;
    }

    public List<Mismatch> mismatches() {
        return mismatches;
    }

    /** The application calls inferred from the recorded side, e.g. {@code #4 write 5 bytes}. */
    public List<String> actions() {
        return actions;
    }

    /** Pure-ACK timing differences that were accepted, one line each. */
    public List<String> tolerated() {
        return tolerated;
    }

    /** The engine's state after each packet of the connection, by frame number. */
    public Map<Long, TcpState> stateAfter() {
        return stateAfter;
    }

    /** False when the side could not be replayed: the capture holds no SYN of its connection. */
    public boolean replayed() {
        return replayed;
    }

    /**
     * For the packets this side sent: its state once it had sent the packet, before it received anything
     * else (for a socket connected to itself, before it received that same packet).
     */
    public Map<Long, TcpState> stateAfterSend() {
        return stateAfterSend;
    }

    /** The state before the connection's first packet: LISTEN for a listener, otherwise CLOSED. */
    public TcpState initialState() {
        return initial;
    }

    /** The state after the last packet. */
    public TcpState finalState() {
        return transitions.isEmpty() ? initial : transitions.get(transitions.size() - 1).to();
    }

    /** When the final state was entered (nanoseconds since the epoch), or {@code fallback} if never changed. */
    public long finalStateSince(long fallback) {
        return transitions.isEmpty() ? fallback : transitions.get(transitions.size() - 1).timeNanos();
    }

    void transition(long time, TcpState to, String cause) {
        transitions.add(new Transition(time, to, cause));
        states.add(to);
    }
}
