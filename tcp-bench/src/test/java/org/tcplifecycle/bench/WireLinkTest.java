package org.tcplifecycle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;

class WireLinkTest {
    @Test
    void eachLifecycleRunsToTheEndThroughTheCodecAndLeavesNothingBehind() {
        WireLink link = new WireLink();
        for (int k = 1; k <= 3; k++) {
            assertThat(link.lifecycle()).as("reply bytes read by the client").isEqualTo(64);
            assertThat(link.quiet()).isTrue();
            assertThat(link.client.stats().transitions(TcpState.TIME_WAIT, TcpState.CLOSED)).as("TIME-WAIT expired").isEqualTo(k);
            assertThat(link.server.stats().transitions(TcpState.LAST_ACK, TcpState.CLOSED)).isEqualTo(k);
            assertThat(link.client.stats().bytesIn).isEqualTo(64L * k);
            assertThat(link.server.stats().bytesIn).isEqualTo(64L * k);
        }
        assertThat(link.client.stats().dropsTotal() + link.server.stats().dropsTotal()).isZero();
        assertThat(link.client.stats().retransmits + link.server.stats().retransmits).isZero();
    }
}
