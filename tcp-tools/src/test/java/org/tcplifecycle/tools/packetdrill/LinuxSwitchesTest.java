package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.core.TcpConfig;

/**
 * Each Linux switch of {@code TcpConfig.linuxPacketdrill()}, shown by a script that passes with it and
 * fails, at the packet the switch decides, with that one switch turned off.
 */
class LinuxSwitchesTest {
    private static final String SERVER = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 bind(3, ..., ...) = 0
               +0 listen(3, 1) = 0
               +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
               +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
             +.01 < . 1:1(0) ack 1 win 257
               +0 accept(3, ..., ...) = 4
            """;
    private static final String SERVER_TS = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 bind(3, ..., ...) = 0
               +0 listen(3, 1) = 0
               +0 < S 0:0(0) win 20000 <mss 1000,sackOK,TS val 100 ecr 0>
               +0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 100>
              +.1 < . 1:1(0) ack 1 win 20000 <nop,nop,TS val 200 ecr 100>
               +0 accept(3, ..., ...) = 4
            """;

    private static Outcome run(String text, Consumer<TcpConfig> off) {
        return new PacketdrillRunner(Profile.LINUX, off).run(ScriptParser.parse(text, "s.pkt"));
    }

    private static void passesOnlyWithTheSwitch(String text, Consumer<TcpConfig> off, String failure) {
        assertThat(run(text, c -> { }).report()).isEqualTo("PASS s.pkt");
        assertThat(run(text, off).report()).startsWith("FAIL s.pkt").contains(failure);
    }

    @Test
    void tailLossProbeResendsTheLastSegmentAtTwiceTheRttPlusTwoMilliseconds() {
        // SRTT 10 ms from the handshake; ten segments in flight: probe at 2 * 10 + 2 = 22 ms
        passesOnlyWithTheSwitch(SERVER + "+0 write(4, ..., 10000) = 10000\n+0 > P. 1:10001(10000) ack 1\n"
                + "+.022 > P. 9001:10001(1000) ack 1\n", c -> c.tailLossProbe = false, "timed out waiting for packet");
    }

    @Test
    void tailLossProbeWithOneSegmentWaitsTwoHundredMillisecondsMoreButNotPastTheRto() {
        // one segment: 2 * 10 + 200 = 220 ms, but the RTO (200 ms minimum) comes first: the probe takes its place,
        // and the RTO, pushed back, follows 200 ms later with backoff
        passesOnlyWithTheSwitch(SERVER + "+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 1\n"
                + "+.2 > P. 1:101(100) ack 1\n+.2 > P. 1:101(100) ack 1\n+.4 > P. 1:101(100) ack 1\n",
                c -> c.tailLossProbe = false, "timed out waiting for packet");
    }

    @Test
    void ackOfUnsentDataIsDroppedSilently() {
        passesOnlyWithTheSwitch(SERVER + "+0 < . 1:1(0) ack 5000 win 257\n+.01 < P. 1:11(10) ack 1 win 257\n+0 > . 1:1(0) ack 11\n",
                c -> c.silentDropAckOfUnsent = false, "but . 1:1(0) ack 1 win 256 was sent at 0.010000 s");
    }

    @Test
    void tsRecentIsTakenOnlyFromASegmentWhoseAckWasAccepted() {
        passesOnlyWithTheSwitch(SERVER_TS + "+0 < F. 1:1(0) ack 9999 win 20000 <nop,nop,TS val 9000 ecr 100>\n"
                + "+0 < . 1:11(10) ack 1 win 20000 <nop,nop,TS val 201 ecr 100>\n+0 > . 1:1(0) ack 11 <nop,nop,TS val 200 ecr 201>\n",
                // without the switch the bogus segment's TS val 9000 became TS.Recent and PAWS drops the data
                c -> c.tsRecentAfterAck = false, "but sent > . 1:1(0) ack 1 win 65535 <nop,nop,TS val 200 ecr 9000>");
    }

    @Test
    void rstCarriesTimestamps() {
        passesOnlyWithTheSwitch(SERVER_TS + "+0 < . 1:11(10) ack 1 win 20000 <nop,nop,TS val 201 ecr 100>\n+0 > . 1:1(0) ack 11 <...>\n"
                + "+0 close(4) = 0\n+0 > R. 1:1(0) ack 11 <nop,nop,TS val 200 ecr 201>\n",
                c -> c.timestampsOnRst = false, "(TCP options)");
    }

    @Test
    void shutdownReadStillQueuesArrivingData() {
        passesOnlyWithTheSwitch(SERVER + "+0 shutdown(4, SHUT_RD) = 0\n+0 read(4, ..., 100) = 0\n"
                + "+0 < P. 1:11(10) ack 1 win 257\n+0 > . 1:1(0) ack 11\n+0 read(4, ..., 100) = 10\n",
                c -> c.shutdownReadDiscards = true, "read() returned 0, expected 10");
    }

    @Test
    void dataAfterCloseIsAnsweredAsIfThereWereNoConnection() {
        passesOnlyWithTheSwitch(SERVER + "+0 close(4) = 0\n+0 > F. 1:1(0) ack 1\n+0 < . 1:11(10) ack 1 win 257\n+0 > R 1:1(0)\n",
                c -> c.orphanDataRstFromSegment = false, "expected > R 1:1(0) but sent > R. 2:2(0) ack 1 win 0");
    }

    @Test
    void readingOpensTheWindowWithoutAnUpdateUntilItDoubles() {
        // no window scaling: after reading 1000 of 64 KiB the window grew by more than an MSS, not twofold
        passesOnlyWithTheSwitch(SERVER.replace(",nop,nop,nop,wscale 7>", ",nop,nop>").replace(",nop,wscale 8>", ">")
                + "+0 < P. 1:1001(1000) ack 1 win 257\n+0 > . 1:1(0) ack 1001\n+0 read(4, ..., 1000) = 1000\n"
                + "+0 < P. 1001:1011(10) ack 1 win 257\n+0 > . 1:1(0) ack 1011\n",
                c -> c.windowUpdateWhenDoubled = false, "expected > . 1:1(0) ack 1011 but sent > . 1:1(0) ack 1001");
    }
}
