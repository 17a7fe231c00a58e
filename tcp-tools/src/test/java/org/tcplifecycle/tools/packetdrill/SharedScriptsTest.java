package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.tools.packetdrill.Event.Packet;
import org.tcplifecycle.tools.packetdrill.Event.Syscall;
import org.tcplifecycle.tools.packetdrill.Expr.Ellipsis;
import org.tcplifecycle.tools.packetdrill.Expr.Int;
import org.tcplifecycle.tools.packetdrill.Expr.Word;
import org.tcplifecycle.tools.packetdrill.TcpOption.FastOpen;
import org.tcplifecycle.tools.packetdrill.TcpOption.Mss;
import org.tcplifecycle.tools.packetdrill.TcpOption.Nop;
import org.tcplifecycle.tools.packetdrill.TcpOption.SackPermitted;
import org.tcplifecycle.tools.packetdrill.TcpOption.WindowScale;

/** Parses the shared packetdrill conformance scripts (skipped when ../shared is absent). */
class SharedScriptsTest {

    @Test
    void noScriptsOutsideTheRepository(@org.junit.jupiter.api.io.TempDir Path dir) {
        // From a directory that is not inside the repository there is nothing to find, so tests skip.
        assertThat(SharedScripts.rootFrom(dir)).isNull();
    }

    @Test
    void thereAreThirtyScripts() {
        assertThat(SharedScripts.all()).hasSize(30);
    }

