package org.tcplifecycle.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.ClosePolicy;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.wire.DecodeResult;
import org.tcplifecycle.wire.IpCodec;

class SimulationTest {

    /** 50 seeds x 2 000 lifecycles under every fault, policies rotating between RFC, Linux and no timestamps. */
    @Test
    void hundredThousandLifecyclesUnderFaultsKeepEveryInvariant() throws Exception {
        int seeds = 50, perSeed = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<SimResult>> runs = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            SimConfig c = Soak.faulty().connections(perSeed).seed(seed).config(Soak.profile("mixed", seed)).build();
            runs.add(pool.submit(() -> Simulation.run(c, null)));
        }
        long lifecycles = 0, aborted = 0, retransmits = 0, crashes = 0, partitions = 0, jumps = 0, corrupt = 0, checksumDrops = 0;
        List<String> failures = new ArrayList<>();
        for (Future<SimResult> f : runs) {
            SimResult r = f.get();
            lifecycles += r.completed() + r.aborted();
            aborted += r.aborted();
            retransmits += r.retransmits();
            for (Fault x : r.faults()) {
                if (x.kind() == Fault.Kind.CRASH) crashes++;
                if (x.kind() == Fault.Kind.PARTITION) partitions++;
                if (x.kind() == Fault.Kind.CLOCK_JUMP) jumps++;
                if (x.kind() == Fault.Kind.CORRUPT) corrupt++;
            }
            checksumDrops += r.drops().getOrDefault("wire:bad_checksum", 0L) + r.drops().getOrDefault("wire:bad_ip_checksum", 0L);
            if (!r.ok()) failures.add(r.summary() + "\n  " + r.violations() + "\n  " + r.reproduction());
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(lifecycles).isEqualTo((long) seeds * perSeed);
        // the faults really happened, and were survived
        assertThat(crashes).isPositive();
        assertThat(partitions).isPositive();
        assertThat(jumps).isPositive();
        assertThat(retransmits).isGreaterThan(lifecycles);
        assertThat(aborted).isBetween(lifecycles / 20, lifecycles / 2);
        // every corrupted packet that reached a host was caught by a checksum (none can pass: one bit flipped)
        assertThat(checksumDrops).isPositive().isLessThanOrEqualTo(corrupt);
    }

    @Test
    void sameSeedSameRunBitForBit() {
        SimConfig c = Soak.faulty().connections(400).seed(77).traceConnection(5).build();
        SimResult a = Simulation.run(c, null), b = Simulation.run(c, null);
        assertThat(a.ok()).isTrue();
        assertThat(b.segments()).isEqualTo(a.segments());
        assertThat(b.completed()).isEqualTo(a.completed());
        assertThat(b.retransmits()).isEqualTo(a.retransmits());
        assertThat(b.virtualNanos()).isEqualTo(a.virtualNanos());
        assertThat(b.faults()).isEqualTo(a.faults());
        assertThat(b.trace()).isEqualTo(a.trace());
        assertThat(b.drops()).isEqualTo(a.drops());
        SimResult other = Simulation.run(c.withSeed(78), null);
        assertThat(other.faults()).isNotEqualTo(a.faults());
    }

    @Test
    void recordedScheduleReplaysTheSameRun() {
        SimConfig c = Soak.faulty().connections(300).seed(5).build();
        SimResult gen = Simulation.run(c, null);
        assertThat(gen.faults()).isNotEmpty();
        SimResult rep = Simulation.run(c.withSchedule(gen.faults()), null);
        assertThat(rep.segments()).isEqualTo(gen.segments());
        assertThat(rep.completed()).isEqualTo(gen.completed());
        assertThat(rep.virtualNanos()).isEqualTo(gen.virtualNanos());
        SimResult none = Simulation.run(c.withSchedule(List.of()), null);
        assertThat(none.aborted()).isLessThan(gen.aborted());
        assertThat(Fault.parseAll(Fault.encode(gen.faults()))).isEqualTo(gen.faults());
    }

    @Test
    void cleanNetworkCompletesEveryGracefulLifecycle() {
        SimConfig c = SimConfig.builder().connections(1000).closeMix(CloseMix.GRACEFUL).jitterMillis(0).seed(3).build();
        SimResult r = Simulation.run(c, null);
        assertThat(r.violations()).isEmpty();
        assertThat(r.completed()).isEqualTo(1000);
        assertThat(r.aborted()).isZero();
        assertThat(r.retransmits()).isZero();
        assertThat(r.rstSent()).isZero();
        assertThat(r.peakTimeWait()).isPositive();
        assertThat(r.faults()).isEmpty();
    }

