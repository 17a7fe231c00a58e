package org.tcplifecycle.sim;

import java.util.List;
import java.util.function.Supplier;

import org.tcplifecycle.core.TcpConfig;

/**
 * What a {@link Simulation} runs: how many lifecycles and how many at once, the faults of the network
 * and hosts, how applications close, the engines' policies, and the seed every random choice derives
 * from. Immutable; build with {@link #builder()} or change one thing with a {@code with...} method.
 *
 * <p>Faults: {@code loss}, {@code duplicate}, {@code reorder} (an extra delay that lets later packets
 * overtake) and {@code corrupt} (one bit flipped, which the checksums must catch) are per-packet
 * probabilities; {@code partitions} takes the link down for 1-15 s now and then (about once a minute
 * of virtual time); {@code crashes} makes a host lose all its connections and stay silent for its
 * quiet time (MSL) before it comes back (about every 200 s); {@code clockJumps} moves one host's clock
 * forward by up to MSL/2 (at most once per 2 MSL, so TIME_WAIT still outlasts every old segment).
 */
public final class SimConfig {
    private final int connections;
    private final int concurrency;
    private final double loss, duplicate, reorder, corrupt;
    private final double delayMillis, jitterMillis;
    private final boolean partitions, crashes, clockJumps;
    private final CloseMix closeMix;
    private final int requestMin, requestMax, replyMin, replyMax;
    private final long seed;
    private final Supplier<TcpConfig> clientConfig, serverConfig;
    private final PacketTap samplePcap;
    private final int sampleConnections;
    private final int traceConnection;
    private final List<Fault> schedule;
    private final boolean shrink;
    private final int shrinkRuns;
    private final DeliveryFilter deliveryFilter;
    private final long appTimeoutNanos;

