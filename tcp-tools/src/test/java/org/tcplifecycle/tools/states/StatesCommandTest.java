package org.tcplifecycle.tools.states;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tcplifecycle.tools.MiniJson;
import org.tcplifecycle.tools.Run;
import org.tcplifecycle.tools.Synth;

class StatesCommandTest {

    @Test
    void timelineGivesBothStatesAfterEveryPacket() {
        Run r = Run.of("states", Run.capture("close-server.pcap").toString());
        assertThat(r.code()).isZero();
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\.\\d+.*")).toList();
        assertThat(rows).hasSize(11);
        assertThat(rows.get(0)).matches("\\s+1\\s+0\\.000000\\s+client -> server\\s+SYN seq=0 len=0\\s+SYN_SENT\\s+SYN_RECEIVED");
        assertThat(rows.get(7)).matches("\\s+8\\s+0\\.101329\\s+server -> client\\s+FIN\\+ACK seq=6 ack=6 len=0\\s+CLOSE_WAIT\\s+FIN_WAIT_1");
        assertThat(rows.get(8)).endsWith("CLOSE_WAIT    FIN_WAIT_2");
        assertThat(rows.get(9)).endsWith("LAST_ACK      TIME_WAIT");
        assertThat(rows.get(10)).endsWith("CLOSED        TIME_WAIT");
        assertThat(r.out()).contains("summary: server in TIME_WAIT at end of capture (for 0.000 s; Linux keeps it 60 s, about 60 s left)")
                .contains("summary: client CLOSED: closed normally (its FIN was acknowledged in LAST_ACK)");
    }

    @Test
    void summariesOfAbortsAndRefusal() {
        assertThat(Run.of("states", Run.capture("unread-data.pcap").toString()).out())
                .contains("summary: server CLOSED: the application closed with unread data (RST, RFC 2525)")
                .contains("summary: client CLOSED: reset by the peer");
        assertThat(Run.of("states", Run.capture("linger0.pcap").toString()).out())
                .contains("summary: client CLOSED: the application closed with SO_LINGER 0 (RST, no TIME_WAIT)");
        assertThat(Run.of("states", Run.capture("refused.pcap").toString()).out())
                .contains("summary: client CLOSED: connection refused (the SYN was answered with RST)")
                .contains("summary: server CLOSED: nobody listened; the SYN was answered with RST");
        assertThat(Run.of("states", Run.capture("self-connect.pcap").toString()).out())
                .contains("self -> self")
                .contains("summary: self in TIME_WAIT at end of capture");
    }

    /** The server closed; the client acknowledged its FIN and then never closed; the capture goes on 41 s. */
    @Test
    void clientStuckInCloseWait(@TempDir Path dir) throws Exception {
        Path f = Synth.of("close-server.pcap").drop(10, 11).append("refused.pcap", 41_000_000_000L, s -> { })
                .write(dir.resolve("stuck.pcap"));
        Run r = Run.of("states", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("summary: client stuck in CLOSE_WAIT for 41 s: the peer closed and the application never closed")
                .contains("summary: server in FIN_WAIT_2 for 41 s: its FIN was acknowledged; waiting for the peer's application to close")
                .contains("connection 2: client 127.0.0.1:57646 -> server 127.0.0.1:40006");
    }

    @Test
    void jsonAnnotatesEveryPacket() {
        Run r = Run.of("states", "--json", Run.capture("half-close.pcap").toString());
        assertThat(r.code()).isZero();
        Map<String, Object> doc = obj(MiniJson.parse(r.out()));
        List<Object> conns = list(doc.get("connections"));
        assertThat(conns).hasSize(1);
        Map<String, Object> c = obj(conns.get(0));
        List<Object> packets = list(c.get("packets"));
        assertThat(packets).hasSize(15);
        Map<String, Object> p6 = obj(packets.get(5));
        assertThat(p6).containsEntry("packet", 6L).containsEntry("from", "client")
                .containsEntry("segment", "FIN+ACK seq=8 ack=1 len=0")
                .containsEntry("client", "FIN_WAIT_1").containsEntry("server", "CLOSE_WAIT");
        assertThat(obj(packets.get(12))).containsEntry("client", "FIN_WAIT_2").containsEntry("server", "CLOSE_WAIT");
        assertThat(obj(c.get("final"))).containsEntry("client", "TIME_WAIT").containsEntry("server", "CLOSED");
        assertThat(list(c.get("summary"))).hasSize(2);
    }

    /** Where the replay of a side differs from the recording, the summary warns that its states are the engine's. */
    @Test
    void summaryWarnsOfAReplayMismatch(@TempDir Path dir) throws Exception {
        Path f = Synth.of("close-client.pcap").edit(11, s -> s.ack += 1).write(dir.resolve("bad-ack.pcap"));
        Run r = Run.of("states", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("summary: client: the engine's replay differs from the recording (1 difference(s),"
                + " first at packet 11), so its states may not be the recorded stack's")
                .contains("summary: server in LAST_ACK for 0.000 s: its FIN is not acknowledged yet");
    }

    @Test
    void midConnectionCaptureHasNoStates(@TempDir Path dir) throws Exception {
        Path f = Synth.of("close-client.pcap").drop(1, 2).write(dir.resolve("mid.pcap"));
        Run r = Run.of("states", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("summary: client: state unknown: the capture starts mid-connection, without its handshake")
                .contains("summary: server: state unknown: the capture starts mid-connection, without its handshake")
                .doesNotContain("ESTABLISHED");
        Run replay = Run.of("replay", f.toString());
        assertThat(replay.code()).isEqualTo(1);
        assertThat(replay.out()).contains("mismatch:  packet 1: expected a handshake to start from, got capture starts"
                + " mid-connection (no SYN): not replayed");
    }

    @Test
    void missingFileIsExitTwo() {
        Run r = Run.of("states", "missing.pcap");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("tcp-tools states: cannot read missing.pcap: no such file\n");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
