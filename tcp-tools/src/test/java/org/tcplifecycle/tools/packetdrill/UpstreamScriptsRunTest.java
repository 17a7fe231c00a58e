package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the 30 upstream packetdrill scripts in {@code ../shared/conformance/packetdrill} with the Linux
 * profile and pins the outcome of each, so a regression (or an unexplained improvement) fails the build.
 * Skipped when the shared directory is absent (a user's clone).
 */
class UpstreamScriptsRunTest {
    private static final String PASS = "PASS";
    private static final String TFO = "SKIP needs TCP Fast Open (RFC 7413)";

    /** Script (relative to gtests) to the expected report prefix. See tcp-tools/docs/packetdrill.md. */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        // packetdrill's own self-test, written to fail at the third SYN (tcp_syn_retries=1)
        EXPECTED.put("net/packetdrill/tests/packet-timeout.pkt", "FAIL packet-timeout.pkt:13: timed out waiting for packet > S 0:0(0)");
        EXPECTED.put("net/psp/psp-tw-rtx-ack.pkt", "SKIP psp-tw-rtx-ack.pkt: needs PSP encapsulation");
        EXPECTED.put("net/tcp/blocking/blocking-accept.pkt", PASS);
        EXPECTED.put("net/tcp/blocking/blocking-connect.pkt", PASS);
        EXPECTED.put("net/tcp/close/close-local-close-then-remote-fin.pkt", PASS);
        EXPECTED.put("net/tcp/close/close-on-syn-sent.pkt", PASS);
        EXPECTED.put("net/tcp/close/close-remote-fin-then-close.pkt", PASS);
        for (String s : new String[] {"client/cookie-req-timeout", "client/simultaneous-fast-open", "client/syn-data-timeout",
            "client/synack-data", "server/fin-close-socket", "server/listener-closed-trigger-rst", "server/reset-after-accept",
            "server/reset-before-accept", "server/reset-close-with-unread-data", "server/reset-non-tfo-socket",
            "server/unread-data-closed-trigger-rst"}) {
            EXPECTED.put("net/tcp/fastopen/" + s + ".pkt", TFO);
        }
        EXPECTED.put("net/tcp/ioctl/ioctl-siocinq-fin.pkt", PASS);
        EXPECTED.put("net/tcp/shutdown/shutdown-rd-close.pkt", PASS);
        EXPECTED.put("net/tcp/shutdown/shutdown-rd-wr-close.pkt", PASS);
        EXPECTED.put("net/tcp/shutdown/shutdown-rdwr-close.pkt", PASS);
        // needs a congestion window (IW10, slow start): the engine sends all 20000 bytes the peer's window allows
        EXPECTED.put("net/tcp/shutdown/shutdown-rdwr-send-queue-ack-close.pkt",
                "FAIL shutdown-rdwr-send-queue-ack-close.pkt:22: expected > P. 1:10001(10000) ack 1 but sent > P. 1:20001(20000)");
        EXPECTED.put("net/tcp/shutdown/shutdown-rdwr-write-queue-close.pkt", PASS);
        EXPECTED.put("net/tcp/shutdown/shutdown-wr-close.pkt", PASS);
        EXPECTED.put("net/tcp/ts_recent/fin_tsval.pkt", PASS);
        EXPECTED.put("net/tcp/ts_recent/invalid_ack.pkt", PASS);
        EXPECTED.put("net/tcp/ts_recent/reset_tsval.pkt", PASS);
        EXPECTED.put("net/tcp/user_timeout/user_timeout.pkt", PASS);
        EXPECTED.put("net/tcp/validate/validate-established-no-flags.pkt", PASS);
    }

    @Test
    void everyUpstreamScriptHasAnExpectedOutcome() {
        assertThat(SharedScripts.all().stream().map(SharedScripts::name)).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @TestFactory
    Stream<DynamicTest> outcomesAreExactlyAsDocumented() {
        PacketdrillRunner runner = new PacketdrillRunner(Profile.LINUX);
        return SharedScripts.all().stream().map(p -> DynamicTest.dynamicTest(SharedScripts.name(p), () -> {
            String want = EXPECTED.get(SharedScripts.name(p));
            String got = runner.run(ScriptParser.parse(p)).report();
            if (want.equals(PASS)) {
                assertThat(got).isEqualTo("PASS " + p.getFileName());
            } else if (want.equals(TFO)) {
                assertThat(got).startsWith("SKIP " + p.getFileName() + ": needs TCP Fast Open (RFC 7413)");
            } else {
                assertThat(got).startsWith(want);
            }
        }));
    }

    @Test
    void sixteenOfTheSeventeenPlainScriptsPass() {
        PacketdrillRunner runner = new PacketdrillRunner(Profile.LINUX);
        long passed = 0, plain = 0;
        for (Path p : SharedScripts.all()) {
            Script s = ScriptParser.parse(p);
            if (!s.features().isEmpty() || p.getFileName().toString().equals("packet-timeout.pkt")) continue;
            plain++;
            if (runner.run(s).status() == Outcome.Status.PASS) passed++;
        }
        assertThat(plain).isEqualTo(17);
        assertThat(passed).isEqualTo(16);
    }
}