    private SimConfig(Builder b) {
        if (b.connections < 0) throw new IllegalArgumentException("connections < 0");
        if (b.concurrency < 1) throw new IllegalArgumentException("concurrency < 1");
        for (double p : new double[] {b.loss, b.duplicate, b.reorder, b.corrupt}) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probability out of [0, 1]: " + p);
        }
        if (b.delayMillis < 0 || b.jitterMillis < 0) throw new IllegalArgumentException("negative delay");
        if (b.requestMin < 0 || b.requestMax < b.requestMin || b.replyMin < 0 || b.replyMax < b.replyMin)
            throw new IllegalArgumentException("bad size range");
        connections = b.connections;
        concurrency = b.concurrency;
        loss = b.loss;
        duplicate = b.duplicate;
        reorder = b.reorder;
        corrupt = b.corrupt;
        delayMillis = b.delayMillis;
        jitterMillis = b.jitterMillis;
        partitions = b.partitions;
        crashes = b.crashes;
        clockJumps = b.clockJumps;
        closeMix = b.closeMix;
        requestMin = b.requestMin;
        requestMax = b.requestMax;
        replyMin = b.replyMin;
        replyMax = b.replyMax;
        seed = b.seed;
        clientConfig = b.clientConfig;
        serverConfig = b.serverConfig;
        samplePcap = b.samplePcap;
        sampleConnections = b.sampleConnections;
        traceConnection = b.traceConnection;
        schedule = b.schedule == null ? null : List.copyOf(b.schedule);
        shrink = b.shrink;
        shrinkRuns = b.shrinkRuns;
        deliveryFilter = b.deliveryFilter;
        appTimeoutNanos = b.appTimeoutNanos;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.connections = connections;
        b.concurrency = concurrency;
        b.loss = loss;
        b.duplicate = duplicate;
        b.reorder = reorder;
        b.corrupt = corrupt;
        b.delayMillis = delayMillis;
        b.jitterMillis = jitterMillis;
        b.partitions = partitions;
        b.crashes = crashes;
        b.clockJumps = clockJumps;
        b.closeMix = closeMix;
        b.requestMin = requestMin;
        b.requestMax = requestMax;
        b.replyMin = replyMin;
        b.replyMax = replyMax;
        b.seed = seed;
        b.clientConfig = clientConfig;
        b.serverConfig = serverConfig;
        b.samplePcap = samplePcap;
        b.sampleConnections = sampleConnections;
        b.traceConnection = traceConnection;
        b.schedule = schedule;
        b.shrink = shrink;
        b.shrinkRuns = shrinkRuns;
        b.deliveryFilter = deliveryFilter;
        b.appTimeoutNanos = appTimeoutNanos;
        return b;
    }

    public SimConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public SimConfig withConnections(int n) {
        return toBuilder().connections(n).build();
    }

    /** The same run with an explicit fault schedule instead of faults drawn from the seed. */
    public SimConfig withSchedule(List<Fault> faults) {
        return toBuilder().schedule(faults).build();
    }

    public int connections() { return connections; }
    public int concurrency() { return concurrency; }
    public double loss() { return loss; }
    public double duplicate() { return duplicate; }
    public double reorder() { return reorder; }
    public double corrupt() { return corrupt; }
    public double delayMillis() { return delayMillis; }
    public double jitterMillis() { return jitterMillis; }
    public boolean partitions() { return partitions; }
    public boolean crashes() { return crashes; }
    public boolean clockJumps() { return clockJumps; }
    public CloseMix closeMix() { return closeMix; }
    public int requestMin() { return requestMin; }
    public int requestMax() { return requestMax; }
    public int replyMin() { return replyMin; }
    public int replyMax() { return replyMax; }
    public long seed() { return seed; }
    public Supplier<TcpConfig> clientConfig() { return clientConfig; }
    public Supplier<TcpConfig> serverConfig() { return serverConfig; }
    public PacketTap samplePcap() { return samplePcap; }
    public int sampleConnections() { return sampleConnections; }
    public int traceConnection() { return traceConnection; }
    /** The explicit fault schedule, or null when faults are drawn from the seed. */
    public List<Fault> schedule() { return schedule; }
    public boolean shrink() { return shrink; }
    public int shrinkRuns() { return shrinkRuns; }
    public DeliveryFilter deliveryFilter() { return deliveryFilter; }
    public long appTimeoutNanos() { return appTimeoutNanos; }

    /** True when any fault is switched on (or an explicit schedule is given). */
    public boolean faulty() {
        return loss > 0 || duplicate > 0 || reorder > 0 || corrupt > 0 || partitions || crashes || clockJumps
                || schedule != null && !schedule.isEmpty();
    }

    @Override
    public String toString() {
        return "SimConfig[seed=" + seed + ", connections=" + connections + ", concurrency=" + concurrency + ", loss=" + loss
                + ", duplicate=" + duplicate + ", reorder=" + reorder + ", corrupt=" + corrupt + ", delay=" + delayMillis
                + "ms, jitter=" + jitterMillis + "ms, partitions=" + partitions + ", crashes=" + crashes + ", clockJumps="
                + clockJumps + ", closeMix=" + closeMix + ", request=" + requestMin + ".." + requestMax + ", reply="
                + replyMin + ".." + replyMax + (schedule != null ? ", schedule=" + schedule.size() + " faults" : "") + "]";
    }

    public static final class Builder {
        private int connections = 1000;
        private int concurrency = 32;
        private double loss, duplicate, reorder, corrupt;
        private double delayMillis = 2, jitterMillis = 1;
        private boolean partitions, crashes, clockJumps;
        private CloseMix closeMix = CloseMix.DEFAULT;
        private int requestMin = 0, requestMax = 4096, replyMin = 0, replyMax = 16384;
        private long seed = 1;
        private Supplier<TcpConfig> clientConfig = SimPolicies::client;
        private Supplier<TcpConfig> serverConfig = SimPolicies::server;
        private PacketTap samplePcap;
        private int sampleConnections = 16;
        private int traceConnection = -1;
        private List<Fault> schedule;
        private boolean shrink = true;
        private int shrinkRuns = 48;
        private DeliveryFilter deliveryFilter;
        private long appTimeoutNanos = 180_000_000_000L;

        private Builder() {
        }

        public Builder connections(int v) { connections = v; return this; }
        public Builder concurrency(int v) { concurrency = v; return this; }
        public Builder loss(double v) { loss = v; return this; }
        public Builder duplicate(double v) { duplicate = v; return this; }
        public Builder reorder(double v) { reorder = v; return this; }
        public Builder corrupt(double v) { corrupt = v; return this; }
        public Builder delayMillis(double v) { delayMillis = v; return this; }
        public Builder jitterMillis(double v) { jitterMillis = v; return this; }
        public Builder partitions(boolean v) { partitions = v; return this; }
        public Builder crashes(boolean v) { crashes = v; return this; }
        public Builder clockJumps(boolean v) { clockJumps = v; return this; }
        public Builder closeMix(CloseMix v) { closeMix = v; return this; }
        public Builder requestBytes(int min, int max) { requestMin = min; requestMax = max; return this; }
        public Builder replyBytes(int min, int max) { replyMin = min; replyMax = max; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder clientConfig(Supplier<TcpConfig> v) { clientConfig = v; return this; }
        public Builder serverConfig(Supplier<TcpConfig> v) { serverConfig = v; return this; }
        /** Both engines with the same policies. */
        public Builder config(Supplier<TcpConfig> v) { clientConfig = v; serverConfig = v; return this; }
        /** Receives the packets of the first {@link #sampleConnections} lifecycles as they are sent. */
        public Builder samplePcap(PacketTap v) { samplePcap = v; return this; }
        public Builder sampleConnections(int v) { sampleConnections = v; return this; }
        /** Index of the lifecycle whose segments and states are recorded in {@link SimResult#trace()}; -1: none. */
        public Builder traceConnection(int v) { traceConnection = v; return this; }
        public Builder schedule(List<Fault> v) { schedule = v; return this; }
        /** Shrink the fault schedule of a failing run (on by default). */
        public Builder shrink(boolean v) { shrink = v; return this; }
        /** Most re-runs the shrinker may spend. */
        public Builder shrinkRuns(int v) { shrinkRuns = v; return this; }
        public Builder deliveryFilter(DeliveryFilter v) { deliveryFilter = v; return this; }
        /** How long an application waits without progress before it gives up (a last resort, counted). */
        public Builder appTimeoutNanos(long v) { appTimeoutNanos = v; return this; }
        /** Loss, duplication, reordering and corruption at once. */
        public Builder packetFaults(double loss, double duplicate, double reorder, double corrupt) {
            this.loss = loss;
            this.duplicate = duplicate;
            this.reorder = reorder;
            this.corrupt = corrupt;
            return this;
        }
        /** Partitions, crashes and clock jumps at once. */
        public Builder hostFaults(boolean on) { partitions = on; crashes = on; clockJumps = on; return this; }

        public SimConfig build() {
            return new SimConfig(this);
        }
    }
}
