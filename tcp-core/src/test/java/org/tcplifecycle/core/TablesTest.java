package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The engine's primitive tables against java.util references under random operations. */
class TablesTest {

    private record Key(long local, long remote, int ports) {
    }

    @Property(tries = 200)
    void tupleMapBehavesLikeAHashMap(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TupleMap map = new TupleMap(4);
        Map<Key, Integer> ref = new HashMap<>();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // few distinct values per field so that keys collide in every field but one
            Key k = keys.isEmpty() || rnd.nextInt(3) == 0
                    ? new Key(rnd.nextInt(4), rnd.nextInt(4) | (rnd.nextBoolean() ? AddressBook.V6_TAG : 0), rnd.nextInt(64))
                    : keys.get(rnd.nextInt(keys.size()));
            keys.add(k);
            switch (rnd.nextInt(3)) {
                case 0: {
                    int v = rnd.nextInt(1_000_000);
                    Integer old = ref.put(k, v);
                    assertThat(map.put(k.local, k.remote, k.ports, v)).isEqualTo(old == null ? TupleMap.MISSING : old);
                    break;
                }
                case 1: {
                    Integer old = ref.remove(k);
                    assertThat(map.remove(k.local, k.remote, k.ports)).isEqualTo(old == null ? TupleMap.MISSING : old);
                    break;
                }
                default: {
                    Integer v = ref.get(k);
                    assertThat(map.get(k.local, k.remote, k.ports)).isEqualTo(v == null ? TupleMap.MISSING : v);
                }
            }
            assertThat(map.size()).isEqualTo(ref.size());
        }
        for (Map.Entry<Key, Integer> e : ref.entrySet()) {
            assertThat(map.get(e.getKey().local, e.getKey().remote, e.getKey().ports)).isEqualTo(e.getValue());
        }
    }

    @Property(tries = 100)
    void timeWaitRowsStayFindableThroughKillsRestartsAndGrowth(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TimeWaitTable tw = new TimeWaitTable(16);
        Map<Key, Integer> ref = new HashMap<>(); // key -> rcvNxt
        long now = 0;
        for (int i = 0; i < 3000; i++) {
            Key k = new Key(1, rnd.nextInt(8), rnd.nextInt(128));
            int row = tw.find(k.local, k.remote, k.ports);
            assertThat(row != TimeWaitTable.NONE).isEqualTo(ref.containsKey(k));
            now += rnd.nextInt(3);
            if (row == TimeWaitTable.NONE) {
                int rcv = rnd.nextInt();
                tw.add(k.local, k.remote, k.ports, rcv, 7, false, 0, now + 100, i);
                ref.put(k, rcv);
            } else {
                assertThat(tw.rcvNxt(row)).isEqualTo(ref.get(k));
                if (rnd.nextBoolean()) {
                    tw.kill(row);
                    ref.remove(k);
                } else {
                    int moved = tw.restart(row, now + 100);
                    assertThat(tw.rcvNxt(moved)).isEqualTo(ref.get(k));
                }
            }
            assertThat(tw.size()).isEqualTo(ref.size());
            // rows come due in FIFO order, never before their deadline
            int due;
            while ((due = tw.due(now)) != TimeWaitTable.NONE) {
                assertThat(tw.deadline(due)).isLessThanOrEqualTo(now);
                ref.remove(new Key(tw.local(due), tw.remote(due), tw.ports(due)));
                tw.kill(due);
            }
            assertThat(tw.nextDeadline()).isGreaterThan(now);
        }
    }

    @Test
    void addressBookInternsIpv6AndForgetsUnusedAddresses() {
        AddressBook book = new AddressBook();
        long a = book.acquire(true, 0x20010DB8L << 32, 1);
        long b = book.acquire(true, 0x20010DB8L << 32, 2);
        long a2 = book.acquire(true, 0x20010DB8L << 32, 1);
        assertThat(a).isEqualTo(a2).isNotEqualTo(b);
        assertThat(AddressBook.isV6(a)).isTrue();
        assertThat(book.lo(a)).isEqualTo(1);
        assertThat(book.liveV6()).isEqualTo(2);
        long v4 = book.acquire(false, 0, 0xC0000201L);
        assertThat(v4).isEqualTo(0xC0000201L);
        assertThat(AddressBook.isV6(v4)).isFalse();
        book.release(a);
        assertThat(book.liveV6()).isEqualTo(2);
        book.release(a2);
        assertThat(book.liveV6()).isEqualTo(1);
        assertThat(book.lookup(true, 0x20010DB8L << 32, 1)).isEqualTo(-1);
        assertThat(book.lookup(true, 0x20010DB8L << 32, 2)).isEqualTo(b);
        // many addresses: growth and deletion keep every live one findable
        List<Long> words = new ArrayList<>();
        for (int i = 0; i < 5000; i++) words.add(book.acquire(true, i, i * 31L));
        for (int i = 0; i < 5000; i += 2) book.release(words.get(i));
        for (int i = 1; i < 5000; i += 2) assertThat(book.lookup(true, i, i * 31L)).isEqualTo(words.get(i));
        assertThat(book.liveV6()).isEqualTo(1 + 2500);
    }

    @Test
    void restartedRowsDoNotGrowTheRing() {
        // a peer retransmitting its FIN restarts the same row again and again: dead rows must be reclaimed
        TimeWaitTable tw = new TimeWaitTable(16);
        tw.add(1, 2, 3, 0, 0, false, 0, 100, 1);
        tw.add(1, 2, 4, 0, 0, false, 0, 100, 2);
        int initial = tw.capacity();
        for (int i = 0; i < 200_000; i++) {
            tw.restart(tw.find(1, 2, 3 + (i & 1)), 100 + i);
        }
        assertThat(tw.size()).isEqualTo(2);
        assertThat(tw.capacity()).isEqualTo(initial);
        assertThat(tw.find(1, 2, 3)).isNotEqualTo(TimeWaitTable.NONE);
        assertThat(tw.find(1, 2, 4)).isNotEqualTo(TimeWaitTable.NONE);
    }
}
