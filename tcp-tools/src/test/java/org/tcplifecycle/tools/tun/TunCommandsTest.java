package org.tcplifecycle.tools.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.tools.Run;

class TunCommandsTest {

    @Test
    void missingDeviceIsUsageError() {
        Run r = Run.of("tun-echo", "--address", "192.0.2.2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--dev");
    }

    @Test
    void aDeviceThatDoesNotExistIsNotCreated() {
        Run r = Run.of("tun-echo", "--dev", "tlnothere0", "--address", "192.0.2.2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("tcp-tools tun-echo: no network interface 'tlnothere0' (create it first: "
                + "ip tuntap add dev tlnothere0 mode tun)" + System.lineSeparator());
        assertThat(Files.exists(Path.of("/sys/class/net/tlnothere0"))).isFalse();
    }

    @Test
    void anInterfaceThatIsNotTunIsRefused() {
        Run r = Run.of("tun-echo", "--dev", "lo", "--address", "192.0.2.2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("tcp-tools tun-echo: cannot open TUN device lo: ");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(Run.of("tun-echo", "--dev", "lo", "--address", "192.0.2.300").err()).contains("bad --address '192.0.2.300'");
        assertThat(Run.of("tun-echo", "--dev", "lo", "--address", "192.0.2.2", "--port", "0").err()).contains("--port must be 1 to 65535");
        assertThat(Run.of("tun-echo", "--dev", "lo", "--address", "192.0.2.2", "--close-after", "9", "--close", "sideways").err())
                .contains("--close: expected graceful, half or linger0, got 'sideways'");
        assertThat(Run.of("tun-connect", "--dev", "lo", "--address", "192.0.2.2", "--to", "[2001:db8::1]:80").err())
                .contains("--address and --to must both be IPv4 or both IPv6");
        assertThat(Run.of("tun-connect", "--dev", "lo", "--address", "192.0.2.2", "--to", "192.0.2.1").err()).contains("bad --to");
        assertThat(Run.of("tun-connect", "--dev", "lo", "--address", "192.0.2.2", "--to", "192.0.2.1:80", "--close", "soon").err())
                .contains("--close: expected graceful, half or linger0");
        for (String[] args : List.of(new String[] {"tun-echo", "--dev", "lo", "--address", "x"},
                new String[] {"tun-connect", "--dev", "lo", "--address", "192.0.2.2", "--to", "192.0.2.1:80", "--send", "-1"})) {
            assertThat(Run.of(args).code()).as(String.join(" ", args)).isEqualTo(2);
        }
    }

    // ---- the commands as a user runs them: a JVM inside a namespace, the kernel's sockets as the peer

    static boolean root() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
        }
        return false;
    }

