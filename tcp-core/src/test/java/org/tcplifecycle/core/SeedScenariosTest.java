package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tcplifecycle.api.TcpState.*;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.api.TcpState;

/** The scenarios every TCP tutorial draws, between two engines through an in-memory link. */
class SeedScenariosTest {

    private static void assertSegment(Segment s, int flags, int seq, int ack) {
        assertThat(TcpFlags.str(s.flags & ~TcpFlags.PSH)).as("%s", s).isEqualTo(TcpFlags.str(flags));
        assertThat(s.seq).as("seq of %s", s).isEqualTo(seq);
        if ((flags & TcpFlags.ACK) != 0) assertThat(s.ack).as("ack of %s", s).isEqualTo(ack);
    }

    /** Returns {client handle, server handle}. */
    private static long[] handshake(Pair p) {
        long l = p.server.listen(Pair.SERVER, 16);
        long c = p.client.connect(Pair.CLIENT, Pair.SERVER, p.now());
        p.run();
        long s = p.server.accept(l);
        return new long[] {c, s};
    }

    @Test
    void threeWayHandshakeWithTheSeedsNumbers() {
        Pair p = new Pair();
        long l = p.server.listen(Pair.SERVER, 16);
        long c = p.client.connect(Pair.CLIENT, Pair.SERVER, p.now());
        assertThat(p.client.state(c)).isEqualTo(SYN_SENT);

        Segment syn = p.toServer.peek();
        assertSegment(syn, TcpFlags.SYN, 10001, 0);
        p.deliverToServer();
        Segment synAck = p.toClient.peek();
        assertSegment(synAck, TcpFlags.SYN | TcpFlags.ACK, 20001, 10002);
        p.deliverToClient();
        assertThat(p.client.state(c)).isEqualTo(ESTABLISHED);
        Segment ack = p.toServer.peek();
        assertSegment(ack, TcpFlags.ACK, 10002, 20002);
        assertThat(p.server.accept(l)).as("nothing to accept before the final ACK").isEqualTo(TcpEngine.NO_HANDLE);
        p.deliverToServer();
        long s = p.server.accept(l);
        assertThat(p.server.state(s)).isEqualTo(ESTABLISHED);
        assertThat(p.clientStates).containsExactly(SYN_SENT, ESTABLISHED);
        assertThat(p.serverStates).containsExactly(LISTEN, SYN_RECEIVED, ESTABLISHED);
        assertThat(p.toServer).isEmpty();
        assertThat(p.toClient).isEmpty();
    }

    @Test
    void fourWayCloseActiveAndPassiveSides() {
        Pair p = new Pair();
        long[] h = handshake(p);
        p.clientStates.clear();
        p.serverStates.clear();

        p.client.close(h[0], p.now());
        assertSegment(p.toServer.peek(), TcpFlags.FIN | TcpFlags.ACK, 10002, 20002);
        p.deliverToServer(); // server: CLOSE_WAIT, ACKs the FIN
        assertThat(p.server.state(h[1])).isEqualTo(CLOSE_WAIT);
        assertSegment(p.toClient.peek(), TcpFlags.ACK, 20002, 10003);
        p.deliverToClient(); // client: FIN_WAIT_2
        assertThat(Pair.read(p.server, h[1], p.now())).as("end of stream").isNull();

        p.server.close(h[1], p.now()); // LAST_ACK
        assertSegment(p.toClient.peek(), TcpFlags.FIN | TcpFlags.ACK, 20002, 10003);
        p.deliverToClient(); // client: TIME_WAIT, ACKs
        assertSegment(p.toServer.peek(), TcpFlags.ACK, 10003, 20003);
        p.deliverToServer(); // server: CLOSED

        assertThat(p.clientStates).containsExactly(FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT);
        assertThat(p.serverStates).containsExactly(CLOSE_WAIT, LAST_ACK, CLOSED);
        assertThat(p.client.timeWaitCount()).isEqualTo(1);
        assertThat(p.server.connectionCount()).isZero();

        // TIME_WAIT lasts 2MSL (60 s with the RFC profile's 30 s MSL), not a moment less
        p.advanceMs(59_999);
        assertThat(p.client.timeWaitCount()).isEqualTo(1);
        p.advanceMs(1);
        assertThat(p.client.timeWaitCount()).isZero();
        assertThat(p.clientStates).endsWith(TIME_WAIT, CLOSED);
    }

