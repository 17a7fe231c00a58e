package org.tcplifecycle.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.TcpStats;
import org.tcplifecycle.core.linger.Wire;

/**
 * A scripted scenario — three handshakes, two graceful closes (one after 5 octets of data), one abort —
 * and the published numbers, each worked out from the segments the scenario must produce.
 */
class EngineMetricsTest {
    private Wire w;
    private MeterRegistry client;
    private MeterRegistry server;

    @BeforeEach
    void scenario() {
        w = new Wire();
        client = new SimpleMeterRegistry();
        server = new SimpleMeterRegistry();
        // binders are not kept: the meters must live on through the engines alone
        new TcpEngineMetrics(w.client, Tags.of("side", "client")).bindTo(client);
        new TcpEngineMetrics(w.server).bindTo(server);
        System.gc();

        long l = w.server.listen(Wire.SERVER, 16);
        long[] c = new long[3];
        for (int i = 0; i < 3; i++) c[i] = w.client.connect(Endpoint.v4("192.0.2.2", 40000 + i), Wire.SERVER, w.now());
        w.nowMs = 10; // SYN-ACKs take 10 ms to come back: each active handshake lasts 10 ms
        w.run();
        long[] s = new long[3];
        for (int i = 0; i < 3; i++) s[i] = w.server.accept(l);

        w.nowMs = 100;
        Wire.write(w.client, c[0], "hello", w.now());
        w.client.close(c[0], w.now());
        w.client.close(c[1], w.now());
        w.run();
        w.nowMs = 150; // the server closes 50 ms later: each active close lasts 50 ms
        Wire.read(w.server, s[0], w.now());
        w.server.close(s[0], w.now());
        w.server.close(s[1], w.now());
        w.run();
        w.client.abort(c[2], w.now());
        w.run();
    }

