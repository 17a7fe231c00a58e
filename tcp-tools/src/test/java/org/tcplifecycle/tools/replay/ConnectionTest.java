package org.tcplifecycle.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;

class ConnectionTest {
    static final Endpoint A = Endpoint.v4("10.0.0.1", 5000);
    static final Endpoint B = Endpoint.v4("10.0.0.2", 80);
    static final Endpoint C = Endpoint.v4("10.0.0.3", 6000);

    private final List<Packet> packets = new ArrayList<>();

    private ConnectionTest add(Endpoint from, Endpoint to, int flags, int seq, int ack) {
        Segment s = new Segment();
        s.srcLo = from.lo();
        s.srcPort = from.port();
        s.dstLo = to.lo();
        s.dstPort = to.port();
        s.flags = flags;
        s.seq = seq;
        s.ack = ack;
        packets.add(new Packet(packets.size() + 1, packets.size() * 1000L, s));
        return this;
    }

    private static final int SYN = TcpFlags.SYN, ACK = TcpFlags.ACK, FIN = TcpFlags.FIN | TcpFlags.ACK,
            SYNACK = TcpFlags.SYN | TcpFlags.ACK, RST = TcpFlags.RST | TcpFlags.ACK;

    @Test
    void retransmittedSynAndInterleavedTuples() {
        add(A, B, SYN, 100, 0).add(C, B, SYN, 700, 0).add(A, B, SYN, 100, 0).add(B, A, SYNACK, 300, 101)
                .add(B, C, SYNACK, 900, 701).add(A, B, ACK, 101, 301);
        List<Connection> cs = Connection.split(packets);
        assertThat(cs).hasSize(2);
        assertThat(cs.get(0).client()).isEqualTo(A);
        assertThat(cs.get(0).server()).isEqualTo(B);
        assertThat(cs.get(0).packets()).extracting(Packet::number).containsExactly(1L, 3L, 4L, 6L);
        assertThat(cs.get(1).client()).isEqualTo(C);
        assertThat(cs.get(1).packets()).extracting(Packet::number).containsExactly(2L, 5L);
        assertThat(cs.get(0).iss(B)).isEqualTo(300);
        assertThat(cs.get(0).describe(packets.get(5))).isEqualTo("ACK seq=1 ack=1 len=0");
    }

    @Test
    void simultaneousOpenIsOneConnection() {
        add(A, B, SYN, 100, 0).add(B, A, SYN, 300, 0).add(A, B, SYNACK, 100, 301).add(B, A, SYNACK, 300, 101);
        List<Connection> cs = Connection.split(packets);
        assertThat(cs).hasSize(1);
        assertThat(cs.get(0).client()).isEqualTo(A);
        assertThat(cs.get(0).hasSyn()).isTrue();
    }

    @Test
    void newSynAfterTheEndOrWithANewIsnStartsANewConnection() {
        add(A, B, SYN, 100, 0).add(B, A, SYNACK, 300, 101).add(A, B, ACK, 101, 301)
                .add(A, B, FIN, 101, 301).add(B, A, FIN, 301, 102).add(A, B, ACK, 102, 302)
                .add(A, B, SYN, 5000, 0).add(B, A, RST, 0, 5001)
                .add(A, B, SYN, 9000, 0);
        List<Connection> cs = Connection.split(packets);
        assertThat(cs).hasSize(3);
        assertThat(cs).extracting(c -> c.packets().size()).containsExactly(6, 2, 1);
        assertThat(cs).extracting(Connection::index).containsExactly(1, 2, 3);
        assertThat(cs).allMatch(c -> c.key().equals(cs.get(0).key()));
    }

    @Test
    void captureStartingMidConnection() {
        add(B, A, ACK, 301, 102).add(A, B, ACK, 102, 302);
        List<Connection> cs = Connection.split(packets);
        assertThat(cs).hasSize(1);
        assertThat(cs.get(0).hasSyn()).isFalse();
        assertThat(cs.get(0).client()).isEqualTo(B); // the first sender, for want of a SYN
        assertThat(cs.get(0).describe(packets.get(0))).isEqualTo("ACK seq=301 ack=102 len=0");
    }
}
