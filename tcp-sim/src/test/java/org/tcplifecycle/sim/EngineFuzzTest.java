package org.tcplifecycle.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.TcpStats;
import org.tcplifecycle.wire.DecodeResult;

/**
 * Hostile input: a million random and mutated IP packets against two engines that carry live
 * connections. Nothing may escape the engine as an exception, every rejection is counted with its
 * reason, no RST answers a RST, and once the applications close and time passes both engines return
 * to an empty state. Inputs that reached a new outcome are kept in {@code fuzz-corpus/} and replayed.
 */
class EngineFuzzTest {
    static final int RIGS = 4, PER_RIG = 250_000;

    @Test
    void aMillionHostilePacketsNeverEscapeAndAreAllCounted() {
        Set<Integer> wireReasons = new HashSet<>();
        long[] engineReasons = new long[TcpStats.DROP_REASONS];
        long total = 0, okFuzz = 0;
        Path corpusOut = System.getProperty("fuzz.corpus") == null ? null : Paths.get(System.getProperty("fuzz.corpus"));
        Set<String> signatures = new HashSet<>();
        for (int r = 0; r < RIGS; r++) {
            FuzzRig rig = new FuzzRig(1000 + r);
            for (int i = 0; i < 200; i++) rig.legit();
            for (int i = 0; i < PER_RIG; i++) {
                if ((i & 3) == 0) rig.legit();
                byte[] p = rig.next();
                int side = rig.rnd.nextInt(2);
                TcpEngine target = side == 0 ? rig.client : rig.server;
                long[] before = corpusOut == null ? null : snapshot(target);
                int res;
                try {
                    res = rig.deliver(side, p);
                } catch (Throwable t) {
                    throw new AssertionError("engine threw on input " + HexFormat.of().formatHex(p), t);
                }
                total++;
                if (res == DecodeResult.OK) okFuzz++;
                else wireReasons.add(res);
                if (corpusOut != null) keepIfNew(corpusOut, signatures, side, res, before, snapshot(target), p);
            }
            assertThat(rig.rstForRst).as("RST sent while processing a RST: " + rig.examples).isZero();
            for (int side = 0; side < 2; side++) {
                TcpEngine e = side == 0 ? rig.client : rig.server;
                // every rejection by the codec is counted by reason, and in total by the engine
                assertThat(e.wireDrops().total()).isEqualTo(rig.rejected[side]);
                assertThat(e.stats().drops(TcpStats.DROP_MALFORMED)).isEqualTo(rig.rejected[side]);
                assertThat(e.stats().segmentsIn).isEqualTo(rig.calls[side] - rig.rejected[side]);
                for (int k = 0; k < TcpStats.DROP_REASONS; k++) engineReasons[k] += e.stats().drops(k);
            }
            rig.drain();
            for (TcpEngine e : new TcpEngine[] {rig.client, rig.server}) {
                assertThat(e.connectionCount()).as("connections left after hostile input").isZero();
                assertThat(e.timeWaitCount()).isZero();
                assertThat(e.pendingTimers()).isZero();
            }
        }
        assertThat(total).isEqualTo((long) RIGS * PER_RIG);
        // the mutations reach both the codec's checks and the state machine's
        assertThat(okFuzz).isGreaterThan(total / 4);
        assertThat(wireReasons).hasSizeGreaterThanOrEqualTo(9);
        long reasons = java.util.Arrays.stream(engineReasons).filter(x -> x > 0).count();
        assertThat(reasons).as("engine drop reasons seen").isGreaterThanOrEqualTo(9);
    }

    @Test
    void corpusReplaysWithoutEscape() throws Exception {
        List<Path> files = corpus();
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        FuzzRig rig = new FuzzRig(7);
        for (int i = 0; i < 200; i++) rig.legit();
        Set<Integer> results = new HashSet<>();
        for (Path f : files) {
            byte[] p = Files.readAllBytes(f);
            int side = f.getFileName().toString().startsWith("c-") ? 0 : 1;
            try {
                results.add(rig.deliver(side, p));
            } catch (Throwable t) {
                fail("corpus input " + f.getFileName() + " escaped the engine", t);
            }
            rig.legit();
        }
        assertThat(results).contains(DecodeResult.OK, DecodeResult.BAD_CHECKSUM);
        assertThat(rig.rstForRst).isZero();
        rig.drain();
        assertThat(rig.server.connectionCount() + rig.client.connectionCount()).isZero();
    }

    static List<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Paths.get(EngineFuzzTest.class.getResource("/fuzz-corpus").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".bin")).sorted().collect(Collectors.toList());
        }
    }

    private static long[] snapshot(TcpEngine e) {
        TcpStats s = e.stats();
        long[] out = new long[TcpStats.DROP_REASONS + 3];
        for (int i = 0; i < TcpStats.DROP_REASONS; i++) out[i] = s.drops(i);
        out[TcpStats.DROP_REASONS] = s.rstOut;
        out[TcpStats.DROP_REASONS + 1] = s.transitionsTotal();
        out[TcpStats.DROP_REASONS + 2] = s.challengeAcks;
        return out;
    }

    /** Corpus generation (-Dfuzz.corpus=DIR): keep the first input for each new outcome. */
    private static void keepIfNew(Path dir, Set<String> seen, int side, int res, long[] before, long[] after, byte[] p) {
        StringBuilder sig = new StringBuilder(side == 0 ? "c-" : "s-").append(DecodeResult.tag(res));
        for (int i = 0; i < TcpStats.DROP_REASONS; i++) if (after[i] > before[i]) sig.append('-').append(TcpStats.dropName(i));
        if (after[TcpStats.DROP_REASONS] > before[TcpStats.DROP_REASONS]) sig.append("-rst");
        if (after[TcpStats.DROP_REASONS + 1] > before[TcpStats.DROP_REASONS + 1]) sig.append("-transition");
        if (after[TcpStats.DROP_REASONS + 2] > before[TcpStats.DROP_REASONS + 2]) sig.append("-challenge");
        if (!seen.add(sig.toString())) return;
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(sig + ".bin"), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
