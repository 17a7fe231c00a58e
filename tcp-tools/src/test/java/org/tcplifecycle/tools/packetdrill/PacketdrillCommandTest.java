package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tcplifecycle.tools.Main;

import picocli.CommandLine;

/** {@code tcp-tools packetdrill}: report lines, the summary and exit codes 0, 1 and 2. */
class PacketdrillCommandTest {
    private static final String GOOD = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 bind(3, ..., ...) = 0
               +0 listen(3, 1) = 0
               +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
               +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
            """;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void allPassingExitsZero(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.pkt"), GOOD);
        Result r = run("packetdrill", a.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("PASS a.pkt\n1 passed, 0 failed\n");
    }

    @Test
    void anUnknownSymbolIsAnUnreadableScriptNotAnEngineFailure(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.pkt"),
                GOOD.replace("+0 bind(", "+0 fcntl(3, F_SETFL, O_NONBLOKK) = 0\n   +0 bind("));
        Result r = run("packetdrill", a.toString(), dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("ERROR " + a + ": ").contains("unknown symbol O_NONBLOKK")
                .contains("a directory, not a script").doesNotContain("FAIL");
    }

    @Test
    void aFailureExitsOneAndNamesLineExpectedAndSent(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.pkt"), GOOD);
        Path b = Files.writeString(dir.resolve("b.pkt"), GOOD.replace("wscale 8>", "wscale 7>"));
        Path c = Files.writeString(dir.resolve("c.pkt"), GOOD + "+0 `sysctl -q net.ipv4.tcp_fastopen=3`\n+0 sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = 1000\n");
        Result r = run("packetdrill", a.toString(), b.toString(), c.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("""
                PASS a.pkt
                FAIL b.pkt:5: expected > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 7> but sent > S. 0:0(0) ack 1 \
                win 65535 <mss 1460,nop,nop,sackOK,nop,wscale 8> (window scale option)
                SKIP c.pkt: needs TCP Fast Open (RFC 7413), system call sendto()
                1 passed, 1 failed, 1 skipped
                """);
    }

    @Test
    void profileRfcChangesTheOutcome(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.pkt"), GOOD);
        Result r = run("packetdrill", "--profile", "rfc", a.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL a.pkt:5:").contains("wscale 7>");
    }

    @Test
    void verboseListsTheMappings(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.pkt"), "`sysctl -q net.ipv4.tcp_rfc1337=1`\n" + GOOD);
        Result r = run("packetdrill", "-v", a.toString());
        assertThat(r.out()).contains("  note: line 1: net.ipv4.tcp_rfc1337=1 -> RST in TIME_WAIT ignored (RFC 1337)");
    }

    @Test
    void unreadableOrBadScriptsAndBadUsageExitTwo(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pkt"), "0 socket(..., SOCK_STREAM\n");
        Result r = run("packetdrill", bad.toString(), dir.resolve("missing.pkt").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("ERROR " + bad + ": bad.pkt: line").contains("ERROR " + dir.resolve("missing.pkt") + ": no such file")
                .endsWith("0 passed, 0 failed, 2 unreadable\n");
        Result p = run("packetdrill", "--profile", "bsd", bad.toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).isEqualTo("tcp-tools packetdrill: unknown profile 'bsd' (linux or rfc)\n");
        assertThat(run("packetdrill").code()).isEqualTo(2);
    }
}
