package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.tools.packetdrill.CodeAssertion.Comparison;

class CommandAndCodeTest {

    @Test
    void sysctlForms() {
        assertThat(ShellCommand.parse(1, "sysctl -q net.ipv4.tcp_timestamps=1").sysctls())
                .containsExactly(new Sysctl("net.ipv4.tcp_timestamps", "1"));
        assertThat(ShellCommand.parse(1, "/sbin/sysctl -w net/ipv4/tcp_ecn=1 && sysctl -q net.core.x='a b'").sysctls())
                .containsExactly(new Sysctl("net.ipv4.tcp_ecn", "1"), new Sysctl("net.core.x", "a b"));
        assertThat(ShellCommand.parse(1, "../common/defaults.sh\n ../common/set_sysctls.py "
                + "/proc/sys/net/ipv4/tcp_timestamps=0 /proc/sys/net/ipv4/tcp_sack=0").sysctls())
                .containsExactly(new Sysctl("net.ipv4.tcp_timestamps", "0"), new Sysctl("net.ipv4.tcp_sack", "0"));
        assertThat(ShellCommand.parse(1, "echo -n 4096 87380 > /proc/sys/net/ipv4/tcp_rmem").sysctls())
                .containsExactly(new Sysctl("net.ipv4.tcp_rmem", "4096 87380"));
        // Not assignments: a query, output to a plain file, an unrelated tool.
        assertThat(ShellCommand.parse(1, "sysctl net.ipv4.tcp_sack; echo 1 > /tmp/x; tc qdisc show").sysctls())
                .isEmpty();
    }

    @Test
    void assertionForms() {
        CodeBlock b = CodeBlock.parse("assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state\n"
                + "# comment\n"
                + "assert tcpi_rto<=1000000; assert ( tcpi_options & TCPI_OPT_SACK ) != 0\n"
                + "assert tcpi_unacked > -1\n"
                + "assert 1 < tcpi_rtt < 5\n");
        assertThat(b.assertions()).containsExactly(
                new CodeAssertion("tcpi_state", Optional.empty(), Comparison.EQ, "TCP_CLOSE_WAIT"),
                new CodeAssertion("tcpi_rto", Optional.empty(), Comparison.LE, "1000000"),
                new CodeAssertion("tcpi_options", Optional.of("TCPI_OPT_SACK"), Comparison.NE, "0"),
                new CodeAssertion("tcpi_unacked", Optional.empty(), Comparison.GT, "-1"));
        assertThat(b.other()).containsExactly("assert 1 < tcpi_rtt < 5");
        assertThat(b.assertions().get(0).numericValue()).isEmpty();
        assertThat(b.assertions().get(3).numericValue()).hasValue(-1);
    }

    @Test
    void comparisonsEvaluate() {
        assertThat(Comparison.EQ.test(3, 3)).isTrue();
        assertThat(Comparison.NE.test(3, 3)).isFalse();
        assertThat(Comparison.LT.test(2, 3)).isTrue();
        assertThat(Comparison.LE.test(4, 3)).isFalse();
        assertThat(Comparison.GT.test(4, 3)).isTrue();
        assertThat(Comparison.GE.test(2, 3)).isFalse();
        assertThat(Comparison.GE.symbol()).isEqualTo(">=");
    }
}