    static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    static List<String> java(String ns, String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "org.tcplifecycle.tools.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static void awaitText(Path file, String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(file).contains(text)) {
            if (System.nanoTime() > end) throw new AssertionError("no '" + text + "' in:\n" + Files.readString(file));
            Thread.sleep(20);
        }
    }

    @Test
    void echoAndConnectAgainstTheKernelInANamespace() throws Exception {
        assumeTrue(root(), "skipped: needs root (creates a network namespace and a TUN device)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "skipped: /dev/net/tun is missing");
        assumeTrue(Run.which("python3") != null, "skipped: python3 is not installed");
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 28);
        String ns = "tlt-" + id, dev = "tlt" + id;
        Path echoOut = Files.createTempFile("tun-echo", ".out");
        Path serverOut = Files.createTempFile("kernel-server", ".out");
        List<Process> started = new ArrayList<>();
        sh("ip", "netns", "add", ns);
        try {
            // what the README tells the caller to do
            sh("ip", "-n", ns, "link", "set", "lo", "up");
            sh("ip", "-n", ns, "tuntap", "add", "dev", dev, "mode", "tun");
            sh("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", dev);
            sh("ip", "-n", ns, "link", "set", dev, "up");

            Process echo = new ProcessBuilder(java(ns, "tun-echo", "--dev", dev, "--address", "192.0.2.2", "--port", "7",
                    "--time-wait", "1")).redirectErrorStream(true).redirectOutput(echoOut.toFile()).start();
            started.add(echo);
            awaitText(echoOut, "echo on 192.0.2.2:7");
            String py = "import socket\n"
                    + "s = socket.create_connection(('192.0.2.2', 7), timeout=10)\n"
                    + "data = bytes(i & 255 for i in range(10000)); s.sendall(data); got = b''\n"
                    + "while len(got) < len(data): got += s.recv(65536)\n"
                    + "print('echoed', got == data); s.close()\n";
            assertThat(sh("ip", "netns", "exec", ns, "python3", "-c", py)).contains("echoed True");
            awaitText(echoOut, "LAST_ACK -> CLOSED (ack)");
            echo.destroy(); // SIGTERM
            assertThat(echo.waitFor(10, TimeUnit.SECONDS)).as("tun-echo stops on SIGTERM").isTrue();
            String log = Files.readString(echoOut);
            assertThat(log).contains("#1 192.0.2.2:7 (listener)  CLOSED -> LISTEN (api)",
                    "SYN_RECEIVED -> ESTABLISHED (ack)", "ESTABLISHED -> CLOSE_WAIT (fin)", "CLOSE_WAIT -> LAST_ACK (api)",
                    "tun-echo: stopped by signal: 1 connections accepted, 10000 bytes echoed");
            assertThat(log.lines().filter(l -> l.contains("#2 192.0.2.2:7 192.0.2.1:")).count())
                    .as("one line per state change of the connection").isEqualTo(5);

            String server = "import socket\n"
                    + "l = socket.socket(); l.bind(('192.0.2.1', 5001)); l.listen(1); print('listening', flush=True)\n"
                    + "c, _ = l.accept(); n = 0\n"
                    + "while True:\n"
                    + "    b = c.recv(65536)\n"
                    + "    if not b: break\n"
                    + "    n += len(b); c.sendall(b)\n"
                    + "print('eof after', n, flush=True); c.close()\n";
            Process kernel = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c", server).redirectErrorStream(true)
                    .redirectOutput(serverOut.toFile()).start();
            started.add(kernel);
            awaitText(serverOut, "listening");
            Process connect = new ProcessBuilder(java(ns, "tun-connect", "--dev", dev, "--address", "192.0.2.2", "--to",
                    "192.0.2.1:5001", "--send", "50000", "--expect", "50000", "--close", "graceful"))
                    .redirectErrorStream(true).start();
            started.add(connect);
            String out = new String(connect.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(connect.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(connect.exitValue()).as(out).isZero();
            assertThat(out).contains("CLOSED -> SYN_SENT (api)", "SYN_SENT -> ESTABLISHED (syn-ack)",
                    "ESTABLISHED -> FIN_WAIT_1 (api)", "-> TIME_WAIT (fin)", "tun-connect: ended in TIME_WAIT: sent 50000, received 50000");
            awaitText(serverOut, "eof after 50000");

            // nobody listens on 5999: the kernel answers the SYN with a RST, the command reports it, exit 1
            Process refused = new ProcessBuilder(java(ns, "tun-connect", "--dev", dev, "--address", "192.0.2.2", "--to",
                    "192.0.2.1:5999", "--send", "10")).redirectErrorStream(true).start();
            started.add(refused);
            String rout = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).as(rout).isEqualTo(1);
            assertThat(rout).contains("SYN_SENT -> CLOSED (refused)", "tun-connect: ended in CLOSED: sent 0, received 0, refused");
        } finally {
            for (Process p : started) p.destroyForcibly();
            for (Process p : started) p.waitFor(5, TimeUnit.SECONDS);
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(echoOut);
            Files.deleteIfExists(serverOut);
        }
    }
}
