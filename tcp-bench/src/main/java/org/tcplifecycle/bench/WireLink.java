package org.tcplifecycle.bench;

import java.nio.ByteBuffer;

import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.core.PacketEncoder;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.wire.DecodeResult;

/**
 * A client and a server engine exchanging real IPv4 packets (encoded, checksummed, decoded) through a
 * small reusable packet queue, with a manual clock. {@link #lifecycle()} runs one complete connection:
 * handshake, a request and a reply, four-way close, TIME-WAIT expiry. Nothing is allocated per packet
 * or per lifecycle.
 */
public final class WireLink {
    static final int SERVER_ADDR = 0xC0000201;
    static final int CLIENT_ADDR = 0xC0000202;
    static final int SERVER_PORT = 80;
    static final int CLIENT_PORT = 40000;
    private static final int SLOTS = 16; // queued packets; a lifecycle never has more than a few in flight
    private static final int PAYLOAD = 64;

    public final TcpEngine client;
    public final TcpEngine server;
    private final long listener;
    private final long timeWait;
    private final byte[][] data = new byte[SLOTS][2048];
    private final ByteBuffer[] wrapped = new ByteBuffer[SLOTS];
    private final int[] len = new int[SLOTS];
    private final boolean[] toServer = new boolean[SLOTS];
    private int head;
    private int tail;
    private boolean direction;
    private final byte[] request = new byte[PAYLOAD];
    private final byte[] reply = new byte[PAYLOAD];
    private final ByteBuffer readBuf = ByteBuffer.allocate(4096);
    private long now = 1_000_000_000L;
    /** Packets the codec rejected (must stay 0). */
    public long rejected;

    public WireLink() {
        TcpConfig cc = TcpConfig.rfc();
        TcpConfig sc = TcpConfig.rfc();
        timeWait = cc.timeWait.timeWaitNanos();
        for (int i = 0; i < SLOTS; i++) wrapped[i] = ByteBuffer.wrap(data[i]);
        for (int i = 0; i < PAYLOAD; i++) {
            request[i] = (byte) ('a' + i % 26);
            reply[i] = (byte) ('A' + i % 26);
        }
        client = new TcpEngine(cc, new PacketEncoder((b, off, n) -> enqueue(true, b, off, n)), TcpEventListener.NONE, 16);
        server = new TcpEngine(sc, new PacketEncoder((b, off, n) -> enqueue(false, b, off, n)), TcpEventListener.NONE, 16);
        listener = server.listen(Endpoint.v4(LifecycleShard.ip(SERVER_ADDR), SERVER_PORT), 16);
    }

    private void enqueue(boolean toSrv, ByteBuffer b, int off, int n) {
        if (tail - head == SLOTS) throw new IllegalStateException("packet queue full");
        int k = tail++ & (SLOTS - 1);
        b.get(off, data[k], 0, n);
        len[k] = n;
        toServer[k] = toSrv;
    }

    /** Deliver queued packets (and those they cause) until the link is quiet. */
    private void pump() {
        while (head != tail) {
            int k = head++ & (SLOTS - 1);
            TcpEngine to = toServer[k] ? server : client;
            if (to.onPacket(wrapped[k], 0, len[k], now) != DecodeResult.OK) rejected++;
        }
    }

    /** One complete lifecycle; returns the bytes the client read back (the reply's length). */
    public int lifecycle() {
        long c = client.connect4(CLIENT_ADDR, CLIENT_PORT, SERVER_ADDR, SERVER_PORT, now);
        pump();
        long s = server.accept(listener);
        client.send(c, request, 0, PAYLOAD, now);
        pump();
        readBuf.clear();
        server.receive(s, readBuf, now);
        server.send(s, reply, 0, PAYLOAD, now);
        pump();
        readBuf.clear();
        int got = client.receive(c, readBuf, now);
        client.close(c, now);
        pump();
        readBuf.clear();
        server.receive(s, readBuf, now); // end of stream
        server.close(s, now);
        pump();
        now += timeWait + 1_000_000L;
        client.advance(now);
        server.advance(now);
        pump();
        return got;
    }

    /** True when both engines are empty again (no connection, no TIME-WAIT row, no timer). */
    public boolean quiet() {
        return client.connectionCount() == 0 && client.timeWaitCount() == 0 && server.connectionCount() == 0
                && server.timeWaitCount() == 0 && client.pendingTimers() == 0 && server.pendingTimers() == 0 && rejected == 0;
    }
}
