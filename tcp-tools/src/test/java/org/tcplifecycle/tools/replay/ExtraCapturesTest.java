package org.tcplifecycle.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.tools.MiniJson;
import org.tcplifecycle.tools.Run;

/** Replays of the loopback captures in {@code src/test/resources/replay} (made by make-replay-captures.sh). */
class ExtraCapturesTest {
    static String file(String name) {
        return Path.of("src", "test", "resources", "replay", name).toString();
    }

    /** 200 000 bytes in Linux's 32-64 KiB loopback segments: the server's ACKs differ from the engine's only as tolerated. */
    @Test
    void bulkTransferMatchesWithTheToleratedAckDifferences() {
        Run r = Run.of("replay", file("bulk.pcap"));
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("actions:   #1 connect, #4 write 32741 bytes, #6 write 32741 bytes, #7 write 62491 bytes,"
                        + " #9 write 47616 bytes, #10 write 19968 bytes, #13 write 4443 bytes, #15 shutdown(SHUT_WR)")
                .contains("tolerated: packet 8: the engine sent ACK ack=65483 which the recorded side coalesced into its ACK ack=127974")
                .contains("tolerated: packet 11: the engine sent ACK ack=175590 which the recorded side coalesced into its ACK ack=195558")
                .contains("tolerated: packet 12: the recorded side repeated ACK seq=1 ack=195558 (duplicate ACK or window update);"
                        + " the engine had already sent it")
                .contains("tolerated: packet 16: the engine sent ACK seq=1 ack=200002 at once; the recorded side delayed it onto"
                        + " its PSH+ACK segment")
                .contains("states:    SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT")
                .endsWith("result: match\n");
    }

    /**
     * Data reaching a server that has closed: Linux drops the connection and answers as for a segment with
     * no connection, {@code <SEQ=SEG.ACK><CTL=RST>}: the engine does the same under its
     * {@code orphanDataRstFromSegment} switch, which the replay turns on.
     */
    @Test
    void dataAfterCloseIsResetFromTheSegment() {
        Run r = Run.of("replay", "--json", file("data-after-close.pcap"));
        assertThat(r.code()).as(r.out()).isZero();
        Map<String, Object> doc = ReplayCommandTest.obj(MiniJson.parse(r.out()));
        Map<String, Object> conn = ReplayCommandTest.obj(ReplayCommandTest.list(ReplayCommandTest.obj(
                ReplayCommandTest.list(doc.get("files")).get(0)).get("connections")).get(0));
        List<Object> sides = ReplayCommandTest.list(conn.get("sides"));
        Map<String, Object> client = ReplayCommandTest.obj(sides.get(0)), server = ReplayCommandTest.obj(sides.get(1));
        assertThat(client.get("match")).isEqualTo(true);
        assertThat(client.get("states")).isEqualTo(List.of("SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "CLOSED"));
        assertThat(server.get("match")).isEqualTo(true);
        assertThat(server.get("states")).isEqualTo(List.of("LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSED"));
        // the server's FIN is a close(), not a shutdown: it answered the later data with RST
        assertThat(Run.of("replay", file("data-after-close.pcap")).out()).contains("actions:   #6 close()");
    }

    /**
     * Under --strict the bulk transfer differs where Linux's policies do: the SYN windows, PSH on the
     * segments that do not end a write, and the receive window Linux grows by autotuning.
     */
    @Test
    void bulkTransferStrictDifferences() {
        Run r = Run.of("replay", "--strict", file("bulk.pcap"));
        assertThat(r.code()).isEqualTo(1);
        List<String> mismatches = r.out().lines().filter(l -> l.contains("mismatch:")).map(String::trim).toList();
        assertThat(mismatches).hasSize(10);
        assertThat(mismatches.get(1)).isEqualTo("mismatch:  packet 4: expected ACK seq=1 ack=1 len=32741 win=64 TS ecr=3526195398,"
                + " got PSH+ACK seq=1 ack=1 len=32741 win=64 TS ecr=3526195398");
        assertThat(mismatches.get(5)).isEqualTo("mismatch:  packet 8: expected ACK seq=1 ack=127974 len=0 win=66 TS ecr=969365417,"
                + " got ACK seq=1 ack=127974 len=0 win=194 TS ecr=969365417");
        // every data segment and ACK the engine sent is otherwise the recorded one
        assertThat(mismatches).allMatch(m -> m.contains("packet 1:") || m.contains("packet 2:") || m.contains("PSH")
                || m.matches(".*expected (\\S+) seq=(\\S+) ack=(\\S+) len=(\\d+) win=\\d+ TS ecr=(\\d+), got \\1 seq=\\2 ack=\\3 len=\\4 win=\\d+ TS ecr=\\5"));
    }

    /** The second SYN from the same client port meets the server's TIME_WAIT on the same engine. */
    @Test
    void connectionReusingTimeWait() {
        Run r = Run.of("replay", file("reuse.pcap"));
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("connection 1: client 127.0.0.1:42004 -> server 127.0.0.1:42003")
                .contains("connection 2: client 127.0.0.1:42004 -> server 127.0.0.1:42003")
                .contains("actions:   #12 connect, #15 write 2 bytes, #21 close()");
        Run s = Run.of("states", file("reuse.pcap"));
        assertThat(s.out()).contains("summary: server in TIME_WAIT for 0.201 s, until connection 2 reused the 4-tuple")
                .contains("summary: server in TIME_WAIT at end of capture");
        Run d = Run.of("states", file("data-after-close.pcap"));
        assertThat(d.out()).contains("summary: server CLOSED: data arrived after the application closed: reset (RST)")
                .contains("summary: client CLOSED: reset by the peer")
                .contains("      8   0.100404  client -> server PSH+ACK seq=4 ack=2 len=3        CLOSE_WAIT    CLOSED");
    }
}
