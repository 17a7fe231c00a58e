package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.tools.packetdrill.Event.Packet;
import org.tcplifecycle.tools.packetdrill.Event.RawPacket;
import org.tcplifecycle.tools.packetdrill.Event.Syscall;
import org.tcplifecycle.tools.packetdrill.Expr.Assign;
import org.tcplifecycle.tools.packetdrill.Expr.Call;
import org.tcplifecycle.tools.packetdrill.Expr.Ellipsis;
import org.tcplifecycle.tools.packetdrill.Expr.Int;
import org.tcplifecycle.tools.packetdrill.Expr.Str;
import org.tcplifecycle.tools.packetdrill.Expr.Struct;
import org.tcplifecycle.tools.packetdrill.Expr.Word;

/** Hand-written snippets: forms the shared scripts do not use, and syntax errors. */
class ScriptParserTest {

    private static Script resource(String name) {
        try {
            return ScriptParser.parse(Path.of(ScriptParserTest.class.getResource("/packetdrill/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Script parse(String text) {
        return ScriptParser.parse(text, "snippet.pkt");
    }

    private static Event at(Script s, int line) {
        return s.events().stream().filter(e -> e.line() == line).findFirst().orElseThrow();
    }

    @Test
    void formsOptionsAndInitCommand() {
        Script s = resource("forms.pkt");
        assertThat(s.source()).isEqualTo("forms.pkt");
        assertThat(s.option("tolerance_usecs")).contains("25000");
        assertThat(s.option("ip_version")).contains("ipv4");
        assertThat(s.option("define")).contains("GREETING=\"a b\"");
        assertThat(s.options()).extracting(ScriptOption::line).containsExactly(3, 4, 5);
        ShellCommand init = s.initCommand().orElseThrow();
        assertThat(init.line()).isEqualTo(9);
        assertThat(init.sysctls()).containsExactly(new Sysctl("net.ipv4.tcp_sack", "0"),
                new Sysctl("net.ipv4.tcp_rmem", "4096 8192 16384"),
                new Sysctl("net.ipv4.tcp_fin_timeout", "2"));
        assertThat(s.cleanupCommand()).isEmpty();
    }

    @Test
    void formsSystemCallArguments() {
        Script s = resource("forms.pkt");
        Syscall socket = (Syscall) at(s, 11);
        assertThat(socket.timing()).isEqualTo(Timing.absolute(0));
        assertThat(socket.args()).containsExactly(new Word("AF_INET"), new Word("SOCK_STREAM"), new Word("IPPROTO_TCP"));

        Syscall linger = (Syscall) at(s, 12);
        assertThat(linger.args().get(2)).isEqualTo(new Word("SO_LINGER"));
        Struct l = (Struct) linger.args().get(3);
        assertThat(l.fields()).containsExactly(new Assign("onoff", new Int(1, "1")), new Assign("linger", new Int(0, "0")));
        assertThat(l.field("linger")).contains(new Int(0, "0"));

        Syscall fcntl = (Syscall) at(s, 13);
        assertThat(fcntl.result()).isEqualTo(new Int(2, "0x2"));
        assertThat(fcntl.errno()).isEmpty();
        assertThat(fcntl.note()).contains("flags O_RDWR");

        Syscall connect = (Syscall) at(s, 14);
        assertThat(connect.timing()).isEqualTo(Timing.absolute(10_000));
        Struct addr = (Struct) connect.args().get(1);
        assertThat(addr.field("sa_family")).contains(new Word("AF_INET"));
        assertThat(addr.field("sin_port")).contains(new Call("htons", List.of(new Int(8080, "8080"))));
        assertThat(addr.field("sin_addr")).contains(new Call("inet_addr", List.of(new Str("192.0.2.1", false))));
        assertThat(connect.resultValue()).hasValue(-1);
        assertThat(connect.errno()).contains("EINPROGRESS");

        Syscall getsockopt = (Syscall) at(s, 18);
        assertThat(getsockopt.args().get(3)).isEqualTo(new Expr.Array(List.of(new Int(0, "0"))));

        assertThat(((Syscall) at(s, 19)).args().get(1)).isEqualTo(new Str("hello", false));
        Syscall send = (Syscall) at(s, 20);
        assertThat(send.args().get(1)).isEqualTo(new Str("prefix", true));
        assertThat(send.args().get(3)).isEqualTo(new Expr.Or(List.of(new Word("MSG_DONTWAIT"), new Word("MSG_NOSIGNAL"))));

        Syscall writev = (Syscall) at(s, 21);
        assertThat(writev.args().get(1)).isEqualTo(new Expr.Array(List.of(
                new Struct(List.of(new Ellipsis(), new Int(10, "10"))),
                new Struct(List.of(new Ellipsis(), new Int(20, "20"))))));

        Syscall info = (Syscall) at(s, 22);
        assertThat(info.args().subList(3, 5)).containsExactly(new Expr.Ref("info"), new Expr.Ref("len"));

        Syscall read = (Syscall) at(s, 36);
        assertThat(read.timing()).isEqualTo(Timing.absolute(1_000_000));
        assertThat(read.returnMicros()).hasValue(1_500_000);
        // Absolute timing: the return time does not depend on the previous event.
        assertThat(read.returnAfter(123)).hasValue(1_500_000);
    }

    @Test
    void formsPackets() {
        Script s = resource("forms.pkt");
        Packet syn = (Packet) at(s, 15);
        assertThat(syn.window()).hasValue(65535);
        assertThat(syn.options()).containsExactly(new TcpOption.Mss(1460, ""), new TcpOption.SackPermitted(),
                new TcpOption.Timestamp(100, 0), new TcpOption.Nop(), new TcpOption.WindowScale(7, false));
        assertThat(((Packet) at(s, 16)).options()).containsExactly(new TcpOption.Mss(1460, ""), new TcpOption.Eol());

        Packet ranged = (Packet) at(s, 17);
        assertThat(ranged.timing()).isEqualTo(new Timing(Timing.Kind.ABSOLUTE_RANGE, 110_000, 130_000));
        assertThat(ranged.timing().startAfter(999)).isEqualTo(110_000);
        assertThat(ranged.option(TcpOption.Sack.class)).contains(new TcpOption.Sack(List.of(
                new TcpOption.SackBlock(1, 2), new TcpOption.SackBlock(3, 4))));

        Packet ecn = (Packet) at(s, 23);
        assertThat(ecn.flags()).isEqualTo(TcpFlags.ECE | TcpFlags.CWR | TcpFlags.ACK);
        assertThat(ecn.urgentPointer()).hasValue(5);
        assertThat(ecn.options()).containsExactly(new TcpOption.WindowScale(0, true),
                new TcpOption.Md5("0123456789abcdef"), new TcpOption.Unknown("mptcp", List.of("capable", "1")));
        assertThat(ecn.features()).containsExactlyInAnyOrder(Feature.ECN, Feature.URGENT, Feature.TCP_MD5,
                Feature.UNKNOWN_TCP_OPTION);

        Packet tagged = (Packet) at(s, 24);
        assertThat(tagged.prefix()).isEqualTo("[ect0]");
        assertThat(tagged.features()).containsExactly(Feature.ECN);
        assertThat(tagged.length()).isEqualTo(100);

        Packet v4 = (Packet) at(s, 25);
        assertThat(v4.prefix()).isEqualTo("ipv4 192.0.2.1 > 192.0.2.2: 8080 > 40000");
        assertThat(v4.flagsText()).isEqualTo(".");
        assertThat(v4.startSeq()).isEqualTo(101);
        assertThat(v4.features()).containsExactly(Feature.IP_HEADER);

        Packet v6 = (Packet) at(s, 26);
        assertThat(v6.prefix()).isEqualTo("ipv6 fd00::1 > fd00::2:");
        assertThat(v6.ack()).hasValue(11);

        Packet gre = (Packet) at(s, 27);
        assertThat(gre.prefix()).isEqualTo("gre:");
        assertThat(gre.features()).containsExactly(Feature.ENCAPSULATION);

        RawPacket udp = (RawPacket) at(s, 28);
        assertThat(udp.direction()).isEqualTo(Direction.INBOUND);
        assertThat(udp.text()).isEqualTo("udp (100)");
        assertThat(udp.features()).containsExactly(Feature.UDP);
        RawPacket icmp = (RawPacket) at(s, 29);
        assertThat(icmp.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(icmp.features()).containsExactly(Feature.ICMP);

        Packet any = (Packet) at(s, 37);
        assertThat(any.timing()).isEqualTo(Timing.any());
        assertThat(any.startSeq()).isEqualTo(11);
    }

    @Test
    void formsCommandAndCode() {
        Script s = resource("forms.pkt");
        Event.Command cmd = (Event.Command) at(s, 30);
        assertThat(cmd.command().text()).isEqualTo("true");
        assertThat(cmd.command().sysctls()).isEmpty();

        Event.Code code = (Event.Code) at(s, 31);
        assertThat(code.code().text()).startsWith("\nprint(tcpi_rto)");
        assertThat(code.code().assertions()).containsExactly(
                new CodeAssertion("tcpi_snd_cwnd", Optional.empty(), CodeAssertion.Comparison.GE, "10"),
                new CodeAssertion("tcpi_options", Optional.of("0x4"), CodeAssertion.Comparison.EQ, "0x4"));
        assertThat(code.code().assertions().get(1).numericValue()).hasValue(4);
        assertThat(code.code().other()).containsExactly("print(tcpi_rto)");
        assertThat(code.code().fullyDecoded()).isFalse();
        assertThat(code.features()).containsExactly(Feature.CODE);
    }

    @Test
    void formsFeatures() {
        assertThat(resource("forms.pkt").features()).isEqualTo(EnumSet.of(Feature.ECN, Feature.URGENT,
                Feature.TCP_MD5, Feature.UNKNOWN_TCP_OPTION, Feature.IP_HEADER, Feature.ENCAPSULATION, Feature.UDP,
                Feature.ICMP, Feature.CODE));
    }

    @Test
    void blockingAndRanges() {
        Script s = resource("blocking.pkt");
        Syscall accept = (Syscall) s.events().get(1);
        assertThat(accept.timing()).isEqualTo(Timing.relative(250_000));
        assertThat(accept.returnMicros()).hasValue(750_000);
        // Relative timing: both the start and the return count from the previous event.
        assertThat(accept.timing().startAfter(1_000_000)).isEqualTo(1_250_000);
        assertThat(accept.returnAfter(1_000_000)).hasValue(1_750_000);
        assertThat(s.events().get(2).timing()).isEqualTo(Timing.absolute(2_000_000));
        assertThat(s.events().get(3).timing()).isEqualTo(new Timing(Timing.Kind.RELATIVE_RANGE, 300_000, 400_000));
        assertThat(s.events().get(4).timing()).isEqualTo(new Timing(Timing.Kind.ABSOLUTE_RANGE, 2_500_000, 3_000_000));
        // Half a microsecond rounds up.
        assertThat(s.events().get(5).timing()).isEqualTo(Timing.absolute(3_000_001));
        assertThat(s.features()).isEmpty();
    }

    @Test
    void fastOpenDetectedFromCallsAndSysctl() {
        Script s = parse("""
                `sysctl -q net.ipv4.tcp_fastopen=0x1`
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_CONNECT, [1], 4) = 0
                +0 sendto(3, ..., 100, MSG_FASTOPEN, ..., ...) = 100
                """);
        assertThat(s.features()).containsExactly(Feature.TCP_FAST_OPEN);
        assertThat(s.featureUses()).extracting(FeatureUse::line, FeatureUse::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "net.ipv4.tcp_fastopen=0x1"),
                org.assertj.core.groups.Tuple.tuple(3, "TCP_FASTOPEN_CONNECT"),
                org.assertj.core.groups.Tuple.tuple(4, "MSG_FASTOPEN"));
        // Turning Fast Open off needs no Fast Open.
        assertThat(parse("`sysctl -q net.ipv4.tcp_fastopen=0`\n0 close(3) = 0\n").features()).isEmpty();
    }

    @Test
    void elidedStructFieldsAndBareAddresses() {
        Syscall bind = (Syscall) parse("0 bind(3, {sa_family=AF_INET, ...}, 16) = 0\n").events().get(0);
        assertThat(bind.args().get(1)).isEqualTo(new Struct(List.of(new Assign("sa_family", new Word("AF_INET")),
                new Ellipsis())));
        Syscall call = (Syscall) parse("0 f(192.0.2.1, fd00::1, []) = 0\n").events().get(0);
        assertThat(call.args()).containsExactly(new Expr.Address("192.0.2.1"), new Expr.Address("fd00::1"),
                new Expr.Array(List.of()));
    }

    @Test
    void emptyAndCommentOnlyScripts() {
        Script s = parse("// nothing here\n/* or here */\n");
        assertThat(s.events()).isEmpty();
        assertThat(s.initCommand()).isEmpty();
        assertThat(s.features()).isEmpty();
    }

    // ------------------------------------------------------------------ errors

    private static void fails(String text, int line, int column, String reason) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(ScriptSyntaxException.class, e -> {
                    assertThat(e.source()).isEqualTo("snippet.pkt");
                    assertThat(e.line()).as("line").isEqualTo(line);
                    assertThat(e.column()).as("column").isEqualTo(column);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).isEqualTo("snippet.pkt: line " + line + ", column " + column + ": "
                            + e.reason());
                });
    }

    @Test
    void unknownPacketBodyNamesLineAndColumn() {
        fails("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 > X 0:0(0)\n", 2, 6,
                "expected TCP flags and start:end(length)");
    }

    @Test
    void missingParenthesis() {
        fails("0 close(3 = 0\n", 1, 11, "expected ',' or ')'");
        fails("0 close(3) 0\n", 1, 12, "expected '= result'");
    }

    @Test
    void missingTime() {
        fails("// header\n\nclose(3) = 0\n", 3, 1, "expected a time");
        fails("+x close(3) = 0\n", 1, 2, "expected a time");
    }

    @Test
    void badSequenceSpecs() {
        fails("0 > P. 1:1001(10) ack 1\n", 1, 10, "inconsistent sequence numbers");
        fails("0 > P. 1:11 ack 1\n", 1, 13, "expected '(' in start:end(length)");
        fails("0 > P. 1:4294967297(0)\n", 1, 10, "sequence number out of range");
        fails("0 > SS 0:0(0)\n", 1, 5, "given twice");
        fails("0 > S 0:0(0) win 70000\n", 1, 18, "window out of range");
    }

    @Test
    void badOptionLists() {
        fails("0 > S 0:0(0) <mss 1460 nop>\n", 1, 24, "',' or '>'");
        fails("0 > S 0:0(0) <TS 1 ecr 2>\n", 1, 18, "expected 'val'");
        fails("0 > S 0:0(0) <wscale 300>\n", 1, 22, "window scale shift count out of range");
        fails("0 < S 0:0(0) <...>\n", 1, 14, "can only be used with outbound packets");
    }

    @Test
    void timingRules() {
        fails("* close(3) = 0\n", 1, 1, "* can only be used with outbound packets");
        fails("0.1~0.2 < S 0:0(0)\n", 1, 1, "time range can only be used with outbound packets");
        fails("0.2~0.1 > S 0:0(0)\n", 1, 1, "time range is backwards");
        fails("+0~0.5 > S 0:0(0)\n", 1, 4, "both ends of a time range");
        fails("0.5...0.2 accept(3, ..., ...) = 4\n", 1, 4, "returns before it starts");
        fails("+0...+1 accept(3, ..., ...) = 4\n", 1, 6, "without '+'");
        fails("+0...1 > S 0:0(0)\n", 1, 3, "only be used with a system call");
    }

    @Test
    void commandPlacementAndOptionsOrder() {
        fails("0 close(3) = 0\n`echo hi`\n0 close(4) = 0\n", 2, 1, "needs a time");
        fails("0 close(3) = 0\n--tolerance_usecs=1000\n", 2, 1, "must come before the first event");
    }

    @Test
    void unterminatedBlocksPointAtTheirStart() {
        fails("0 close(3) = 0\n+0 %{ assert x == 1\n", 2, 4, "unterminated %{ code block");
        fails("0 close(3) = 0\n +0 `echo\n", 2, 5, "unterminated ` shell command");
        fails("0 write(3, \"abc, 3) = 3\n", 1, 12, "unterminated string");
        fails("/* open\n comment", 1, 1, "unterminated /* comment");
    }

    @Test
    void badExpressions() {
        fails("0 close(-x) = 0\n", 1, 10, "expected a number after '-'");
        fails("0 close(3) = ]\n", 1, 14, "expected a value");
        fails("0 getsockopt(3, &1) = 0\n", 1, 18, "expected a name after '&'");
    }
}
