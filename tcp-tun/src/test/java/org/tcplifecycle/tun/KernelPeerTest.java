package org.tcplifecycle.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpStats;
import org.tcplifecycle.wire.DecodeResult;

/**
 * The engine against the Linux kernel's own TCP: each test makes a namespace whose TUN device leads to an
 * engine shard ({@link EngineHandler} behind {@link IcmpEcho}), runs {@code kernel_peer.py} in the
 * namespace as the kernel-side application, and checks the engine's state sequence from its events and
 * the kernel side's outcome from the program's output (and {@code ss}).
 */
class KernelPeerTest {
    static final String ENGINE = NetnsFixture.ENGINE_V4;
    static final String KERNEL = NetnsFixture.KERNEL_V4;
    static final long TIME_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(800);
    static Path script;

    @BeforeAll
    static void script() throws IOException {
        script = Files.createTempFile("kernel_peer", ".py");
        try (InputStream in = KernelPeerTest.class.getResourceAsStream("/kernel_peer.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterAll
    static void removeScript() throws IOException {
        if (script != null) Files.deleteIfExists(script);
    }

    @BeforeEach
    void environment() {
        NetnsFixture.assumeAvailable();
        NetnsFixture.assumeCommand("python3", "python3");
    }

    /** Linux profile, checksums verified, TIME_WAIT shortened so tests see it end. */
    static TcpConfig config() {
        TcpConfig c = TcpConfig.linux();
        c.verifyChecksums = true;
        c.timeWait = TimeWaitPolicy.twoMsl(TIME_WAIT_NANOS / 2);
        return c;
    }

    /** Every connection's states in order (the first one's origin included), as the engine reported them. */
    static final class States implements TcpEventListener {
        final Map<Long, List<TcpState>> seq = Collections.synchronizedMap(new LinkedHashMap<>());
        final Map<Long, List<Integer>> causes = Collections.synchronizedMap(new LinkedHashMap<>());
        final Map<Long, Integer> resets = Collections.synchronizedMap(new LinkedHashMap<>());

        @Override
        public void onStateChange(long h, TcpState from, TcpState to, int cause) {
            if (to == TcpState.LISTEN || from == TcpState.LISTEN && to == TcpState.CLOSED) return; // the listener
            seq.computeIfAbsent(h, k -> Collections.synchronizedList(new ArrayList<>(List.of(from)))).add(to);
            causes.computeIfAbsent(h, k -> Collections.synchronizedList(new ArrayList<>())).add(cause);
        }

        @Override
        public void onReset(long h, int cause) {
            resets.put(h, cause);
        }

        List<List<TcpState>> all() {
            synchronized (seq) {
                return seq.values().stream().map(l -> {
                    synchronized (l) {
                        return List.copyOf(l);
                    }
                }).collect(Collectors.toList());
            }
        }

        /** The one connection's sequence, once it has ended in {@code last}. */
        List<TcpState> single(TcpState last) throws InterruptedException {
            await(() -> all().size() == 1 && end(all().get(0)) == last, () -> "one connection ending in " + last + ": " + all());
            return all().get(0);
        }

        int lastCause() {
            synchronized (causes) {
                List<Integer> l = causes.values().iterator().next();
                return l.get(l.size() - 1);
            }
        }
    }

    static TcpState end(List<TcpState> l) {
        return l.get(l.size() - 1);
    }

    static void await(BooleanSupplier cond, java.util.function.Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting for " + what.get());
            Thread.sleep(5);
        }
    }

    /** An engine shard on the fixture's device, pingable, with its events recorded. */
    static final class Shard implements AutoCloseable {
        final EngineHandler handler;
        final States states = new States();
        final TunEventLoop loop;

        Shard(NetnsFixture ns, EngineHandler.Application app) {
            this(ns, app, config(), 1024);
        }

        Shard(NetnsFixture ns, EngineHandler.Application app, TcpConfig cfg, int expected) {
            capture(ns);
            handler = new EngineHandler(cfg, app, expected).observe(states);
            loop = new TunEventLoop(ns.device(), new IcmpEcho(handler)).start();
        }

        @Override
        public void close() {
            loop.close();
            assertThat(loop.failure()).as("event loop failure").isNull();
            assertThat(loop.writeErrors()).as("device write errors").isZero();
            // the kernel hands the device complete checksums: none may fail verification
            assertThat(handler.engine().wireDrops().get(DecodeResult.BAD_CHECKSUM)).as("bad TCP checksums").isZero();
            assertThat(handler.engine().wireDrops().get(DecodeResult.BAD_IP_CHECKSUM)).as("bad IP checksums").isZero();
        }

        TcpStats stats() {
            return handler.engine().stats();
        }
    }

    /**
     * With {@code -Dtun.pcap=DIR}, record the device's traffic to {@code DIR/<namespace>.pcap} with
     * tcpdump inside the namespace (for finding out why an exchange went wrong).
     */
    static void capture(NetnsFixture ns) {
        String dir = System.getProperty("tun.pcap");
        if (dir == null || dir.isEmpty()) return;
        try {
            Path log = Files.createTempFile("tcpdump", ".log");
            ns.spawn(log, "tcpdump", "-i", ns.device().name(), "-U", "-s", "200", "-w",
                    Path.of(dir, ns.namespace() + ".pcap").toAbsolutePath().toString());
            awaitLine(log, "listening on");
        } catch (Exception e) {
            throw new IllegalStateException("tcpdump did not start", e);
        }
    }

    NetnsFixture.Result kernel(NetnsFixture ns, int timeoutSeconds, String mode, Object... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), mode));
        for (Object a : args) cmd.add(String.valueOf(a));
        return ns.exec(timeoutSeconds, cmd.toArray(new String[0]));
    }

    static String localPort(NetnsFixture.Result r) {
        for (String line : r.output.split("\n")) {
            if (line.startsWith("local=")) return line.substring(line.lastIndexOf(':') + 1).trim();
        }
        throw new AssertionError("no local= line in " + r);
    }

    /** The kernel's sockets on a local port, as {@code ss -tan} shows them inside the namespace. */
    static List<String> ssLines(NetnsFixture ns, String port) throws IOException {
        NetnsFixture.Result ss = ns.exec(5, "ss", "-tan");
        return ss.output.lines().filter(l -> l.contains(KERNEL + ":" + port + " ")).collect(Collectors.toList());
    }

    @Test
    void kernelSendsOneMegabyteAndClosesFirst() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            EchoServer echo = new EchoServer(Endpoint.v4(ENGINE, 7), 16);
            try (Shard shard = new Shard(ns, echo)) {
                NetnsFixture.Result r = kernel(ns, 30, "echo", ENGINE, 7, 1 << 20);
                assertThat(r.output).as("%s", r).contains("received=1048576 same=True");
                assertThat(shard.states.single(TcpState.CLOSED)).containsExactly(TcpState.CLOSED,
                        TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSED);
                assertThat(ssLines(ns, localPort(r))).as("kernel socket after its active close")
                        .singleElement().asString().startsWith("TIME-WAIT");
            }
            assertThat(echo.echoed()).isEqualTo(1 << 20);
        }
    }

    @Test
    void kernelEchoOverIpv6() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            assumeThat(ns.ipv6()).as("IPv6 is disabled in this kernel").isTrue();
            try (Shard shard = new Shard(ns, new EchoServer(Endpoint.v6(NetnsFixture.ENGINE_V6, 7), 16))) {
                NetnsFixture.Result r = kernel(ns, 30, "echo", NetnsFixture.ENGINE_V6, 7, 200_000);
                assertThat(r.output).as("%s", r).contains("received=200000 same=True");
                assertThat(end(shard.states.single(TcpState.CLOSED))).isEqualTo(TcpState.CLOSED);
            }
        }
    }

    @Test
    void engineClosesFirstAndWaitsInTimeWait() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            EchoServer echo = new EchoServer(Endpoint.v4(ENGINE, 7), 16).closeAfter(1000, CloseMode.GRACEFUL);
            try (Shard shard = new Shard(ns, echo)) {
                NetnsFixture.Result r = kernel(ns, 20, "closes_last", ENGINE, 7, 1000);
                assertThat(r.output).as("%s", r).contains("eof received=1000 same=True");
                List<TcpState> s = shard.states.single(TcpState.CLOSED);
                // The kernel may acknowledge our FIN on its own or together with its FIN.
                assertThat(s).containsSubsequence(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                        TcpState.TIME_WAIT, TcpState.CLOSED);
                assertThat(s.subList(3, s.size())).isIn(
                        List.of(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, TcpState.CLOSED),
                        List.of(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT, TcpState.CLOSED));
                assertThat(shard.states.lastCause()).as("TIME_WAIT ran its course").isEqualTo(Cause.TIME_WAIT_EXPIRED);
                assertThat(ssLines(ns, localPort(r))).as("kernel socket after its passive close").isEmpty();
            }
        }
    }

    @Test
    void kernelHalfClosesAndStillReceivesTheEcho() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            try (Shard shard = new Shard(ns, new EchoServer(Endpoint.v4(ENGINE, 7), 16))) {
                NetnsFixture.Result r = kernel(ns, 20, "half", ENGINE, 7, 300_000);
                assertThat(r.output).as("%s", r).contains("eof received=300000 same=True");
                assertThat(shard.states.single(TcpState.CLOSED)).containsExactly(TcpState.CLOSED,
                        TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSED);
                assertThat(ssLines(ns, localPort(r))).singleElement().asString().startsWith("TIME-WAIT");
            }
        }
    }

    @Test
    void engineHalfClosesAndStillReceives() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            EchoServer echo = new EchoServer(Endpoint.v4(ENGINE, 7), 16).closeAfter(0, CloseMode.HALF);
            try (Shard shard = new Shard(ns, echo)) {
                NetnsFixture.Result r = kernel(ns, 20, "after_eof", ENGINE, 7, 200_000);
                assertThat(r.output).as("%s", r).contains("eof received=0", "sent=200000");
                assertThat(shard.states.single(TcpState.CLOSED)).containsExactly(TcpState.CLOSED,
                        TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2,
                        TcpState.TIME_WAIT, TcpState.CLOSED);
            }
            assertThat(echo.readAfterShutdown()).as("bytes read in FIN_WAIT_2").isEqualTo(200_000);
        }
    }

    @Test
    void kernelLingerZeroResetsTheEngine() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            try (Shard shard = new Shard(ns, new EchoServer(Endpoint.v4(ENGINE, 7), 16))) {
                NetnsFixture.Result r = kernel(ns, 20, "linger0", ENGINE, 7);
                assertThat(r.output).as("%s", r).contains("aborted");
                assertThat(shard.states.single(TcpState.CLOSED)).containsExactly(TcpState.CLOSED,
                        TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSED);
                assertThat(shard.states.lastCause()).isEqualTo(Cause.RST_RECEIVED);
                assertThat(shard.states.resets.values()).containsExactly(Cause.RST_RECEIVED);
            }
        }
    }

    @Test
    void engineLingerZeroMakesKernelRecvFail() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            EchoServer echo = new EchoServer(Endpoint.v4(ENGINE, 7), 16).closeAfter(5, CloseMode.LINGER0);
            try (Shard shard = new Shard(ns, echo)) {
                NetnsFixture.Result r = kernel(ns, 20, "expect_reset", ENGINE, 7);
                assertThat(r.output).as("%s", r).contains("error=ECONNRESET received=5");
                assertThat(shard.states.single(TcpState.CLOSED)).containsExactly(TcpState.CLOSED,
                        TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSED);
                assertThat(shard.states.lastCause()).isEqualTo(Cause.LINGER_ZERO);
                assertThat(shard.stats().rstOutByCause[Cause.LINGER_ZERO]).isEqualTo(1);
            }
        }
    }

    @Test
    void connectionToAClosedPortIsRefused() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            try (Shard shard = new Shard(ns, new EchoServer(Endpoint.v4(ENGINE, 7), 16))) {
                NetnsFixture.Result r = kernel(ns, 20, "connect", ENGINE, 9);
                assertThat(r.output).as("%s", r).contains("error=ECONNREFUSED");
                await(() -> shard.stats().drops(TcpStats.DROP_NO_CONNECTION) == 1, () -> "the SYN to port 9");
                assertThat(shard.states.all()).as("no connection was created").isEmpty();
            }
        }
    }

    @Test
    void engineClientClosesGracefullyToKernelListener() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            Path out = Files.createTempFile("peer", ".out");
            try {
                ns.spawn(out, "python3", script.toString(), "server", KERNEL, "5001", "0");
                awaitLine(out, "listening");
                CountDownLatch done = new CountDownLatch(1);
                BulkClient client = new BulkClient(Endpoint.v4(ENGINE, 0), Endpoint.v4(KERNEL, 5001), 300_000, 0,
                        CloseMode.GRACEFUL, done::countDown).waitTimeWait(true);
                try (Shard shard = new Shard(ns, client)) {
                    assertThat(done.await(10, TimeUnit.SECONDS)).as("client finished").isTrue();
                    List<TcpState> s = shard.states.single(TcpState.CLOSED);
                    assertThat(s.subList(0, 4)).containsExactly(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.ESTABLISHED,
                            TcpState.FIN_WAIT_1);
                    assertThat(s.subList(3, s.size())).isIn(
                            List.of(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, TcpState.CLOSED),
                            List.of(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT, TcpState.CLOSED));
                }
                assertThat(client.succeeded()).isTrue();
                awaitLine(out, "eof received=300000");
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }

    @Test
    void engineClientAbortsWithLingerZero() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            Path out = Files.createTempFile("peer", ".out");
            try {
                ns.spawn(out, "python3", script.toString(), "server", KERNEL, "5002", "1");
                awaitLine(out, "listening");
                CountDownLatch done = new CountDownLatch(1);
                BulkClient client = new BulkClient(Endpoint.v4(ENGINE, 0), Endpoint.v4(KERNEL, 5002), 1000, 1000,
                        CloseMode.LINGER0, done::countDown);
                try (Shard shard = new Shard(ns, client)) {
                    assertThat(done.await(10, TimeUnit.SECONDS)).as("client finished").isTrue();
                    assertThat(shard.states.single(TcpState.CLOSED)).containsExactly(TcpState.CLOSED, TcpState.SYN_SENT,
                            TcpState.ESTABLISHED, TcpState.CLOSED);
                    assertThat(shard.states.lastCause()).isEqualTo(Cause.LINGER_ZERO);
                }
                assertThat(client.received()).isEqualTo(1000);
                awaitLine(out, "error=ECONNRESET received=1000");
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }

    @Test
    void thousandConcurrentConnections() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create()) {
            ns.txQueueLength(10_000); // 1000 SYNs at once must not overflow the device queue
            EchoServer echo = new EchoServer(Endpoint.v4(ENGINE, 7), 1024);
            try (Shard shard = new Shard(ns, echo, config(), 2048)) {
                NetnsFixture.Result r = kernel(ns, 60, "many", ENGINE, 7, 1000, 100);
                assertThat(r.output).as("%s", r).contains("established=1000 ok=1000 failed=0 unfinished=0");
                await(() -> shard.states.all().size() == 1000
                        && shard.states.all().stream().allMatch(l -> end(l) == TcpState.CLOSED),
                        () -> "1000 connections closed, have " + shard.states.all().size());
                assertThat(shard.states.all()).allSatisfy(l -> assertThat(l).containsExactly(TcpState.CLOSED,
                        TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSED));
                NetnsFixture.Result ss = ns.exec(5, "ss", "-tan", "state", "time-wait");
                assertThat(ss.output.lines().filter(l -> l.contains(ENGINE + ":7")).count())
                        .as("kernel sockets in TIME_WAIT").isEqualTo(1000);
            }
            assertThat(echo.echoed()).isEqualTo(100_000);
            assertThat(echo.open()).isZero();
        }
    }

    static void awaitLine(Path out, String text) throws Exception {
        await(() -> {
            try {
                return Files.readString(out, StandardCharsets.UTF_8).contains(text);
            } catch (IOException e) {
                return false;
            }
        }, () -> {
            try {
                return "'" + text + "' from the kernel side, have: " + Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return text;
            }
        });
    }
}
