package org.tcplifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class ValueTypesTest {
    @Test
    void statesCarryRfcNamesAndPredicates() {
        assertThat(TcpState.values()).hasSize(11);
        assertThat(TcpState.FIN_WAIT_1.rfcName()).isEqualTo("FIN-WAIT-1");
        assertThat(TcpState.SYN_RECEIVED.isSynchronized()).isFalse();
        assertThat(TcpState.ESTABLISHED.isSynchronized()).isTrue();
        assertThat(TcpState.TIME_WAIT.isSynchronized()).isTrue();
        assertThat(TcpState.CLOSE_WAIT.maySend()).isTrue();
        assertThat(TcpState.CLOSE_WAIT.mayReceive()).isFalse();
        assertThat(TcpState.FIN_WAIT_2.maySend()).isFalse();
        assertThat(TcpState.FIN_WAIT_2.mayReceive()).isTrue();
        assertThat(TcpState.of(TcpState.LAST_ACK.ordinal())).isEqualTo(TcpState.LAST_ACK);
    }

    @Test
    void endpointsParseAndPrintBothVersions() {
        Endpoint v4 = Endpoint.parse("192.0.2.1:80");
        assertThat(v4.ipv6()).isFalse();
        assertThat(v4.v4()).isEqualTo(0xC0000201);
        assertThat(v4).hasToString("192.0.2.1:80");
        Endpoint v6 = Endpoint.parse("[2001:db8::1]:443");
        assertThat(v6.ipv6()).isTrue();
        assertThat(v6.hi()).isEqualTo(0x20010DB800000000L);
        assertThat(v6.lo()).isEqualTo(1L);
        assertThat(v6).hasToString("[2001:db8::1]:443");
        assertThat(Endpoint.v6("::1", 1)).hasToString("[::1]:1");
        assertThatThrownBy(() -> Endpoint.parse("2001:db8::1:80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.parse("300.1.1.1:80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FourTuple(v4, v6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentLengthCountsSynAndFin() {
        Segment s = new Segment();
        s.flags = TcpFlags.SYN | TcpFlags.FIN;
        s.payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        s.payloadLength = 3;
        assertThat(s.len()).isEqualTo(5);
        Segment copy = s.deepCopy();
        s.payload.put(0, (byte) 9);
        assertThat(copy.payloadBytes()).containsExactly(1, 2, 3);
        assertThat(TcpFlags.str(TcpFlags.SYN | TcpFlags.ACK)).isEqualTo("S.");
        assertThat(TcpFlags.names(TcpFlags.FIN | TcpFlags.ACK | TcpFlags.PSH)).isEqualTo("FIN+PSH+ACK");
    }

    @Test
    void exceptionNamesOperationStateAndRfcError() {
        TcpException e = new TcpException(TcpException.Error.CONNECTION_CLOSING, "SEND", TcpState.FIN_WAIT_1);
        assertThat(e).hasMessage("SEND in FIN_WAIT_1: error: connection closing");
        assertThat(e.state()).isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(e.operation()).isEqualTo("SEND");
    }
}
