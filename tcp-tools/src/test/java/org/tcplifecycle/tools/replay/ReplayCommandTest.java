package org.tcplifecycle.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.tools.MiniJson;
import org.tcplifecycle.tools.Run;
import org.tcplifecycle.tools.Synth;

class ReplayCommandTest {
    static final String ACTIVE = "SYN_SENT,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,TIME_WAIT";
    static final String PASSIVE_SERVER = "LISTEN,SYN_RECEIVED,ESTABLISHED,CLOSE_WAIT,LAST_ACK,CLOSED";

    /** Every real capture replays as a match on both sides, through the states Linux went through. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "close-client.pcap;     " + ACTIVE + ";  " + PASSIVE_SERVER,
        "close-client.pcapng;   " + ACTIVE + ";  " + PASSIVE_SERVER,
        "close-client-nsec.pcap;" + ACTIVE + ";  " + PASSIVE_SERVER,
        "ipv6.pcap;             " + ACTIVE + ";  " + PASSIVE_SERVER,
        "cooked-lo.pcap;        " + ACTIVE + ";  " + PASSIVE_SERVER,
        "cooked-sll.pcap;       " + ACTIVE + ";  " + PASSIVE_SERVER,
        "cooked-sll2.pcap;      " + ACTIVE + ";  " + PASSIVE_SERVER,
        "cooked-merged.pcapng;  " + ACTIVE + ";  " + PASSIVE_SERVER,
        "half-close.pcap;       " + ACTIVE + ";  " + PASSIVE_SERVER,
        "close-server.pcap;     SYN_SENT,ESTABLISHED,CLOSE_WAIT,LAST_ACK,CLOSED; LISTEN,SYN_RECEIVED,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,TIME_WAIT",
        "linger0.pcap;          SYN_SENT,ESTABLISHED,CLOSED;  LISTEN,SYN_RECEIVED,ESTABLISHED,CLOSED",
        "unread-data.pcap;      SYN_SENT,ESTABLISHED,CLOSED;  LISTEN,SYN_RECEIVED,ESTABLISHED,CLOSED",
        "refused.pcap;          SYN_SENT,CLOSED;              CLOSED",
    })
    void realCaptureMatches(String file, String client, String server) {
        Run r = Run.of("replay", "--json", Run.capture(file).toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Map<String, Object> doc = obj(MiniJson.parse(r.out()));
        assertThat(doc.get("match")).isEqualTo(true);
        Map<String, Object> conn = onlyConnection(doc);
        List<Object> sides = list(conn.get("sides"));
        assertThat(sides).hasSize(2);
        assertSide(sides.get(0), "client", client);
        assertSide(sides.get(1), "server", server);
    }

    @Test
    void selfConnectIsOneEndpointThroughSimultaneousOpenAndClose() {
        Run r = Run.of("replay", "--json", Run.capture("self-connect.pcap").toString());
        assertThat(r.code()).isZero();
        Map<String, Object> conn = onlyConnection(obj(MiniJson.parse(r.out())));
        assertThat(conn.get("client")).isEqualTo("127.0.0.1:40007");
        assertThat(conn.get("server")).isEqualTo("127.0.0.1:40007");
        List<Object> sides = list(conn.get("sides"));
        assertThat(sides).hasSize(1);
        assertSide(sides.get(0), "self", "SYN_SENT,SYN_RECEIVED,ESTABLISHED,FIN_WAIT_1,CLOSING,TIME_WAIT");
    }

    @Test
    void textOutputNamesTheInferredActions() {
        Run r = Run.of("replay", Run.capture("half-close.pcap").toString(), Run.capture("unread-data.pcap").toString(),
                Run.capture("linger0.pcap").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("actions:   #1 connect, #4 write 7 bytes, #6 shutdown(SHUT_WR)")
                .contains("actions:   #8 write 3 bytes, #10 write 3 bytes, #12 write 5 bytes, #14 close()")
                .contains("#6 close() with 11 unread bytes (RST, RFC 2525)")
                .contains("#8 close() with SO_LINGER 0 (RST)")
                .endsWith("result: match\n");
    }

    @Test
    void sideOptionSelectsOneSide() {
        Run r = Run.of("replay", "--side", "server", "--json", Run.capture("close-client.pcap").toString());
        assertThat(r.code()).isZero();
        List<Object> sides = list(onlyConnection(obj(MiniJson.parse(r.out()))).get("sides"));
        assertThat(sides).hasSize(1);
        assertSide(sides.get(0), "server", PASSIVE_SERVER);
    }

    /** --strict compares windows and options: Linux rounds the SYN's window to a multiple of the MSS, the engine does not. */
    @Test
    void strictReportsTheSynWindowPolicyDifferenceOnly() {
        Run r = Run.of("replay", "--strict", "--json", Run.capture("close-client.pcap").toString());
        assertThat(r.code()).isEqualTo(1);
        Map<String, Object> doc = obj(MiniJson.parse(r.out()));
        assertThat(doc.get("match")).isEqualTo(false);
        List<Object> sides = list(onlyConnection(doc).get("sides"));
        Map<String, Object> client = obj(sides.get(0)), server = obj(sides.get(1));
        assertThat(list(client.get("mismatches"))).containsExactly(Map.of("packet", 1L,
                "expected", "SYN seq=0 len=0 win=65495 mss=65495 wscale=10 sackOK TS ecr=0",
                "got", "SYN seq=0 len=0 win=65535 mss=65495 wscale=10 sackOK TS ecr=0"));
        List<Object> sm = list(server.get("mismatches"));
        assertThat(sm).hasSize(1);
        assertThat(obj(sm.get(0)).get("packet")).isEqualTo(2L);
        assertThat((String) obj(sm.get(0)).get("expected")).startsWith("SYN+ACK seq=0 ack=1 len=0 win=65483 mss=65495 wscale=10 sackOK TS ecr=");
        assertThat((String) obj(sm.get(0)).get("got")).startsWith("SYN+ACK seq=0 ack=1 len=0 win=65535 mss=65495 wscale=10 sackOK TS ecr=");
    }

