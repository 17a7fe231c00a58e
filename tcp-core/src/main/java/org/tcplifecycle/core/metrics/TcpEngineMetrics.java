package org.tcplifecycle.core.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.TcpStats;

/**
 * Micrometer meters for one engine shard, read from its {@link TcpStats} at publish time (gauges,
 * function counters, function timers): the engine's hot path pays nothing, and there is never a tag per
 * connection. See {@code tcp-core/docs/wiring-and-metrics.md} for the names.
 *
 * <p>Threads: the counters are plain {@code long} fields written by the shard's thread and read by the
 * registry's thread without synchronization. A published value may be slightly stale, and two meters
 * read at the same moment need not agree exactly; each single {@code long} read is atomic on 64-bit
 * JVMs (the JLS only promises it for volatile longs, so a 32-bit JVM could in theory see a torn value).
 */
public final class TcpEngineMetrics implements MeterBinder {
    private final TcpStats stats;
    private final Iterable<Tag> tags;

    public TcpEngineMetrics(TcpEngine engine) {
        this(engine.stats(), List.of());
    }

    public TcpEngineMetrics(TcpEngine engine, Iterable<Tag> tags) {
        this(engine.stats(), tags);
    }

    public TcpEngineMetrics(TcpStats stats, Iterable<Tag> tags) {
        this.stats = stats;
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        StatsBinder.bind(registry, new TcpStats[] {stats}, tags);
    }
}