    @Test
    void abortiveClosesAreSeenAsResetsWithoutFaults() {
        SimConfig c = SimConfig.builder().connections(600).closeMix(CloseMix.of(0, 0, 0, 1, 0, 1)).seed(4).build();
        SimResult r = Simulation.run(c, null);
        assertThat(r.violations()).isEmpty();
        assertThat(r.aborted()).isEqualTo(600);
        assertThat(r.rstSent()).isGreaterThanOrEqualTo(300);
    }

    /** A receive path that delivers a byte twice once the network has misbehaved: caught, and shrunk. */
    @Test
    void brokenDeliveryIsCaughtAndItsScheduleShrunk() {
        DeliveryFilter dup = (life, server, buf, n, faults) -> {
            if (!server || faults == 0 || n < 2) return n;
            System.arraycopy(buf, 0, buf, 1, n); // the first octet again
            return n + 1;
        };
        SimConfig c = Soak.faulty().connections(300).seed(11).deliveryFilter(dup).shrinkRuns(40).build();
        SimResult r = Simulation.run(c, null);
        assertThat(r.violations()).isNotEmpty();
        assertThat(r.violations().get(0).kind()).isIn(Violation.Kind.WRONG_BYTES, Violation.Kind.EXCESS_BYTES);
        Reproduction rep = r.reproduction();
        assertThat(rep).isNotNull();
        assertThat(rep.schedule().size()).isLessThan(rep.original()).isLessThanOrEqualTo(3).isPositive();
        assertThat(rep.connections()).isLessThanOrEqualTo(300);
        // the reproduction reproduces; without faults the same broken path goes unnoticed (it needs one)
        SimConfig again = c.toBuilder().shrink(false).connections(rep.connections()).schedule(rep.schedule()).build();
        assertThat(Simulation.run(again, null).violations()).isNotEmpty();
        SimConfig clean = c.toBuilder().shrink(false).connections(rep.connections()).schedule(List.of()).build();
        assertThat(Simulation.run(clean, null).violations()).isEmpty();
    }

    /** A close policy that resets every connection is a visible bug on a network without faults. */
    @Test
    void abortingClosePolicyIsCaught() {
        SimConfig c = SimConfig.builder().connections(50).closeMix(CloseMix.GRACEFUL).seed(9)
                .config(() -> SimPolicies.rfc().close(ctx -> ClosePolicy.ABORT)).build();
        SimResult r = Simulation.run(c, null);
        assertThat(r.violations()).extracting(Violation::kind).contains(Violation.Kind.UNEXPECTED_ABORT);
        assertThat(r.reproduction()).isNotNull();
        assertThat(r.reproduction().schedule()).isEmpty();
    }

    /**
     * The reason the simulated profiles bound FIN_WAIT_2: with RFC 9293's "wait forever" an orphan whose
     * peer crashed never goes away, and quiescence reports it.
     */
    @Test
    void unboundedFinWait2LeaksWhenPeersCrash() {
        // seed 5: a server crashes while a client's orphan waits in FIN_WAIT_2 for a FIN that was lost;
        // neither a FIN_WAIT_2 limit nor keepalive (which probes FIN_WAIT_2 too) is there to end it
        SimConfig c = SimConfig.builder().connections(3000).concurrency(64).loss(0.05).crashes(true).seed(5)
                .shrink(false).config(() -> SimPolicies.rfc().orphan(OrphanPolicy.RFC9293)
                        .keepalive(org.tcplifecycle.api.policy.KeepalivePolicy.OFF)).build();
        SimResult r = Simulation.run(c, null);
        assertThat(r.violations()).extracting(Violation::kind).contains(Violation.Kind.LEAK);
        assertThat(r.violations().toString()).contains("FIN_WAIT_2");
        // the same run with the simulation's profile is clean
        assertThat(Simulation.run(c.toBuilder().config(SimPolicies::rfc).build(), null).violations()).isEmpty();
    }