    @Test
    void finAckInFinWait1GoesStraightToTimeWait() {
        Pair p = new Pair();
        long[] h = handshake(p);
        p.clientStates.clear();
        p.client.close(h[0], p.now());
        p.deliverToServer(); // server ACKs the FIN...
        p.toClient.clear(); // ...but that ACK is lost
        p.server.close(h[1], p.now()); // server's FIN+ACK acknowledges the client's FIN too
        Segment finAck = p.toClient.peek();
        assertSegment(finAck, TcpFlags.FIN | TcpFlags.ACK, 20002, 10003);
        p.deliverToClient();
        assertThat(p.clientStates).containsExactly(FIN_WAIT_1, TIME_WAIT);
        assertSegment(p.toServer.peek(), TcpFlags.ACK, 10003, 20003);
        p.run();
        assertThat(p.serverStates).endsWith(CLOSE_WAIT, LAST_ACK, CLOSED);
    }

    @Test
    void simultaneousOpenBothSidesPassThroughSynReceived() {
        Pair p = new Pair();
        long c = p.client.connect(Pair.CLIENT, Pair.SERVER, p.now());
        long s = p.server.connect(Pair.SERVER, Pair.CLIENT, p.now());
        // both SYNs are in flight and cross
        assertSegment(p.toServer.peek(), TcpFlags.SYN, 10001, 0);
        assertSegment(p.toClient.peek(), TcpFlags.SYN, 20001, 0);
        p.deliverToServer();
        p.deliverToClient();
        assertThat(p.client.state(c)).isEqualTo(SYN_RECEIVED);
        assertThat(p.server.state(s)).isEqualTo(SYN_RECEIVED);
        // each answers SYN,ACK with its own ISS
        assertSegment(p.toServer.peek(), TcpFlags.SYN | TcpFlags.ACK, 10001, 20002);
        assertSegment(p.toClient.peek(), TcpFlags.SYN | TcpFlags.ACK, 20001, 10002);
        p.run();
        assertThat(p.client.state(c)).isEqualTo(ESTABLISHED);
        assertThat(p.server.state(s)).isEqualTo(ESTABLISHED);
        assertThat(p.clientStates).containsExactly(SYN_SENT, SYN_RECEIVED, ESTABLISHED);
        assertThat(p.serverStates).containsExactly(SYN_SENT, SYN_RECEIVED, ESTABLISHED);
        Pair.write(p.client, c, "hello", p.now());
        p.run();
        assertThat(Pair.read(p.server, s, p.now())).isEqualTo("hello");
    }

    @Test
    void simultaneousCloseBothSidesPassThroughClosing() {
        Pair p = new Pair();
        long[] h = handshake(p);
        p.clientStates.clear();
        p.serverStates.clear();
        p.client.close(h[0], p.now());
        p.server.close(h[1], p.now());
        // the FINs cross
        assertSegment(p.toServer.peek(), TcpFlags.FIN | TcpFlags.ACK, 10002, 20002);
        assertSegment(p.toClient.peek(), TcpFlags.FIN | TcpFlags.ACK, 20002, 10002);
        p.deliverToServer();
        p.deliverToClient();
        assertThat(p.clientStates).containsExactly(FIN_WAIT_1, CLOSING);
        assertThat(p.serverStates).containsExactly(FIN_WAIT_1, CLOSING);
        p.run();
        assertThat(p.clientStates).containsExactly(FIN_WAIT_1, CLOSING, TIME_WAIT);
        assertThat(p.serverStates).containsExactly(FIN_WAIT_1, CLOSING, TIME_WAIT);
        assertThat(p.client.timeWaitCount()).isEqualTo(1);
        assertThat(p.server.timeWaitCount()).isEqualTo(1);
    }

