package org.tcplifecycle.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.*;

/**
 * The lifecycle of {@link LifecycleBenchmark} through the operating system's TCP over 127.0.0.1 with
 * {@code java.net.Socket}/{@code ServerSocket}, on one thread (the kernel completes the handshake before
 * {@code accept}): connect, accept, a 64-byte request and reply, the client closes first, the server
 * reads end of stream and closes. The kernel's TIME-WAIT is not waited out (Linux reuses loopback
 * TIME-WAIT ports, tcp_tw_reuse=2), so this side of the comparison does less work.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class KernelLoopbackBenchmark {
    ServerSocket server;
    InetSocketAddress address;
    final byte[] request = new byte[64];
    final byte[] reply = new byte[64];
    final byte[] buf = new byte[64];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
    }

    @Benchmark
    public int lifecycle() throws IOException {
        try (Socket c = new Socket()) {
            c.setTcpNoDelay(true);
            c.connect(address);
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                OutputStream co = c.getOutputStream();
                co.write(request);
                readFully(s.getInputStream(), buf);
                s.getOutputStream().write(reply);
                int got = readFully(c.getInputStream(), buf);
                c.close();
                if (s.getInputStream().read() != -1) throw new IllegalStateException("expected end of stream");
                return got;
            }
        }
    }

    private static int readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) throw new IOException("early end of stream");
            off += n;
        }
        return off;
    }
}