    private static double counter(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).functionCounter().count();
    }

    private static double transitions(MeterRegistry r, TcpState from, TcpState to) {
        return counter(r, "tcp.transitions", "from", from.name(), "to", to.name());
    }

    private static double connections(MeterRegistry r, TcpState st) {
        return r.get("tcp.connections").tag("state", st.name()).gauge().value();
    }

    @Test
    void transitionsOfTheActiveSide() {
        assertThat(transitions(client, TcpState.CLOSED, TcpState.SYN_SENT)).isEqualTo(3);
        assertThat(transitions(client, TcpState.SYN_SENT, TcpState.ESTABLISHED)).isEqualTo(3);
        assertThat(transitions(client, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1)).isEqualTo(2);
        assertThat(transitions(client, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2)).isEqualTo(2);
        assertThat(transitions(client, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT)).isEqualTo(2);
        assertThat(transitions(client, TcpState.ESTABLISHED, TcpState.CLOSED)).isEqualTo(1);
        assertThat(client.get("tcp.transitions").functionCounters().stream().mapToDouble(FunctionCounter::count).sum())
                .isEqualTo(13);
        assertThat(counter(client, "tcp.transitions.unexpected")).isZero();
    }

    @Test
    void transitionsOfThePassiveSide() {
        assertThat(transitions(server, TcpState.CLOSED, TcpState.LISTEN)).isEqualTo(1);
        assertThat(transitions(server, TcpState.CLOSED, TcpState.SYN_RECEIVED)).isEqualTo(3);
        assertThat(transitions(server, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED)).isEqualTo(3);
        assertThat(transitions(server, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT)).isEqualTo(2);
        assertThat(transitions(server, TcpState.CLOSE_WAIT, TcpState.LAST_ACK)).isEqualTo(2);
        assertThat(transitions(server, TcpState.LAST_ACK, TcpState.CLOSED)).isEqualTo(2);
        assertThat(transitions(server, TcpState.ESTABLISHED, TcpState.CLOSED)).as("reset by the abort").isEqualTo(1);
        assertThat(server.get("tcp.transitions").functionCounters().stream().mapToDouble(FunctionCounter::count).sum())
                .isEqualTo(14);
    }

    @Test
    void segmentsBytesAndResets() {
        // client: 3 SYN + 3 ACK, 1 data, 2 FIN, 2 last ACK, 1 RST; server: 3 SYN-ACK, 1 data ACK, 2 FIN ACK, 2 FIN
        assertThat(counter(client, "tcp.segments.sent")).isEqualTo(12);
        assertThat(counter(client, "tcp.segments.received")).isEqualTo(8);
        assertThat(counter(server, "tcp.segments.sent")).isEqualTo(8);
        assertThat(counter(server, "tcp.segments.received")).isEqualTo(12);
        assertThat(counter(client, "tcp.bytes.sent")).isEqualTo(5);
        assertThat(counter(server, "tcp.bytes.received")).isEqualTo(5);
        assertThat(counter(client, "tcp.rst.sent", "cause", "abort")).isEqualTo(1);
        assertThat(client.get("tcp.rst.sent").functionCounters().stream().mapToDouble(FunctionCounter::count).sum())
                .isEqualTo(1);
        assertThat(counter(server, "tcp.rst.received")).isEqualTo(1);
        assertThat(counter(client, "tcp.rst.received")).isZero();
        assertThat(counter(client, "tcp.retransmissions")).isZero();
        assertThat(counter(client, "tcp.challenge.acks")).isZero();
        assertThat(counter(client, "tcp.opens", "side", "active")).isEqualTo(3);
        assertThat(counter(server, "tcp.opens", "side", "passive")).isEqualTo(3);
        assertThat(client.get("tcp.drops").functionCounters().stream().mapToDouble(FunctionCounter::count).sum()).isZero();
        assertThat(counter(client, "tcp.time_wait.overflow")).isZero();
    }

    @Test
    void connectionsPerStateAreLive() {
        assertThat(connections(client, TcpState.TIME_WAIT)).isEqualTo(2);
        assertThat(connections(client, TcpState.ESTABLISHED)).isZero();
        assertThat(connections(server, TcpState.LISTEN)).isEqualTo(1);
        assertThat(connections(server, TcpState.ESTABLISHED)).isZero();
        assertThat(client.get("tcp.connections").gauges()).hasSize(10);

        w.advanceMs(60_000); // TIME_WAIT ends: the same meters now read the new numbers
        assertThat(connections(client, TcpState.TIME_WAIT)).isZero();
        assertThat(transitions(client, TcpState.TIME_WAIT, TcpState.CLOSED)).isEqualTo(2);
    }

    @Test
    void handshakeAndCloseDurations() {
        FunctionTimer hs = client.get("tcp.handshake.duration").functionTimer();
        assertThat(hs.count()).isEqualTo(3);
        assertThat(hs.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(30, within(1e-9));
        FunctionTimer cl = client.get("tcp.close.duration").functionTimer();
        assertThat(cl.count()).as("the abort is not a close").isEqualTo(2);
        assertThat(cl.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(100, within(1e-9));
        assertThat(server.get("tcp.handshake.duration").functionTimer().count()).isEqualTo(3);
        assertThat(client.get("tcp.handshake.duration").tag("side", "client").functionTimer().count()).isEqualTo(3);
    }

    @Test
    void onlyRfc9293TransitionsAreRegisteredAndNoneWasMissed() {
        assertThat(Rfc9293Transitions.count()).as("as documented in wiring-and-metrics.md").isEqualTo(29);
        assertThat(client.get("tcp.transitions").functionCounters()).hasSize(29);
        for (TcpEngine e : List.of(w.client, w.server)) {
            long[] t = e.stats().transitions;
            for (int i = 0; i < t.length; i++) {
                if (t[i] > 0) assertThat(Rfc9293Transitions.allowed(i)).as("transition %d used", i).isTrue();
            }
        }
        assertThat(Rfc9293Transitions.allowed(TcpState.TIME_WAIT, TcpState.ESTABLISHED)).isFalse();
        assertThat(Rfc9293Transitions.allowed(TcpState.LISTEN, TcpState.ESTABLISHED)).isFalse();
    }

    @Test
    void unexpectedTransitionsAreCountedTogether() {
        TcpStats stats = new TcpStats();
        MeterRegistry r = new SimpleMeterRegistry();
        new TcpEngineMetrics(stats, Tags.empty()).bindTo(r);
        stats.transitions[TcpState.TIME_WAIT.ordinal() * TcpState.count() + TcpState.ESTABLISHED.ordinal()] = 4;
        stats.transitions[TcpState.LISTEN.ordinal() * TcpState.count() + TcpState.ESTABLISHED.ordinal()] = 1;
        assertThat(counter(r, "tcp.transitions.unexpected")).isEqualTo(5);
    }

    @Test
    void shardGroupSumsItsShards() {
        MeterRegistry group = new SimpleMeterRegistry();
        new ShardGroupMetrics(List.of(w.client, w.server), Tags.of("group", "pair")).bindTo(group);
        assertThat(counter(group, "tcp.segments.sent")).isEqualTo(20);
        assertThat(counter(group, "tcp.segments.received")).isEqualTo(20);
        assertThat(group.get("tcp.connections").tag("state", "TIME_WAIT").gauge().value()).isEqualTo(2);
        assertThat(group.get("tcp.connections").tag("state", "LISTEN").gauge().value()).isEqualTo(1);
        assertThat(group.get("tcp.transitions").tags("from", "ESTABLISHED", "to", "CLOSED").functionCounter().count())
                .isEqualTo(2);
        assertThat(group.get("tcp.handshake.duration").functionTimer().count()).isEqualTo(6);
        // one series per meter and tag set, whatever the number of shards or connections
        assertThat(group.getMeters().stream().map(Meter::getId).filter(id -> id.getName().equals("tcp.segments.sent")))
                .hasSize(1);
    }
}
