package org.tcplifecycle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;

class LifecycleShardTest {
    private static final TcpState[] CLIENT_AFTER = {TcpState.SYN_SENT, TcpState.SYN_SENT, TcpState.ESTABLISHED,
        TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.FIN_WAIT_2,
        TcpState.TIME_WAIT, TcpState.TIME_WAIT};
    private static final TcpState[] SERVER_AFTER = {null, TcpState.SYN_RECEIVED, TcpState.SYN_RECEIVED,
        TcpState.ESTABLISHED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.CLOSE_WAIT, TcpState.LAST_ACK,
        TcpState.LAST_ACK, null};

    @Test
    void everyStepIsOneScriptedTransitionAndConnectionsCycle() {
        LifecycleShard shard = new LifecycleShard(50, 1);
        long base = shard.engineTransitions();
        for (int pass = 0; pass < 3 * LifecycleShard.STEPS; pass++) {
            int p = shard.position(0);
            for (int i = 0; i < 50; i++) shard.advance(i);
            // all 50 connections took the same step: the per-state gauges show where they are
            assertThat(shard.client.stats().inState(CLIENT_AFTER[p])).as("clients after step %d", p).isEqualTo(50);
            if (SERVER_AFTER[p] != null) assertThat(shard.server.stats().inState(SERVER_AFTER[p])).as("servers after step %d", p).isEqualTo(50);
            else assertThat(shard.server.connectionCount()).as("servers after step %d", p).isZero();
            assertThat(shard.engineTransitions() - base).isEqualTo(shard.transitions);
        }
        assertThat(shard.unexpected).isZero();
        // 3 cycles of 10 transitions per connection, plus the two TIME-WAIT rows ended by reuse
        assertThat(shard.transitions).isEqualTo(50L * (30 + 2));
        assertThat(shard.client.stats().timeWaitReused).isEqualTo(100);
        assertThat(shard.client.stats().dropsTotal() + shard.server.stats().dropsTotal()).isZero();
        assertThat(shard.client.timeWaitCount()).as("the last cycle ends in TIME-WAIT").isEqualTo(50);
        assertThat(shard.server.connectionCount()).isZero();
    }

    @Test
    void shuffledStepsKeepEveryConnectionOnScript() {
        LifecycleShard shard = new LifecycleShard(1000, 7).spread(3);
        long base = shard.engineTransitions() - shard.transitions;
        for (int k = 0; k < 50_000; k++) shard.step();
        assertThat(shard.unexpected).isZero();
        assertThat(shard.engineTransitions() - base).isEqualTo(shard.transitions);
        assertThat(shard.client.stats().dropsTotal() + shard.server.stats().dropsTotal()).isZero();
    }
}
