package org.tcplifecycle.core.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.TcpStats;

/**
 * Registers the meters over one or more {@link TcpStats}, summing across them. Every meter reads the
 * plain counters when the registry publishes; nothing is added to the engine's path.
 *
 * <p>Micrometer holds function-based meters' state object weakly: the state object here is the first
 * shard's {@link TcpStats} (alive as long as its engine), and the shard array is held by the functions,
 * so the meters live exactly as long as the engines do, whether or not the binder object is kept.
 */
final class StatsBinder {
    private StatsBinder() {
    }

    static long sum(TcpStats[] shards, ToLongFunction<TcpStats> f) {
        long t = 0;
        for (TcpStats s : shards) t += f.applyAsLong(s);
        return t;
    }

    private static ToDoubleFunction<TcpStats> summed(TcpStats[] shards, ToLongFunction<TcpStats> f) {
        return anchor -> sum(shards, f);
    }

    static void bind(MeterRegistry r, TcpStats[] shards, Iterable<Tag> tags) {
        TcpStats anchor = shards[0];
        int n = TcpState.count();
        for (TcpState st : TcpState.values()) {
            if (st == TcpState.CLOSED) continue; // a connection in CLOSED is no longer counted anywhere
            int i = st.ordinal();
            Gauge.builder("tcp.connections", anchor, summed(shards, s -> s.inState[i]))
                    .tags(tags).tag("state", st.name()).description("connections now in this state")
                    .baseUnit("connections").register(r);
        }
        for (TcpState from : TcpState.values()) {
            for (TcpState to : TcpState.values()) {
                if (!Rfc9293Transitions.allowed(from, to)) continue;
                int i = from.ordinal() * n + to.ordinal();
                counter("tcp.transitions", "state transitions", anchor, summed(shards, s -> s.transitions[i]), tags)
                        .tag("from", from.name()).tag("to", to.name()).register(r);
            }
        }
        counter("tcp.transitions.unexpected", "transitions outside the RFC 9293 diagram", anchor,
                summed(shards, StatsBinder::unexpected), tags).register(r);

        counter("tcp.segments.received", "segments received", anchor, summed(shards, s -> s.segmentsIn), tags)
                .baseUnit("segments").register(r);
        counter("tcp.segments.sent", "segments sent", anchor, summed(shards, s -> s.segmentsOut), tags)
                .baseUnit("segments").register(r);
        counter("tcp.bytes.received", "payload octets accepted", anchor, summed(shards, s -> s.bytesIn), tags)
                .baseUnit("bytes").register(r);
        counter("tcp.bytes.sent", "payload octets sent, retransmissions included", anchor,
                summed(shards, s -> s.bytesOut), tags).baseUnit("bytes").register(r);
        counter("tcp.retransmissions", "segments retransmitted", anchor, summed(shards, s -> s.retransmits), tags)
                .register(r);
        counter("tcp.rst.received", "segments received with RST", anchor, summed(shards, s -> s.rstIn), tags)
                .register(r);
        for (int c = 0; c < Cause.COUNT; c++) {
            int k = c;
            counter("tcp.rst.sent", "RSTs sent, by cause", anchor, summed(shards, s -> s.rstOutByCause[k]), tags)
                    .tag("cause", Cause.name(c)).register(r);
        }
        counter("tcp.challenge.acks", "challenge ACKs sent (RFC 5961)", anchor,
                summed(shards, s -> s.challengeAcks), tags).register(r);
        for (int d = 0; d < TcpStats.DROP_REASONS; d++) {
            int k = d;
            counter("tcp.drops", "segments dropped, by reason", anchor, summed(shards, s -> s.drops[k]), tags)
                    .tag("reason", TcpStats.dropName(d)).register(r);
        }
        counter("tcp.time_wait.overflow", "connections that met the TIME_WAIT cap", anchor,
                summed(shards, s -> s.timeWaitOverflow), tags).register(r);
        counter("tcp.time_wait.reused", "TIME_WAIT 4-tuples reused by a new SYN", anchor,
                summed(shards, s -> s.timeWaitReused), tags).register(r);
        counter("tcp.opens", "opens", anchor, summed(shards, s -> s.activeOpens), tags)
                .tag("side", "active").register(r);
        counter("tcp.opens", "opens", anchor, summed(shards, s -> s.passiveOpens), tags)
                .tag("side", "passive").register(r);
        counter("tcp.ports.exhausted", "active opens that found no free ephemeral port", anchor,
                summed(shards, s -> s.portsExhausted), tags).register(r);
        timer(r, "tcp.handshake.duration", "from the first SYN to ESTABLISHED", anchor,
                summed(shards, s -> s.handshakeCount), summed(shards, s -> s.handshakeNanosTotal), tags);
        timer(r, "tcp.close.duration", "from close (FIN queued) to TIME_WAIT or CLOSED", anchor,
                summed(shards, s -> s.closeCount), summed(shards, s -> s.closeNanosTotal), tags);
    }

    private static long unexpected(TcpStats s) {
        long t = 0;
        for (int i = 0; i < s.transitions.length; i++) {
            if (!Rfc9293Transitions.allowed(i)) t += s.transitions[i];
        }
        return t;
    }

    private static FunctionCounter.Builder<TcpStats> counter(String name, String description,
            TcpStats anchor, ToDoubleFunction<TcpStats> f, Iterable<Tag> tags) {
        return FunctionCounter.builder(name, anchor, f).tags(tags).description(description);
    }

    private static void timer(MeterRegistry r, String name, String description, TcpStats anchor,
            ToDoubleFunction<TcpStats> count, ToDoubleFunction<TcpStats> totalNanos, Iterable<Tag> tags) {
        FunctionTimer.builder(name, anchor, a -> (long) count.applyAsDouble(a), totalNanos, TimeUnit.NANOSECONDS)
                .tags(tags).description(description).register(r);
    }

}
