package org.tcplifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4), including wrap-around. */
class SeqTest {

    @Test
    void comparisonsAcrossTheWrap() {
        int nearTop = 0xFFFF_FFF0;
        int wrapped = 0x0000_0010; // 32 octets later, after wrap-around
        assertThat(Seq.lt(nearTop, wrapped)).isTrue();
        assertThat(Seq.gt(wrapped, nearTop)).isTrue();
        assertThat(Seq.le(nearTop, nearTop)).isTrue();
        assertThat(Seq.ge(wrapped, nearTop)).isTrue();
        assertThat(Seq.distance(nearTop, wrapped)).isEqualTo(32);
        assertThat(Seq.max(nearTop, wrapped)).isEqualTo(wrapped);
        assertThat(Seq.min(nearTop, wrapped)).isEqualTo(nearTop);
        assertThat(Seq.str(nearTop)).isEqualTo("4294967280");
    }

    @Test
    void windowTestAtTheEdges() {
        int lo = 0xFFFF_FFFE;
        assertThat(Seq.inWindow(lo, lo, 4)).isTrue();          // left edge is in
        assertThat(Seq.inWindow(lo + 3, lo, 4)).isTrue();      // lo+3 = 1 after the wrap
        assertThat(Seq.inWindow(lo + 4, lo, 4)).isFalse();     // right edge is out
        assertThat(Seq.inWindow(lo - 1, lo, 4)).isFalse();
        assertThat(Seq.inWindow(lo, lo, 0)).isFalse();         // a zero window holds nothing
        assertThat(Seq.inRange(5, 3, 3)).isFalse();            // empty range
    }

    @Property
    void orderIsConsistentWithDistance(@ForAll int a, @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int d) {
        int b = a + d; // b is d octets after a, possibly wrapped
        assertThat(Seq.lt(a, b)).isTrue();
        assertThat(Seq.gt(b, a)).isTrue();
        assertThat(Seq.le(a, b) && !Seq.ge(a, b)).isTrue();
        assertThat(Seq.distance(a, b)).isEqualTo(d);
    }

    @Property
    void inWindowMatchesModularDistance(@ForAll int x, @ForAll int lo, @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long len) {
        long dist = (x - lo) & 0xFFFF_FFFFL;
        assertThat(Seq.inWindow(x, lo, len)).isEqualTo(dist < len);
    }

    @Property
    void inRangeAgreesWithInWindow(@ForAll int x, @ForAll int lo, @ForAll int hi) {
        assertThat(Seq.inRange(x, lo, hi)).isEqualTo(Seq.inWindow(x, lo, (hi - lo) & 0xFFFF_FFFFL));
    }

    @Property
    void comparisonIsAntisymmetric(@ForAll int a, @ForAll int b) {
        if (a - b != Integer.MIN_VALUE) { // exactly 2^31 apart is undefined by RFC 1982
            assertThat(Seq.lt(a, b)).isEqualTo(Seq.gt(b, a));
            assertThat(Seq.lt(a, b) && Seq.lt(b, a)).isFalse();
            assertThat(Seq.le(a, b) || Seq.le(b, a)).isTrue();
        }
    }
}
