package org.tcplifecycle.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

/**
 * Found by the simulation: an engine created long after time 0 (a host that rebooted, or any engine
 * driven by System.nanoTime) placed its first timers on a coarse level of its timing wheel, whose own
 * time was still 0, so a 1 s SYN retransmission fired minutes late. The simulation now also fails a run
 * in which a timer stays 30 s overdue.
 */
class FreshEngineTimerTest {
    @Test
    void firstTimerOfAFreshEngineFiresOnTimeWhateverTheClock() {
        for (long start : new long[] {0L, 3_656_813_055_000L, 86_400_000_000_000L}) {
            List<Long> sent = new ArrayList<>();
            long[] now = {start};
            TcpEngine e = new TcpEngine(TcpConfig.rfc(), s -> sent.add(now[0]), TcpEventListener.NONE, 64);
            e.connect4(0xC000_0202, 0, 0xC000_0201, 80, start); // first call: no advance() before it
            long last = start;
            while (sent.size() < 2 && now[0] < start + 600_000_000_000L) {
                long d = e.nextDeadline();
                now[0] = d > last ? d : last + 1_000_000L;
                last = now[0];
                e.advance(now[0]);
            }
            assertThat(sent).hasSize(2);
            long rto = sent.get(1) - start;
            // initial RTO 1 s; a 1 ms wheel may fire it late by its level's granule (64 ms here), not minutes
            assertThat(rto).as("SYN retransmission of an engine started at %d ns", start)
                    .isBetween(1_000_000_000L, 1_100_000_000L);
        }
    }
}