    @TestFactory
    Stream<DynamicTest> everyScriptParses() {
        return SharedScripts.all().stream().map(p -> DynamicTest.dynamicTest(SharedScripts.name(p), () -> {
            Script s = ScriptParser.parse(p);
            assertThat(s.events()).isNotEmpty();
            assertThat(s.source()).isEqualTo(p.getFileName().toString());
            // Every event has a line, and lines never go backwards.
            int last = 0;
            for (Event e : s.events()) {
                assertThat(e.line()).isGreaterThan(last);
                last = e.line();
            }
            // Nothing was left as unparsed text in these scripts.
            assertThat(s.events(Event.RawPacket.class)).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> featuresAreExactlyFastOpenAndPsp() {
        return SharedScripts.all().stream().map(p -> DynamicTest.dynamicTest(SharedScripts.name(p), () -> {
            String name = SharedScripts.name(p);
            Set<Feature> expected = EnumSet.noneOf(Feature.class);
            if (name.contains("/fastopen/")) {
                expected.add(Feature.TCP_FAST_OPEN);
            }
            if (name.startsWith("net/psp/")) {
                expected.add(Feature.PSP);
            }
            Script s = ScriptParser.parse(p);
            assertThat(s.features()).as(name).isEqualTo(expected);
            assertThat(s.featureUses()).allSatisfy(u -> assertThat(u.line()).isPositive());
        }));
    }

    @Test
    void closeLocalThenRemoteFin() {
        Script s = SharedScripts.parse("net/tcp/close/close-local-close-then-remote-fin.pkt");
        assertThat(s.options()).isEmpty();
        assertThat(s.initCommand()).map(ShellCommand::text).contains("../common/defaults.sh");
        assertThat(s.initCommand().orElseThrow().line()).isEqualTo(5);
        assertThat(s.cleanupCommand()).isEmpty();
        assertThat(s.events()).hasSize(13);
        assertThat(s.events(Packet.class)).hasSize(9);
        assertThat(s.events(Syscall.class)).hasSize(4);

        Syscall socket = (Syscall) s.events().get(0);
        assertThat(socket.line()).isEqualTo(7);
        assertThat(socket.timing()).isEqualTo(Timing.absolute(0));
        assertThat(socket.name()).isEqualTo("socket");
        assertThat(socket.args()).containsExactly(new Ellipsis(), new Word("SOCK_STREAM"), new Word("IPPROTO_TCP"));
        assertThat(socket.resultValue()).hasValue(3);
        assertThat(socket.blocking()).isFalse();

        Syscall connect = (Syscall) s.events().get(1);
        assertThat(connect.name()).isEqualTo("connect");
        assertThat(connect.timing()).isEqualTo(Timing.relative(10_000));
        assertThat(connect.returnMicros()).hasValue(11_000);
        assertThat(connect.returnAfter(0)).hasValue(11_000);
        assertThat(connect.args()).containsExactly(new Int(3, "3"), new Ellipsis(), new Ellipsis());

        Packet syn = (Packet) s.events().get(2);
        assertThat(syn.line()).isEqualTo(9);
        assertThat(syn.outbound()).isTrue();
        assertThat(syn.flags()).isEqualTo(TcpFlags.SYN);
        assertThat(syn.flagsText()).isEqualTo("S");
        assertThat(syn.startSeq()).isZero();
        assertThat(syn.endSeq()).isZero();
        assertThat(syn.length()).isZero();
        assertThat(syn.ack()).isEmpty();
        assertThat(syn.window()).isEmpty();
        assertThat(syn.optionsUnchecked()).isTrue();
        assertThat(syn.options()).isEmpty();
        assertThat(syn.prefix()).isEmpty();

        Packet synAck = (Packet) s.events().get(3);
        assertThat(synAck.inbound()).isTrue();
        assertThat(synAck.has(TcpFlags.SYN | TcpFlags.ACK)).isTrue();
        assertThat(synAck.ack()).hasValue(1);
        assertThat(synAck.window()).hasValue(32768);
        assertThat(synAck.optionsUnchecked()).isFalse();
        assertThat(synAck.options()).containsExactly(new Mss(1000, ""), new Nop(), new WindowScale(6, false),
                new Nop(), new Nop(), new SackPermitted());

        Packet data = (Packet) s.events().get(6);
        assertThat(data.flagsText()).isEqualTo("P.");
        assertThat(data.flags()).isEqualTo(TcpFlags.PSH | TcpFlags.ACK);
        assertThat(data.startSeq()).isEqualTo(1);
        assertThat(data.endSeq()).isEqualTo(1001);
        assertThat(data.length()).isEqualTo(1000);

        Syscall close = (Syscall) s.events().get(8);
        assertThat(close.line()).isEqualTo(17);
        assertThat(close.name()).isEqualTo("close");
        assertThat(close.args()).containsExactly(new Int(3, "3"));
        assertThat(close.result()).isEqualTo(new Int(0, "0"));
        assertThat(close.errno()).isEmpty();
        assertThat(close.note()).isEmpty();

        Packet fin = (Packet) s.events().get(9);
        assertThat(fin.line()).isEqualTo(18);
        assertThat(fin.flags()).isEqualTo(TcpFlags.FIN | TcpFlags.ACK);
        assertThat(fin.startSeq()).isEqualTo(1001);
        assertThat(fin.ack()).hasValue(1);

        Packet lastAck = (Packet) s.events().get(12);
        assertThat(lastAck.line()).isEqualTo(22);
        assertThat(lastAck.flagsText()).isEqualTo(".");
        assertThat(lastAck.startSeq()).isEqualTo(1002);
        assertThat(lastAck.ack()).hasValue(2);

        // After the first two calls every event is "+0".
        assertThat(s.events().subList(2, 13)).allSatisfy(e -> assertThat(e.timing()).isEqualTo(Timing.relative(0)));
    }

    @Test
    void packetTimeoutInitSysctlErrnoNoteAndCleanup() {
        Script s = SharedScripts.parse("net/packetdrill/tests/packet-timeout.pkt");
        ShellCommand init = s.initCommand().orElseThrow();
        assertThat(init.text()).startsWith("../../common/defaults.sh\n");
        assertThat(init.sysctls()).containsExactly(new Sysctl("net.ipv4.tcp_syn_retries", "1"));
        assertThat(s.cleanupCommand()).map(ShellCommand::text).contains("/tmp/sysctl_restore_${PPID}.sh");

        Syscall connect = s.events(Syscall.class).get(1);
        assertThat(connect.timing()).isEqualTo(Timing.relative(0));
        assertThat(connect.returnMicros()).hasValue(30_000_000);
        assertThat(connect.resultValue()).hasValue(-1);
        assertThat(connect.result()).isEqualTo(new Int(-1, "-1"));
        assertThat(connect.errno()).contains("ETIMEDOUT");
        assertThat(connect.note()).contains("Connection Timed Out");

        List<Packet> syns = s.events(Packet.class);
        assertThat(syns).extracting(Packet::timing)
                .containsExactly(Timing.relative(0), Timing.relative(1_000_000), Timing.relative(2_000_000));
        assertThat(syns.get(2).line()).isEqualTo(13);
        assertThat(syns.get(2).option(TcpOption.Timestamp.class)).contains(new TcpOption.Timestamp(3100, 0));
    }

    @Test
    void blockingAcceptReturnsAtAbsoluteEnd() {
        Script s = SharedScripts.parse("net/tcp/blocking/blocking-accept.pkt");
        Syscall accept = s.events(Syscall.class).get(4);
        assertThat(accept.name()).isEqualTo("accept");
        assertThat(accept.timing()).isEqualTo(Timing.relative(0));
        assertThat(accept.returnMicros()).hasValue(200_000);
        Syscall setsockopt = s.events(Syscall.class).get(1);
        assertThat(setsockopt.args()).containsExactly(new Int(3, "3"), new Word("SOL_SOCKET"),
                new Word("SO_REUSEADDR"), new Expr.Array(List.of(new Int(1, "1"))), new Int(4, "4"));
    }

    @Test
    void closeOnSynSentOrFlagsAndErrnoNote() {
        Script s = SharedScripts.parse("net/tcp/close/close-on-syn-sent.pkt");
        Syscall fcntl = s.events(Syscall.class).get(1);
        assertThat(fcntl.args().get(2)).isEqualTo(new Expr.Or(List.of(new Word("O_RDWR"), new Word("O_NONBLOCK"))));
        Syscall connect = s.events(Syscall.class).get(2);
        assertThat(connect.errno()).contains("EINPROGRESS");
        assertThat(connect.note()).contains("Operation now in progress");
        Packet rst = s.events(Packet.class).get(2);
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST);
        assertThat(rst.ack()).isEmpty();
        assertThat(rst.startSeq()).isEqualTo(1);
    }

    @Test
    void errnoNoteWithoutSpace() {
        Script s = SharedScripts.parse("net/tcp/fastopen/server/reset-close-with-unread-data.pkt");
        Syscall write = s.events(Syscall.class).stream().filter(c -> c.name().equals("write")).findFirst()
                .orElseThrow();
        assertThat(write.errno()).contains("ECONNRESET");
        assertThat(write.note()).contains("Connection reset by peer");
    }

    @Test
    void noFlagsDashAndFinWithData() {
        Packet noFlags = SharedScripts.parse("net/tcp/validate/validate-established-no-flags.pkt")
                .events(Packet.class).get(3);
        assertThat(noFlags.flagsText()).isEqualTo("-");
        assertThat(noFlags.flags()).isZero();
        assertThat(noFlags.length()).isEqualTo(1000);
        assertThat(noFlags.ack()).isEmpty();
        assertThat(noFlags.window()).hasValue(20000);

        Script ioctl = SharedScripts.parse("net/tcp/ioctl/ioctl-siocinq-fin.pkt");
        Packet finData = ioctl.events(Packet.class).stream().filter(p -> p.flagsText().equals("FP.")).findFirst()
                .orElseThrow();
        assertThat(finData.flags()).isEqualTo(TcpFlags.FIN | TcpFlags.PSH | TcpFlags.ACK);
        assertThat(finData.startSeq()).isEqualTo(1001);
        assertThat(finData.endSeq()).isEqualTo(2001);
    }

    @Test
    void relativeRanges() {
        Script wq = SharedScripts.parse("net/tcp/shutdown/shutdown-rdwr-write-queue-close.pkt");
        Packet tlp = wq.events(Packet.class).stream().filter(p -> p.timing().isRange()).findFirst().orElseThrow();
        assertThat(tlp.timing()).isEqualTo(new Timing(Timing.Kind.RELATIVE_RANGE, 10_000, 15_000));
        assertThat(tlp.timing().startAfter(1_000_000)).isEqualTo(1_010_000);
        assertThat(tlp.timing().endAfter(1_000_000)).isEqualTo(1_015_000);

        Script ut = SharedScripts.parse("net/tcp/user_timeout/user_timeout.pkt");
        assertThat(ut.events(Packet.class)).filteredOn(p -> p.timing().isRange()).extracting(Packet::timing)
                .containsExactly(new Timing(Timing.Kind.RELATIVE_RANGE, 300_000, 400_000),
                        new Timing(Timing.Kind.RELATIVE_RANGE, 300_000, 400_000),
                        new Timing(Timing.Kind.RELATIVE_RANGE, 600_000, 800_000));
        Syscall userTimeout = ut.events(Syscall.class).get(5);
        assertThat(userTimeout.args().get(2)).isEqualTo(new Word("TCP_USER_TIMEOUT"));
        assertThat(userTimeout.args().get(3)).isEqualTo(new Expr.Array(List.of(new Int(3000, "3000"))));
    }

    @Test
    void synackDataForms() {
        Script s = SharedScripts.parse("net/tcp/fastopen/client/synack-data.pkt");
        assertThat(s.options()).containsExactly(new ScriptOption("tcp_ts_ecr_scaled", Optional.empty(), 4));
        assertThat(s.hasOption("tcp_ts_ecr_scaled")).isTrue();
        assertThat(s.initCommand().orElseThrow().sysctls())
                .containsExactly(new Sysctl("net.ipv4.tcp_timestamps", "0"));

        Packet synFinData = s.events(Packet.class).stream().filter(p -> p.flagsText().equals("SF.")).findFirst()
                .orElseThrow();
        assertThat(synFinData.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.FIN | TcpFlags.ACK);
        assertThat(synFinData.startSeq()).isEqualTo(1_000_000);
        assertThat(synFinData.length()).isEqualTo(1400);

        Syscall poll = s.events(Syscall.class).stream().filter(c -> c.name().equals("poll")).findFirst()
                .orElseThrow();
        assertThat(poll.timing()).isEqualTo(Timing.relative(0));
        assertThat(poll.returnMicros()).hasValue(10_000);
        Expr.Struct pollfd = (Expr.Struct) ((Expr.Array) poll.args().get(0)).elements().get(0);
        assertThat(pollfd.field("fd")).contains(new Int(4, "4"));
        assertThat(pollfd.field("events")).contains(new Expr.Or(List.of(new Word("POLLIN"), new Word("POLLOUT"),
                new Word("POLLERR"), new Word("POLLRDHUP"))));
        assertThat(pollfd.field("missing")).isEmpty();

        Event.Code closeWait = s.events(Event.Code.class).get(0);
        assertThat(closeWait.line()).isEqualTo(54);
        assertThat(closeWait.code().text()).isEqualTo("assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state");
        assertThat(closeWait.code().assertions()).containsExactly(
                new CodeAssertion("tcpi_state", Optional.empty(), CodeAssertion.Comparison.EQ, "TCP_CLOSE_WAIT"));
        assertThat(closeWait.code().fullyDecoded()).isTrue();

        Event.Command sysctl = s.events(Event.Command.class).get(0);
        assertThat(sysctl.line()).isEqualTo(91);
        assertThat(sysctl.timing()).isEqualTo(Timing.relative(0));
        assertThat(sysctl.command().sysctls()).containsExactly(new Sysctl("net.ipv4.tcp_timestamps", "1"));

        Packet retransmittedSyn = s.events(Packet.class).stream().filter(p -> p.timing().isRange()).findFirst()
                .orElseThrow();
        assertThat(retransmittedSyn.timing()).isEqualTo(new Timing(Timing.Kind.RELATIVE_RANGE, 990_000, 1_100_000));
        assertThat(retransmittedSyn.options()).noneMatch(o -> o instanceof FastOpen);
    }

    @Test
    void fastOpenOptionsAndSackBlock() {
        Script s = SharedScripts.parse("net/tcp/fastopen/client/simultaneous-fast-open.pkt");
        List<Packet> packets = s.events(Packet.class);
        assertThat(packets.get(0).option(FastOpen.class)).contains(new FastOpen(false, ""));
        assertThat(packets.get(1).option(FastOpen.class)).contains(new FastOpen(false, "abcd1234"));
        Packet crossing = packets.stream().filter(p -> p.inbound() && p.startSeq() == 1234 && p.length() == 500)
                .findFirst().orElseThrow();
        assertThat(crossing.option(FastOpen.class)).contains(new FastOpen(false, "87654321"));
        Packet sack = packets.stream().filter(p -> p.option(TcpOption.Sack.class).isPresent()).findFirst()
                .orElseThrow();
        assertThat(sack.options()).containsExactly(new Nop(), new Nop(),
                new TcpOption.Sack(List.of(new TcpOption.SackBlock(0, 1))));
        assertThat(s.featureUses()).extracting(FeatureUse::reason).contains("MSG_FASTOPEN", "FO option");
    }

    @Test
    void fastOpenServerAnyTimeAndMaskedAssertion() {
        Script s = SharedScripts.parse("net/tcp/fastopen/server/fin-close-socket.pkt");
        Packet last = (Packet) s.events().get(s.events().size() - 1);
        assertThat(last.timing().kind()).isEqualTo(Timing.Kind.ANY);
        assertThat(last.timing().endAfter(5)).isEqualTo(Long.MAX_VALUE);
        assertThat(last.flags()).isEqualTo(TcpFlags.FIN | TcpFlags.ACK);
        Packet syn = s.events(Packet.class).get(0);
        assertThat(syn.startSeq()).isZero();
        assertThat(syn.endSeq()).isEqualTo(10);
        assertThat(syn.options().get(syn.options().size() - 1)).isEqualTo(new FastOpen(true, "TFO_COOKIE"));
        assertThat(s.events(Event.Code.class).get(0).code().assertions()).containsExactly(new CodeAssertion(
                "tcpi_options", Optional.of("TCPI_OPT_SYN_DATA"), CodeAssertion.Comparison.NE, "0"));
        assertThat(s.featureUses()).contains(new FeatureUse(Feature.TCP_FAST_OPEN, 13, "FOEXP option"));
    }

    @Test
    void pspPrefixSymbolicMssAndOption() {
        Script s = SharedScripts.parse("net/psp/psp-tw-rtx-ack.pkt");
        assertThat(s.option("psp_udp_port")).contains("1000");
        Packet synAck = s.events(Packet.class).get(1);
        Mss mss = synAck.option(Mss.class).orElseThrow();
        assertThat(mss.symbolic()).isTrue();
        assertThat(mss.symbol()).isEqualTo("MSS");
        assertThat(synAck.features()).isEmpty();

        List<Packet> encapsulated = s.events(Packet.class).stream().filter(p -> !p.prefix().isEmpty()).toList();
        assertThat(encapsulated).hasSize(5);
        Packet fin = encapsulated.get(0);
        assertThat(fin.prefix()).isEqualTo("encap psp spi 23");
        assertThat(fin.flags()).isEqualTo(TcpFlags.FIN | TcpFlags.ACK);
        assertThat(fin.startSeq()).isEqualTo(501);
        assertThat(fin.ack()).hasValue(501);
        assertThat(fin.features()).containsExactly(Feature.PSP);
        assertThat(encapsulated.get(1).prefix()).isEqualTo("encap psp spi 7");
        assertThat(encapsulated.get(1).window()).hasValue(50000);

        assertThat(s.events(Syscall.class)).filteredOn(c -> c.name().startsWith("psp_")).hasSize(2)
                .allSatisfy(c -> assertThat(c.features()).containsExactly(Feature.PSP));
    }

    @Test
    void timestampTickAndToleranceOptions() {
        Script s = SharedScripts.parse("net/tcp/ts_recent/fin_tsval.pkt");
        assertThat(s.option("tolerance_usecs")).contains("7000");
        assertThat(s.option("tcp_ts_tick_usecs")).contains("1000");
        assertThat(s.option("ip_version")).isEmpty();
        Packet fin = s.events(Packet.class).get(3);
        assertThat(fin.options()).containsExactly(new Nop(), new Nop(), new TcpOption.Timestamp(1200, 200));
        assertThat(fin.window()).isEqualTo(OptionalInt.empty());
        assertThat(fin.urgentPointer()).isEmpty();
        assertThat(s.events(Syscall.class).get(s.events(Syscall.class).size() - 1).timing())
                .isEqualTo(Timing.relative(1_000_000));
        assertThat(fin.ack()).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void scriptsOutsideFastOpenNeedNothing() {
        for (Path p : SharedScripts.all()) {
            String name = SharedScripts.name(p);
            if (!name.contains("/fastopen/") && !name.startsWith("net/psp/")) {
                assertThat(ScriptParser.parse(p).featureUses()).as(name).isEmpty();
            }
        }
    }
}
