package org.tcplifecycle.tools.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tcplifecycle.api.Endpoint;

/**
 * Replays the connections of a capture against the engine, one side at a time.
 *
 * <p>For each side the engine (Linux-like policies, {@code TcpConfig.linux()}) plays that endpoint:
 * <ul>
 * <li>its SYN is {@code connect()} with the recorded ISN ({@code IsnGenerator.fixed}) and the recorded
 * MSS, window scale, timestamps and SACK-permitted; its SYN-ACK means a listener existed (the engine
 * listens, configured from the SYN-ACK's options and ISN, before the peer's SYN arrives); a RST answering
 * a SYN means nobody listened;</li>
 * <li>new data is {@code send()}; its FIN is {@code shutdownOutput()} when the peer still sends it data
 * afterwards, otherwise {@code close()};</li>
 * <li>a RST the engine did not itself produce in answer to the peer's last segment is an application
 * close: with received data still unread ({@code close()}, RFC 2525) or else under SO_LINGER 0;</li>
 * <li>received data is read as soon as it arrives, except by an application that never wrote and ends with
 * a RST (it is taken never to have read).</li>
 * </ul>
 * The peer's segments are fed at their recorded times ({@code advance()} runs the engine's timers up to
 * each packet and never beyond the last). Sequence numbers are compared relative to each side's ISN.
 */
public final class Replayer {
    /** Which sides to replay. */
    public enum Sides { CLIENT, SERVER, BOTH }

    /** One connection's replayed sides (client first). */
    public record ConnectionResult(Connection connection, List<SideResult> sides) {
        public boolean match() {
            return sides.stream().allMatch(SideResult::match);
        }
    }

    /** A file's replay. */
    public record FileResult(Path file, List<ConnectionResult> connections, int badChecksums) {
        public boolean match() {
            return connections.stream().allMatch(ConnectionResult::match);
        }
    }

    private Replayer() {
    }

    public static FileResult replay(Path file, Sides sides, boolean strict, boolean verifyChecksums) {
        return replay(CaptureFile.read(file, verifyChecksums), sides, strict);
    }

    public static FileResult replay(CaptureFile capture, Sides sides, boolean strict) {
        List<Connection> conns = Connection.split(capture.packets());
        long t0 = capture.packets().isEmpty() ? 0 : capture.packets().get(0).timeNanos();
        Map<String, List<Connection>> byTuple = new LinkedHashMap<>();
        for (Connection c : conns) byTuple.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        Map<Connection, List<SideResult>> out = new LinkedHashMap<>();
        for (Connection c : conns) out.put(c, new ArrayList<>());
        for (List<Connection> group : byTuple.values()) {
            Connection first = group.get(0);
            List<Endpoint> endpoints = first.self() ? List.of(first.client()) : List.of(first.client(), first.server());
            for (Endpoint e : endpoints) {
                List<SideResult> rs = new SideReplay(group, e, strict, t0).run();
                for (int i = 0; i < group.size(); i++) {
                    SideResult r = rs.get(i);
                    if (wanted(r.side(), sides)) out.get(group.get(i)).add(r);
                }
            }
        }
        List<ConnectionResult> results = new ArrayList<>();
        for (Map.Entry<Connection, List<SideResult>> en : out.entrySet()) {
            List<SideResult> rs = en.getValue();
            rs.sort((a, b) -> Integer.compare(rank(a.side()), rank(b.side())));
            results.add(new ConnectionResult(en.getKey(), rs));
        }
        return new FileResult(capture.path(), results, capture.badChecksums());
    }

    private static boolean wanted(String side, Sides sides) {
        return side.equals("self") || sides == Sides.BOTH || side.equals(sides.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static int rank(String side) {
        return side.equals("server") ? 1 : 0;
    }
}
