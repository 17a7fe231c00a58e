package org.tcplifecycle.linger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class Rfc6528IsnTest {
    private static final long LOCAL = 0xC0000201L;  // 192.0.2.1
    private static final long REMOTE = 0xC0000202L; // 192.0.2.2
    private final Rfc6528Isn gen = new Rfc6528Isn(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

    private int isn(Rfc6528Isn g, int lport, int rport, long now) {
        return g.isn(false, 0, LOCAL, lport, 0, REMOTE, rport, now);
    }

    @Test
    void isClockPlusKeyedHash() {
        int f = gen.f(false, 0, LOCAL, 80, 0, REMOTE, 40000);
        assertThat(isn(gen, 80, 40000, 0)).isEqualTo(f);
        assertThat(isn(gen, 80, 40000, 4_000)).isEqualTo(f + 1);
        assertThat(isn(gen, 80, 40000, 7_999)).isEqualTo(f + 1);
        assertThat(isn(gen, 80, 40000, 4_000_000_000L)).isEqualTo(f + 1_000_000);
    }

    @Test
    void theHashIsSipHashOfTheTuple() {
        long ports = 80L << 16 | 40000;
        assertThat(gen.f(false, 0, LOCAL, 80, 0, REMOTE, 40000))
                .isEqualTo((int) SipHash.hash5(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 0, LOCAL, 0, REMOTE, ports));
    }

    @Test
    void sameKeySameTupleSameIsnAndAnyChangeMovesIt() {
        Rfc6528Isn twin = Rfc6528Isn.withKey(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        assertThat(isn(twin, 80, 40000, 123_456)).isEqualTo(isn(gen, 80, 40000, 123_456));
        int base = isn(gen, 80, 40000, 0);
        assertThat(isn(gen, 81, 40000, 0)).isNotEqualTo(base);
        assertThat(isn(gen, 80, 40001, 0)).isNotEqualTo(base);
        assertThat(gen.isn(false, 0, LOCAL + 1, 80, 0, REMOTE, 40000, 0)).isNotEqualTo(base);
        assertThat(gen.isn(true, 0, LOCAL, 80, 0, REMOTE, 40000, 0)).as("IP version is hashed").isNotEqualTo(base);
        assertThat(isn(new Rfc6528Isn(1, 2), 80, 40000, 0)).as("another key").isNotEqualTo(base);
    }

    @Test
    void neighbouringPortsDoNotGiveNeighbouringIsns() {
        // an attacker who learns one ISN must not learn the next port's: the values look unrelated
        Set<Integer> seen = new HashSet<>();
        int close = 0;
        int prev = isn(gen, 80, 30000, 0);
        for (int p = 30001; p < 31000; p++) {
            int v = isn(gen, 80, p, 0);
            seen.add(v);
            if (Math.abs((long) v - prev) < 1 << 20) close++;
            prev = v;
        }
        assertThat(seen).hasSize(999);
        assertThat(close).as("pairs within 2^20 of each other (expect ~0.5 by chance)").isLessThan(8);
    }

    @Test
    void randomKeysDiffer() {
        assertThat(isn(new Rfc6528Isn(), 80, 40000, 0)).isNotEqualTo(isn(new Rfc6528Isn(), 80, 40000, 0));
    }

    @Test
    void keyMustBeSixteenBytes() {
        assertThatThrownBy(() -> Rfc6528Isn.withKey(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void doesNotAllocate() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int sink = 0;
        for (int i = 0; i < 20_000; i++) sink += isn(gen, 80, i & 0xFFFF, i * 1000L); // warm up
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 200_000; i++) sink += isn(gen, 80, i & 0xFFFF, i * 1000L);
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(sink).isNotEqualTo(42); // keep the loop alive
        assertThat(allocated).as("bytes allocated by 200k ISNs").isLessThan(4096);
    }
}