    @Test
    void traceRecordsSegmentsAndStatesOfOneLifecycle() {
        SimConfig c = SimConfig.builder().connections(20).closeMix(CloseMix.only(CloseKind.CLIENT_CLOSE)).traceConnection(7).seed(2).build();
        SimResult r = Simulation.run(c, null);
        assertThat(r.ok()).isTrue();
        List<TraceEvent> t = r.trace();
        TraceEvent first = t.stream().filter(e -> e.type() == TraceEvent.Type.SEGMENT).findFirst().orElseThrow();
        assertThat(first.client()).isTrue();
        assertThat(first.flags()).isEqualTo(TcpFlags.SYN);
        assertThat(t).anyMatch(e -> e.type() == TraceEvent.Type.SEGMENT && !e.client() && e.flags() == (TcpFlags.SYN | TcpFlags.ACK));
        assertThat(t).anyMatch(e -> e.type() == TraceEvent.Type.STATE && e.client() && e.to() == TcpState.TIME_WAIT);
        assertThat(t).anyMatch(e -> e.type() == TraceEvent.Type.STATE && !e.client() && e.from() == TcpState.SYN_RECEIVED
                && e.to() == TcpState.ESTABLISHED);
        assertThat(t).anyMatch(e -> e.type() == TraceEvent.Type.STATE && !e.client() && e.to() == TcpState.LAST_ACK);
        for (int i = 1; i < t.size(); i++) assertThat(t.get(i).timeNanos()).isGreaterThanOrEqualTo(t.get(i - 1).timeNanos());
    }

    @Test
    void sampledPacketsAreValidIpPacketsOfTheFirstLifecycles() {
        List<byte[]> pkts = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        SimConfig c = SimConfig.builder().connections(100).sampleConnections(4).seed(8)
                .samplePcap((t, ip) -> { times.add(t); pkts.add(ip); }).build();
        SimResult r = Simulation.run(c, null);
        assertThat(pkts).isNotEmpty().hasSizeLessThan((int) r.segments());
        Segment s = new Segment();
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (byte[] p : pkts) {
            assertThat(IpCodec.decode(ByteBuffer.wrap(p), 0, p.length, s, IpCodec.CHECK_ALL, null)).isEqualTo(DecodeResult.OK);
            ports.add(s.srcPort == 80 ? s.dstPort : s.srcPort);
        }
        assertThat(ports.size()).isBetween(1, 4);
        for (int i = 1; i < times.size(); i++) assertThat(times.get(i)).isGreaterThanOrEqualTo(times.get(i - 1));
    }

    @Test
    void progressIsReportedAFewHundredTimesAtMost() {
        List<Long> seen = new ArrayList<>();
        SimResult r = Simulation.run(SimConfig.builder().connections(3000).seed(1).build(), seen::add);
        assertThat(r.ok()).isTrue();
        assertThat(seen).hasSizeBetween(10, 300);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(3000L);
        assertThat(seen).isSorted();
        assertThat(r.statesOverTime()).isNotEmpty();
        assertThat(r.statesOverTime().get(r.statesOverTime().size() - 1).total(TcpState.ESTABLISHED)).isZero();
    }

    /**
     * What TIME_WAIT exists for, seen from the other side: an abortive close skips TIME_WAIT, and with
     * RFC 793's 4 µs ISN clock, no timestamps and fast links the next connection on the same 4-tuple
     * can start inside the sequence space the old one used. A delayed segment of the old connection is
     * then accepted as new data, and the byte check sees foreign octets. With a faster ISN clock (the
     * simulation's profile) the same run is clean.
     */
    @Test
    void oldDuplicateAfterAbortIsCaughtAsForeignBytes() {
        SimConfig c = Soak.faulty().connections(900).seed(3).hostFaults(false).closeMix(CloseMix.of(1, 1, 1, 2, 1, 2))
                .shrinkRuns(16).config(() -> SimPolicies.noTimestamps().isn(IsnGenerator.CLOCK)).build();
        SimResult r = Simulation.run(c, null);
        assertThat(r.violations()).isNotEmpty();
        assertThat(r.violations().get(0).kind()).isEqualTo(Violation.Kind.WRONG_BYTES);
        assertThat(r.reproduction().schedule()).isNotEmpty().hasSizeLessThan(r.reproduction().original());
        SimResult fixed = Simulation.run(c.toBuilder().config(SimPolicies::noTimestamps).build(), null);
        assertThat(fixed.violations()).isEmpty();
    }
}
