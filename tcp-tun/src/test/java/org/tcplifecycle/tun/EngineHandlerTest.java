package org.tcplifecycle.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.wire.DecodeResult;

/** Two shards wired back to back in memory (no device, no root): what the loop would do, step by step. */
class EngineHandlerTest {
    static final Endpoint SERVER = Endpoint.v4("192.0.2.2", 7);
    static final Endpoint CLIENT = Endpoint.v4("192.0.2.1", 0);

    /** Delivers each side's packets to the other, copying them as a device would. */
    static final class Wire {
        final EngineHandler a;
        final EngineHandler b;
        final ArrayDeque<byte[]> toA = new ArrayDeque<>();
        final ArrayDeque<byte[]> toB = new ArrayDeque<>();
        long now = 1_000_000_000L;
        int packets;

        Wire(EngineHandler a, EngineHandler b) {
            this.a = a;
            this.b = b;
            a.attach(p -> toB.add(Packets.bytes(p)));
            b.attach(p -> toA.add(Packets.bytes(p)));
            b.poll(now); // b starts first: a server listens before the client connects
            a.poll(now);
        }

        /** Exchange packets until both sides are quiet, advancing the clock 1 ms per round trip. */
        void run() {
            int idle = 0;
            while (idle < 2) {
                boolean moved = !toA.isEmpty() || !toB.isEmpty();
                while (!toB.isEmpty()) deliver(b, toB.poll());
                while (!toA.isEmpty()) deliver(a, toA.poll());
                now += 1_000_000;
                a.poll(now);
                b.poll(now);
                idle = moved ? 0 : idle + 1;
            }
        }

        void deliver(EngineHandler h, byte[] p) {
            packets++;
            h.onPacket(ByteBuffer.wrap(p), now);
        }
    }

    static final class States implements TcpEventListener {
        final List<TcpState> seq = new ArrayList<>();

        @Override
        public void onStateChange(long h, TcpState from, TcpState to, int cause) {
            if (to != TcpState.LISTEN && from != TcpState.LISTEN) seq.add(to);
        }
    }

    @Test
    void echoWithHalfCloseBetweenTwoShards() {
        EchoServer echo = new EchoServer(SERVER, 8);
        BulkClient client = new BulkClient(CLIENT, SERVER, 300_000, 0, CloseMode.HALF, null).waitTimeWait(true);
        States cs = new States();
        States ss = new States();
        EngineHandler c = new EngineHandler(TcpConfig.linux(), client).observe(cs);
        EngineHandler s = new EngineHandler(TcpConfig.linux(), echo).observe(ss);
        Wire w = new Wire(c, s);
        w.run();
        w.now += 61_000_000_000L; // past TIME_WAIT
        w.run();
        assertThat(client.succeeded()).isTrue();
        assertThat(client.received()).isEqualTo(300_000);
        assertThat(client.endOfStream()).isTrue();
        assertThat(client.finalState()).isEqualTo(TcpState.CLOSED);
        assertThat(echo.echoed()).isEqualTo(300_000);
        assertThat(echo.open()).isZero();
        assertThat(cs.seq).containsExactly(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, TcpState.CLOSED);
        assertThat(ss.seq).containsExactly(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT,
                TcpState.LAST_ACK, TcpState.CLOSED);
        assertThat(c.engine().connectionCount() + s.engine().connectionCount()).isZero();
    }