    /** Under --strict a RST from a connection differs in its window: Linux advertises its receive window, the engine 0. */
    @Test
    void strictRstWindow() {
        Run r = Run.of("replay", "--strict", "--side", "client", Run.capture("linger0.pcap").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().lines().filter(l -> l.contains("mismatch:")).map(String::trim).toList()).containsExactly(
                "mismatch:  packet 1: expected SYN seq=0 len=0 win=65495 mss=65495 wscale=10 sackOK TS ecr=0,"
                        + " got SYN seq=0 len=0 win=65535 mss=65495 wscale=10 sackOK TS ecr=0",
                "mismatch:  packet 8: expected RST+ACK seq=6 ack=6 len=0 win=64 TS ecr=6448828,"
                        + " got RST+ACK seq=6 ack=6 len=0 win=0 TS ecr=6448828");
    }

    /** Loopback captures carry unfinished TCP checksums: verifying them drops the segments, so nothing replays. */
    @Test
    void verifyChecksumsDropsLoopbackSegments() {
        Run r = Run.of("replay", "--verify-checksums", Run.capture("close-client.pcap").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("segments dropped: bad checksum").contains("result: MISMATCH");
    }

    /** A recorded ACK that acknowledges one octet too many: the engine's own ACK differs, and the peer's engine answers it. */
    @Test
    void aChangedAckIsReportedWithPacketExpectedAndGot(@TempDir Path dir) throws Exception {
        Path f = Synth.of("close-client.pcap").edit(11, s -> s.ack += 1).write(dir.resolve("bad-ack.pcap"));
        Run r = Run.of("replay", "--json", f.toString());
        assertThat(r.code()).isEqualTo(1);
        List<Object> sides = list(onlyConnection(obj(MiniJson.parse(r.out()))).get("sides"));
        Map<String, Object> client = obj(sides.get(0)), server = obj(sides.get(1));
        assertThat(client.get("match")).isEqualTo(false);
        assertThat(list(client.get("mismatches"))).containsExactly(Map.of("packet", 11L,
                "expected", "ACK seq=7 ack=8 len=0", "got", "ACK seq=7 ack=7 len=0"));
        // the server in LAST_ACK gets an ACK for something it never sent: as Linux (silentDropAckOfUnsent) it
        // drops it without a reply, and stays in LAST_ACK
        assertThat(server.get("mismatches")).isEqualTo(List.of());
        assertThat(server.get("states")).isEqualTo(List.of("LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK"));
        Run text = Run.of("replay", f.toString());
        assertThat(text.out()).contains("mismatch:  packet 11: expected ACK seq=7 ack=8 len=0, got ACK seq=7 ack=7 len=0")
                .endsWith("result: MISMATCH\n");
    }

    /** Without the server's separate ACK of the FIN, Linux would have delayed it onto its FIN: tolerated. */
    @Test
    void delayedAckPiggyBackedOnFinIsTolerated(@TempDir Path dir) throws Exception {
        Path f = Synth.of("close-client.pcap").drop(9).write(dir.resolve("no-ack.pcap"));
        Run r = Run.of("replay", f.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("tolerated: packet 9: the engine sent ACK seq=6 ack=7 at once; the recorded side delayed it onto its FIN+ACK segment");
        // the client's FIN is acknowledged by the server's FIN: FIN_WAIT_1 straight to TIME_WAIT
        assertThat(r.out()).contains("states:    SYN_SENT ESTABLISHED FIN_WAIT_1 TIME_WAIT");
    }

    /** Two ACKs the recorded side sent as one (ACK every other segment) are tolerated. */
    @Test
    void coalescedAcksAreTolerated(@TempDir Path dir) throws Exception {
        // half-close: the client ACKs each of the server's three segments; keep only its last ACK
        Path f = Synth.of("half-close.pcap").drop(9, 11).write(dir.resolve("coalesced.pcap"));
        Run r = Run.of("replay", "--side", "client", f.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("tolerated: packet 11: the engine sent ACK ack=4 which the recorded side coalesced into its ACK ack=12")
                .contains("tolerated: packet 11: the engine sent ACK ack=7 which the recorded side coalesced into its ACK ack=12");
    }

    /** A pure ACK the recorded side sent twice (a window update, or a duplicate) has no engine counterpart: tolerated. */
    @Test
    void repeatedRecordedAckIsTolerated(@TempDir Path dir) throws Exception {
        Path f = Synth.of("close-client.pcap").duplicate(7).write(dir.resolve("dup.pcap"));
        Run r = Run.of("replay", f.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("tolerated: packet 8: the recorded side repeated ACK seq=6 ack=6 (duplicate ACK or window update);"
                + " the engine had already sent it");
    }

    /** A second connection on the same 4-tuple meets the first one's TIME_WAIT on the same engine. */
    @Test
    void consecutiveConnectionsShareTheEngineAndItsTimeWait(@TempDir Path dir) throws Exception {
        int clientShift = 1_000_000, tsShift = 5_000;
        long server = 40002;
        Synth s = Synth.of("close-server.pcap").append("close-server.pcap", 2_000_000_000L, seg -> {
            boolean fromClient = seg.dstPort == server;
            if (fromClient) {
                seg.seq += clientShift;
                if (seg.hasTimestamps) seg.tsVal += tsShift;
            } else {
                if ((seg.flags & TcpFlags.ACK) != 0) seg.ack += clientShift;
                if (seg.hasTimestamps && seg.tsEcr != 0) seg.tsEcr += tsShift;
            }
        });
        Path f = s.write(dir.resolve("twice.pcap"));
        Run r = Run.of("replay", "--json", f.toString());
        Map<String, Object> doc = obj(MiniJson.parse(r.out()));
        List<Object> conns = list(list(doc.get("files")).stream().map(ReplayCommandTest::obj).findFirst().get().get("connections"));
        assertThat(conns).hasSize(2);
        assertThat(r.code()).as(r.out()).isZero();
        // the first connection leaves the server in TIME_WAIT; the new SYN ends it and the listener answers
        assertSide(list(obj(conns.get(0)).get("sides")).get(1), "server", "LISTEN,SYN_RECEIVED,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,TIME_WAIT");
        assertSide(list(obj(conns.get(1)).get("sides")).get(1), "server", "LISTEN,SYN_RECEIVED,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,TIME_WAIT");
        assertSide(list(obj(conns.get(1)).get("sides")).get(0), "client", "SYN_SENT,ESTABLISHED,CLOSE_WAIT,LAST_ACK,CLOSED");
    }

    @Test
    void writtenCapturesOpenInTsharkWithGoodChecksums(@TempDir Path dir) throws Exception {
        String tshark = Run.which("tshark");
        Assumptions.assumeTrue(tshark != null, "tshark is not on the PATH");
        Path f = Synth.of("close-client.pcap").drop(9).write(dir.resolve("w.pcap"));
        Process p = new ProcessBuilder(tshark, "-n", "-r", f.toString(), "-T", "fields", "-e", "ip.checksum.status",
                "-e", "tcp.checksum.status", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE")
                .redirectError(dir.resolve("err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out.lines().toList()).hasSize(10).allMatch(l -> l.equals("1\t1"));
    }

    @Test
    void missingFileIsExitTwoWithOneLine() {
        Run r = Run.of("replay", "no/such/file.pcap");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("tcp-tools replay: cannot read no/such/file.pcap: no such file\n");
    }

    @Test
    void truncatedFileIsExitTwoNamingTheOffset(@TempDir Path dir) throws Exception {
        byte[] all = Files.readAllBytes(Run.capture("close-client.pcap"));
        Path f = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(all, all.length - 7));
        Run r = Run.of("replay", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("tcp-tools replay: cannot read ").contains("offset ").doesNotContain("Exception");
    }

    @Test
    void badUsageIsExitTwo() {
        assertThat(Run.of("replay").code()).isEqualTo(2);
        Run side = Run.of("replay", "--side", "middle", Run.capture("refused.pcap").toString());
        assertThat(side.code()).isEqualTo(2);
        assertThat(side.err()).isEqualTo("tcp-tools replay: --side must be client, server or both, not 'middle'\n");
    }

    // ------------------------------------------------------------------------------------------------

    private static void assertSide(Object side, String name, String states) {
        Map<String, Object> s = obj(side);
        assertThat(s.keySet()).containsExactly("side", "match", "states", "mismatches");
        assertThat(s.get("side")).isEqualTo(name);
        assertThat(s.get("mismatches")).as(name).isEqualTo(List.of());
        assertThat(s.get("match")).isEqualTo(true);
        assertThat(s.get("states")).isEqualTo(List.of(states.trim().split(",")));
    }

    private static Map<String, Object> onlyConnection(Map<String, Object> doc) {
        assertThat(doc.keySet()).containsExactly("match", "files");
        List<Object> files = list(doc.get("files"));
        assertThat(files).hasSize(1);
        Map<String, Object> f = obj(files.get(0));
        assertThat(f.keySet()).containsExactly("file", "connections");
        List<Object> conns = list(f.get("connections"));
        assertThat(conns).hasSize(1);
        Map<String, Object> c = obj(conns.get(0));
        assertThat(c.keySet()).containsExactly("client", "server", "sides");
        return c;
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
