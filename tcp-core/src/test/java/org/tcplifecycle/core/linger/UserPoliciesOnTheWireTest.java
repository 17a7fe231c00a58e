package org.tcplifecycle.core.linger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.linger.IdleAbortClosePolicy;
import org.tcplifecycle.linger.LingerPolicies;
import org.tcplifecycle.linger.Rfc6528Isn;

/** The tcp-linger policies plugged into engines, judged by what they put on the wire. */
class UserPoliciesOnTheWireTest {
    private static final long MS = 1_000_000L;

    @Test
    void idleAbortResetsAnIdleConnectionAndClosesABusyOneGracefully() {
        Wire w = new Wire(Wire.plain().close(new IdleAbortClosePolicy(TimeUnit.SECONDS.toNanos(5))), Wire.plain());
        long[] h = w.handshake();
        w.nowMs += 6_000; // six seconds without a segment from the server
        int mark = w.log.size();
        w.client.close(h[0], w.now());
        assertThat(w.logFrom(mark)).containsExactly("C>S R 10002 len 0");
        assertThat(w.client.stats().rstOutByCause[Cause.ABORT]).isEqualTo(1);

        Wire busy = new Wire(Wire.plain().close(new IdleAbortClosePolicy(TimeUnit.SECONDS.toNanos(5))), Wire.plain());
        long[] g = busy.handshake();
        busy.nowMs += 4_000;
        Wire.write(busy.server, g[1], "ping", busy.now()); // the server speaks: the client is not idle
        busy.run();
        busy.nowMs += 4_000;
        Wire.read(busy.client, g[0], busy.now());
        mark = busy.log.size();
        busy.client.close(g[0], busy.now());
        assertThat(busy.logFrom(mark)).containsExactly("C>S F. 10002 ack 20006 len 0");
    }

    @Test
    void perPortLingerAbortsOnePortAndLingersOnAnother() {
        // keyed by the remote port as the client sees it: the server's 80
        Wire abortive = new Wire(Wire.plain().close(LingerPolicies.perRemotePort(Map.of(80, 0L))), Wire.plain());
        long[] h = abortive.handshake();
        int mark = abortive.log.size();
        abortive.client.close(h[0], abortive.now());
        assertThat(abortive.logFrom(mark)).containsExactly("C>S R 10002 len 0");

        Wire lingering = new Wire(Wire.plain().close(LingerPolicies.perRemotePort(Map.of(80, 3_000 * MS))), Wire.plain());
        long[] g = lingering.handshake();
        Wire.write(lingering.client, g[0], "bye", lingering.now());
        lingering.client.close(g[0], lingering.now());
        assertThat(lingering.client.state(g[0])).as("held: the policy chose to linger").isEqualTo(TcpState.FIN_WAIT_1);
        lingering.run();
        assertThat(lingering.clientEvents.list).contains("linger:true");

        Wire other = new Wire(Wire.plain().close(LingerPolicies.perRemotePort(Map.of(443, 0L))), Wire.plain());
        long[] o = other.handshake();
        mark = other.log.size();
        other.client.close(o[0], other.now());
        assertThat(other.logFrom(mark)).as("port not in the table: graceful").containsExactly("C>S F. 10002 ack 20002 len 0");
    }

    @Test
    void perPortLingerTimesOutWithRstWhenThePeerIsSilent() {
        Wire w = new Wire(Wire.plain().close(LingerPolicies.perLocalPort(Map.of(40000, 500 * MS))), Wire.plain());
        long[] h = w.handshake();
        w.client.close(h[0], w.now());
        w.dropAll();
        w.advanceMs(500);
        assertThat(w.log).endsWith("C>S R 10003 len 0");
        assertThat(w.clientEvents.list).contains("linger:false");
        assertThat(w.client.stats().rstOutByCause[Cause.LINGER_TIMEOUT]).isEqualTo(1);
    }

    @Test
    void rfc6528IsnIsWhatTheSynCarries() {
        Rfc6528Isn gen = new Rfc6528Isn(42, 43);
        Wire w = new Wire(Wire.plain().isn(gen), Wire.plain());
        w.nowMs = 1234;
        w.server.listen(Wire.SERVER, 4);
        w.client.connect(Wire.CLIENT, Wire.SERVER, w.now());
        int expected = gen.isn(false, 0, Wire.CLIENT.lo(), 40000, 0, Wire.SERVER.lo(), 80, w.now());
        assertThat(w.toServer.peek().seq).isEqualTo(expected);
        assertThat(expected - gen.f(false, 0, Wire.CLIENT.lo(), 40000, 0, Wire.SERVER.lo(), 80))
                .as("M: 1234 ms in 4 us ticks").isEqualTo(1234 * 250);
        w.run();
        assertThat(w.clientEvents.list).contains("SYN_SENT->ESTABLISHED");
    }
}