    @Test
    void callbacksMayCallTheEngineEvenFromStateChanges() {
        // The engine itself forbids calls from onStateChange; the handler delivers events after the engine call.
        List<String> log = new ArrayList<>();
        EngineHandler.Application closer = new EngineHandler.Application() {
            EngineHandler shard;

            @Override
            public void onStart(EngineHandler sh) {
                shard = sh;
                sh.engine().connect(CLIENT, SERVER, sh.now());
            }

            @Override
            public void onStateChange(long h, TcpState from, TcpState to, int cause) {
                log.add(to.name());
                if (to == TcpState.ESTABLISHED) {
                    log.add("now " + shard.engine().state(h));
                    shard.engine().close(h, shard.now()); // releases the handle: later events still arrive
                }
            }
        };
        EngineHandler c = new EngineHandler(TcpConfig.linux(), closer);
        EngineHandler s = new EngineHandler(TcpConfig.linux(), new EchoServer(SERVER, 8));
        new Wire(c, s).run();
        assertThat(log).containsExactly("SYN_SENT", "ESTABLISHED", "now ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                "TIME_WAIT");
    }

    @Test
    void packetsWithABadChecksumAreDroppedUnanswered() {
        EngineHandler s = new EngineHandler(TcpConfig.linux(), new EchoServer(SERVER, 8));
        List<byte[]> sent = new ArrayList<>();
        s.attach(p -> sent.add(Packets.bytes(p)));
        s.poll(0);
        // a SYN from a client shard, captured, then corrupted in its payload-free TCP header
        List<byte[]> syn = new ArrayList<>();
        EngineHandler c = new EngineHandler(TcpConfig.linux(), new BulkClient(CLIENT, SERVER, 0, 0, CloseMode.GRACEFUL, null));
        c.attach(p -> syn.add(Packets.bytes(p)));
        c.poll(0);
        byte[] bad = syn.get(0).clone();
        bad[20 + 14] ^= 0x01; // flip a bit of the window field
        s.onPacket(ByteBuffer.wrap(bad), 1);
        assertThat(sent).isEmpty();
        assertThat(s.engine().wireDrops().get(DecodeResult.BAD_CHECKSUM)).isEqualTo(1);
        s.onPacket(ByteBuffer.wrap(syn.get(0)), 2);
        assertThat(sent).as("the intact SYN is answered").hasSize(1);
    }

    /** A one-way queue of packets in preallocated arrays: forwarding allocates nothing. */
    static final class Lane {
        final byte[][] data = new byte[512][2048];
        final ByteBuffer[] views = new ByteBuffer[512];
        int count;

        Lane() {
            for (int i = 0; i < views.length; i++) views[i] = ByteBuffer.wrap(data[i]);
        }

        void add(ByteBuffer p) {
            int len = p.remaining();
            p.get(p.position(), data[count], 0, len);
            views[count].clear().limit(len);
            count++;
        }

        void deliverTo(EngineHandler h, long now) {
            for (int i = 0; i < count; i++) h.onPacket(views[i], now);
            count = 0;
        }
    }

    @Test
    void echoingDoesNotAllocatePerPacket() {
        EchoServer echo = new EchoServer(SERVER, 8);
        EngineHandler s = new EngineHandler(TcpConfig.linux(), echo);
        BulkClient client = new BulkClient(CLIENT, SERVER, 30_000_000, 30_000_000, CloseMode.GRACEFUL, null);
        EngineHandler c = new EngineHandler(TcpConfig.linux(), client);
        Lane toS = new Lane();
        Lane toC = new Lane();
        c.attach(toS::add);
        s.attach(toC::add);
        long now = 1_000_000_000L;
        s.poll(now);
        c.poll(now);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = 0;
        long packetsBefore = 0;
        long packets = 0;
        while (client.received() < 25_000_000) {
            packets += toS.count + toC.count;
            toS.deliverTo(s, now);
            toC.deliverTo(c, now);
            now += 100_000;
            c.poll(now);
            s.poll(now);
            if (before == 0 && client.received() > 5_000_000) { // warmed up: buffers pooled, code compiled
                before = mx.getThreadAllocatedBytes(tid);
                packetsBefore = packets;
            }
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        long measured = packets - packetsBefore;
        assertThat(measured).as("packets in the measured stretch").isGreaterThan(20_000);
        assertThat(allocated).as("bytes allocated over %d packets", measured).isLessThan(16 * 1024);
    }
}
