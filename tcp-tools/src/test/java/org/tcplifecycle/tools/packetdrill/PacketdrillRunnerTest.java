package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The runner's rules — matching, timing, merging, blocking and errno — each checked both ways. */
class PacketdrillRunnerTest {
    /** A passive open with MSS 1000 from the peer, then {@code body}. */
    private static final String SERVER = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
               +0 bind(3, ..., ...) = 0
               +0 listen(3, 1) = 0
               +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
               +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
              +.1 < . 1:1(0) ack 1 win 257
               +0 accept(3, ..., ...) = 4
            """;

    private static Outcome run(String body) {
        return run(Profile.LINUX, SERVER + body);
    }

    private static Outcome run(Profile p, String text) {
        return new PacketdrillRunner(p).run(ScriptParser.parse(text, "t.pkt"));
    }

    @Test
    void contiguousSegmentsSentTogetherAreMergedAsSegmentationOffloadWould() {
        // MSS 1000: the engine sends 1000 + 1000 + 500 at the same instant; the wire shows one 2500-byte segment
        assertThat(run("+0 write(4, ..., 2500) = 2500\n+0 > P. 1:2501(2500) ack 1\n").status()).isEqualTo(Outcome.Status.PASS);
        Outcome split = run("+0 write(4, ..., 2500) = 2500\n+0 > . 1:1001(1000) ack 1\n");
        assertThat(split.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(split.line()).isEqualTo(10);
        assertThat(split.detail()).isEqualTo("expected > . 1:1001(1000) ack 1 but sent > P. 1:2501(2500) ack 1 win 256 (flags, payload length)");
    }

    @Test
    void segmentsAreMatchedInOrderSoAnUnexpectedOneFailsTheNextExpectation() {
        // the data is acknowledged at once; a script that skips that ACK sees it in place of the FIN
        Outcome o = run("+0 < P. 1:101(100) ack 1 win 257\n+0 read(4, ..., 100) = 100\n+0 close(4) = 0\n+0 > F. 1:1(0) ack 101\n");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.detail()).startsWith("expected > F. 1:1(0) ack 101 but sent > . 1:1(0) ack 101");
        assertThat(run("+0 < P. 1:101(100) ack 1 win 257\n+0 > . 1:1(0) ack 101\n+0 read(4, ..., 100) = 100\n"
                + "+0 close(4) = 0\n+0 > F. 1:1(0) ack 101\n").status()).isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void defaultToleranceIsFourMilliseconds() {
        assertThat(run("+0 write(4, ..., 10) = 10\n+.003 > P. 1:11(10) ack 1\n").status()).isEqualTo(Outcome.Status.PASS);
        Outcome late = run("+0 write(4, ..., 10) = 10\n+.005 > P. 1:11(10) ack 1\n");
        assertThat(late.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(late.detail()).startsWith("timing error: expected > P. 1:11(10) ack 1 at 0.105000 s (tolerance 0.004000 s)");
        Outcome wider = run(Profile.LINUX, "--tolerance_usecs=6000\n" + SERVER + "+0 write(4, ..., 10) = 10\n+.005 > P. 1:11(10) ack 1\n");
        assertThat(wider.status()).isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void toleranceGrowsToTwelveAndAHalfPercentOfTheGap() {
        // SYN retransmitted after the 1 s initial RTO: +1.1 is within 12.5 % of 1.1 s (137.5 ms), +1.2 is not
        String head = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
                + "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n+0 > S 0:0(0) <...>\n";
        assertThat(run(Profile.LINUX, head + "+1.1 > S 0:0(0) <...>\n").status()).isEqualTo(Outcome.Status.PASS);
        assertThat(run(Profile.LINUX, head + "+1.2 > S 0:0(0) <...>\n").detail()).startsWith("timing error: expected > S 0:0(0) <...> at 1.200000 s (tolerance 0.150000 s)");
        assertThat(run(Profile.LINUX, head + "+.8~+1.3 > S 0:0(0) <...>\n").status()).isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void timestampValueIsCheckedOnlyWhenATickIsGiven() {
        String ts = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 bind(3, ..., ...) = 0
               +0 listen(3, 1) = 0
               +0 < S 0:0(0) win 20000 <mss 1000,sackOK,TS val 100 ecr 0>
               +0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 100>
              +.5 < . 1:1(0) ack 1 win 20000 <nop,nop,TS val 200 ecr 100>
               +0 accept(3, ..., ...) = 4
               +0 write(4, ..., 10) = 10
               +0 > P. 1:11(10) ack 1 <nop,nop,TS val %d ecr 200>
            """;
        // 500 ms after the SYN-ACK the 1 ms clock reads 500 ticks later
        assertThat(run(Profile.LINUX, "--tcp_ts_tick_usecs=1000\n" + ts.formatted(600)).status()).isEqualTo(Outcome.Status.PASS);
        Outcome wrong = run(Profile.LINUX, "--tcp_ts_tick_usecs=1000\n" + ts.formatted(700));
        assertThat(wrong.detail()).endsWith("(TS val)");
        assertThat(run(Profile.LINUX, ts.formatted(700)).status()).isEqualTo(Outcome.Status.PASS);
        // the echoed value is always checked
        assertThat(run(Profile.LINUX, ts.formatted(600).replace("ecr 200>\n", "ecr 201>\n")).detail()).endsWith("(TS ecr)");
    }

    @Test
    void blockingReadReturnsWhenDataArrivesAndNonBlockingReadSaysEagain() {
        // the read starts at 0.1 s and the data comes at 0.3 s
        assertThat(run("+0...0.200 read(4, ..., 100) = 50\n+.2 < P. 1:51(50) ack 1 win 257\n").status())
                .isEqualTo(Outcome.Status.PASS);
        Outcome early = run("+0...0.100 read(4, ..., 100) = 50\n+.2 < P. 1:51(50) ack 1 win 257\n");
        assertThat(early.detail()).isEqualTo("timing error: read() expected to return at 0.200000 s but returned at 0.300000 s");
        Outcome never = run("+0...0.100 read(4, ..., 100) = 50\n+.2 write(4, ..., 10) = 10\n");
        assertThat(never.detail()).startsWith("read() expected to return at 0.200000 s but had not returned at 0.212500 s");
        assertThat(run("+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n+0 read(4, ..., 100) = -1 EAGAIN (Resource temporarily unavailable)\n")
                .status()).isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void wrongReturnValueOrErrnoFails() {
        Outcome o = run("+0 shutdown(4, SHUT_WR) = 0\n+0 > F. 1:1(0) ack 1\n+0 write(4, ..., 10) = 10\n");
        assertThat(o.detail()).isEqualTo("write() returned -1 EPIPE, expected 10");
        assertThat(o.line()).isEqualTo(11);
    }

    @Test
    void nonBlockingConnectThenPollAndSoError() {
        String s = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
               +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
               +0 > S 0:0(0) <...>
               +0 poll([{fd=3, events=POLLOUT, revents=0}], 1, 0) = 0
              +.1 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2,nop,nop,sackOK>
               +0 > . 1:1(0) ack 1
               +0 poll([{fd=3, events=POLLIN|POLLOUT, revents=POLLOUT}], 1, 0) = 1
               +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
               +0 < F. 1:1(0) ack 1 win 5792
               +0 > . 1:1(0) ack 2
               +0 poll([{fd=3, events=POLLIN|POLLRDHUP, revents=POLLIN|POLLRDHUP}], 1, 0) = 1
            """;
        assertThat(run(Profile.LINUX, s).report()).isEqualTo("PASS t.pkt");
        Outcome wrong = run(Profile.LINUX, s.replace("revents=POLLOUT}", "revents=POLLIN}"));
        assertThat(wrong.detail()).isEqualTo("poll(): revents of fd 3 are POLLOUT, expected POLLIN");
    }

    @Test
    void refusedConnectReportsEconnrefusedThroughSoError() {
        String s = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
               +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
               +0 > S 0:0(0) <...>
              +.1 < R. 0:0(0) ack 1 win 0
               +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0
               +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
            """;
        assertThat(run(Profile.LINUX, s).report()).isEqualTo("PASS t.pkt");
    }

    @Test
    void scriptsNeedingWhatTheEngineLacksAreSkippedWithTheReason() {
        Outcome o = run("+0 sendto(4, ..., 10, 0, ..., ...) = 10\n");
        assertThat(o.report()).isEqualTo("SKIP t.pkt: needs system call sendto()");
        Outcome info = run("+0 %{ assert tcpi_snd_cwnd == 10 }%\n");
        assertThat(info.report()).isEqualTo("SKIP t.pkt: needs tcp_info field tcpi_snd_cwnd");
    }

    @Test
    void sysctlsAreMappedAndOtherShellCommandsNoted() {
        String s = "`sysctl -q net.ipv4.tcp_syn_retries=1`\n"
                + "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0...3 connect(3, ..., ...) = -1 ETIMEDOUT (Connection timed out)\n"
                + "+0 > S 0:0(0) <...>\n+1 > S 0:0(0) <...>\n+0 `echo hello`\n";
        Outcome o = run(Profile.LINUX, s);
        assertThat(o.report()).isEqualTo("PASS t.pkt");
        assertThat(o.notes()).containsExactly("line 1: net.ipv4.tcp_syn_retries=1 -> SYN retries 1",
                "line 6: shell command ignored: echo hello");
    }

    @Test
    void tcpStateAssertionFollowsTheConnection() {
        assertThat(run("+0 %{ assert tcpi_state == TCP_ESTABLISHED }%\n").status()).isEqualTo(Outcome.Status.PASS);
        assertThat(run("+0 %{ assert tcpi_state != TCP_ESTABLISHED }%\n").detail())
                .isEqualTo("assertion failed: tcpi_state != TCP_ESTABLISHED but tcpi_state is TCP_ESTABLISHED");
        assertThat(run("+0 < F. 1:1(0) ack 1 win 257\n+0 > . 1:1(0) ack 2\n+0 %{ assert tcpi_state == 8 }%\n").status())
                .isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void ioctlSiocinqCountsUnreadBytes() {
        assertThat(run("+0 < P. 1:301(300) ack 1 win 257\n+0 ioctl(4, SIOCINQ, [300]) = 0\n").status()).isEqualTo(Outcome.Status.PASS);
        assertThat(run("+0 < P. 1:301(300) ack 1 win 257\n+0 ioctl(4, SIOCINQ, [299]) = 0\n").detail())
                .isEqualTo("ioctl(): SIOCINQ is 300, expected 299");
    }
}