    @Test
    void halfCloseDataKeepsFlowingToTheSideInFinWait2() {
        Pair p = new Pair();
        long[] h = handshake(p);
        p.client.shutdownOutput(h[0], p.now());
        p.run();
        assertThat(p.client.state(h[0])).isEqualTo(FIN_WAIT_2);
        assertThat(p.server.state(h[1])).isEqualTo(CLOSE_WAIT);
        assertThat(Pair.read(p.server, h[1], p.now())).isNull();
        for (int i = 0; i < 3; i++) {
            Pair.write(p.server, h[1], "part" + i + ";", p.now());
            p.run();
        }
        assertThat(Pair.read(p.client, h[0], p.now())).isEqualTo("part0;part1;part2;");
        assertThat(p.client.state(h[0])).isEqualTo(FIN_WAIT_2);
        p.server.close(h[1], p.now());
        p.run();
        assertThat(p.client.state(h[0])).isEqualTo(TIME_WAIT);
        assertThat(Pair.read(p.client, h[0], p.now())).isNull();
        p.client.close(h[0], p.now()); // release the handle; the TIME_WAIT row stays
        assertThat(p.client.timeWaitCount()).isEqualTo(1);
        assertThat(p.serverStates).endsWith(CLOSE_WAIT, LAST_ACK, CLOSED);
    }

    @Test
    void retransmittedFinInTimeWaitIsAckedAgainAndRestarts2Msl() {
        Pair p = new Pair();
        long[] h = handshake(p);
        p.client.close(h[0], p.now());
        p.run();
        p.server.close(h[1], p.now());
        Segment fin = p.toClient.peek().deepCopy();
        p.deliverToClient();
        assertThat(p.client.timeWaitCount()).isEqualTo(1);
        p.toServer.clear(); // the client's last ACK is lost
        p.advanceMs(30_000);
        // the server retransmits its FIN after its RTO; replay it explicitly at t = 30 s
        p.client.onSegment(fin, p.now());
        Segment reAck = p.toServer.poll();
        assertSegment(reAck, TcpFlags.ACK, 10003, 20003);
        // 2MSL (60 s) now counts from t = 30 s: still there at 89.999 s, gone at 90 s
        p.advanceMs(59_999);
        assertThat(p.client.timeWaitCount()).isEqualTo(1);
        p.advanceMs(1);
        assertThat(p.client.timeWaitCount()).isZero();
    }

    @Test
    void segmentForNoConnectionGetsTheRfcRstAndRstGetsNothing() {
        Rig r = new Rig();
        // with ACK: <SEQ=SEG.ACK><CTL=RST>
        r.in(r.seg(".", 5000, 777));
        r.expect("R", 777, 0);
        // without ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        r.in(r.data("P", 5000, 0, "abc"));
        r.expect("R.", 0, 5003);
        r.in(r.seg("S", 9000, 0));
        r.expect("R.", 0, 9001);
        r.in(r.seg("F", 9000, 0));
        r.expect("R.", 0, 9001);
        // a RST is never answered
        r.in(r.seg("R", 1, 0));
        r.in(r.seg("R.", 1, 2));
        r.noOutput();
        assertThat(r.engine.stats().rstOut).isEqualTo(4);
    }

    @Test
    void dataBothWaysThenCloseDeliversEverythingExactlyOnce() {
        Pair p = new Pair();
        long[] h = handshake(p);
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 200; i++) sent.append("line ").append(i).append('\n');
        String msg = sent.toString(); // > one MSS: several segments
        int n = Pair.write(p.client, h[0], msg, p.now());
        assertThat(n).isEqualTo(msg.length());
        p.client.close(h[0], p.now());
        p.run();
        assertThat(Pair.read(p.server, h[1], p.now())).isEqualTo(msg);
        assertThat(Pair.read(p.server, h[1], p.now())).isNull();
        assertThat(p.server.state(h[1])).isEqualTo(TcpState.CLOSE_WAIT);
    }
}
