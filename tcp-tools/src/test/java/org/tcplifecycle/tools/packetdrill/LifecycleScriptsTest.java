package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's own packetdrill scripts (test resources {@code packetdrill/lifecycle}) for what upstream
 * does not cover: SO_LINGER, TIME_WAIT and SYN/RST, simultaneous open and close, RST in the handshake,
 * challenge ACKs, FIN_WAIT_2 timeout, listener close. Each must pass against the Linux profile.
 */
class LifecycleScriptsTest {

    static List<Path> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(LifecycleScriptsTest.class.getResource("/packetdrill/lifecycle").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".pkt")).sorted().toList();
        }
    }

    @Test
    void everyGapIsCovered() throws Exception {
        assertThat(scripts()).extracting(p -> p.getFileName().toString()).containsExactly(
                "challenge-ack.pkt", "fin-wait-2-timeout.pkt", "listener-close-resets-children.pkt", "rst-in-syn-received.pkt", "rst-in-syn-sent.pkt",
                "rst-in-time-wait-rfc1337.pkt", "rst-in-time-wait-rfc793.pkt", "simultaneous-close.pkt",
                "simultaneous-open.pkt", "so-linger-timeout-acked.pkt", "so-linger-timeout-expires.pkt",
                "so-linger-zero.pkt", "syn-in-time-wait-accepted.pkt", "syn-in-time-wait-refused.pkt",
                "time-wait-fin-retransmit.pkt");
    }

    @TestFactory
    Stream<DynamicTest> eachPassesWithTheLinuxProfile() throws Exception {
        PacketdrillRunner runner = new PacketdrillRunner(Profile.LINUX);
        return scripts().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Outcome o = runner.run(ScriptParser.parse(p));
            assertThat(o.report()).isEqualTo("PASS " + p.getFileName());
        }));
    }

    @Test
    void rfc1337PolicyDecidesTheSameScriptBothWays() throws Exception {
        // The two RST-in-TIME_WAIT scripts differ only in the sysctl; each fails under the other's setting.
        PacketdrillRunner runner = new PacketdrillRunner(Profile.LINUX);
        Path dir = scripts().get(0).getParent();
        String keep = Files.readString(dir.resolve("rst-in-time-wait-rfc1337.pkt")).replace("tcp_rfc1337=1", "tcp_rfc1337=0");
        Outcome o = runner.run(ScriptParser.parse(keep, "swapped.pkt"));
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.detail()).contains("tcpi_state is TCP_CLOSE");
        assertThat(o.notes()).anyMatch(n -> n.contains("net.ipv4.tcp_rfc1337=0 -> RST in TIME_WAIT ends it"));
    }
}
