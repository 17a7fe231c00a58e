package org.tcplifecycle.core.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.TcpStats;

/**
 * The same meters as {@link TcpEngineMetrics}, each the sum over several shards (one engine per thread),
 * so a sharded server publishes one set of series rather than one per shard. The sum is taken at
 * publish time; the same staleness note applies (each shard's counters are written by its own thread).
 */
public final class ShardGroupMetrics implements MeterBinder {
    private final TcpStats[] shards;
    private final Iterable<Tag> tags;

    public ShardGroupMetrics(List<TcpEngine> shards) {
        this(shards, List.of());
    }

    public ShardGroupMetrics(List<TcpEngine> shards, Iterable<Tag> tags) {
        if (shards.isEmpty()) throw new IllegalArgumentException("no shards");
        this.shards = new TcpStats[shards.size()];
        for (int i = 0; i < this.shards.length; i++) this.shards[i] = shards.get(i).stats();
        this.tags = tags;
    }

    public ShardGroupMetrics(Iterable<Tag> tags, TcpStats... shards) {
        if (shards.length == 0) throw new IllegalArgumentException("no shards");
        this.shards = shards.clone();
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        StatsBinder.bind(registry, shards, tags);
    }
}
