package org.tcplifecycle.linger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tcplifecycle.api.policy.ClosePolicy.ABORT;
import static org.tcplifecycle.api.policy.ClosePolicy.GRACEFUL;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.api.policy.CloseContext;
import org.tcplifecycle.api.policy.ClosePolicy;

class ClosePoliciesTest {
    /** A close context with settable fields. */
    static final class Ctx implements CloseContext {
        boolean lingerOn;
        long lingerNanos;
        int unread;
        int localPort = 80;
        int remotePort = 40000;
        long idle;

        public long handle() {
            return 1;
        }

        public TcpState state() {
            return TcpState.ESTABLISHED;
        }

        public boolean lingerOn() {
            return lingerOn;
        }

        public long lingerNanos() {
            return lingerNanos;
        }

        public int unreadBytes() {
            return unread;
        }

        public int unackedBytes() {
            return 0;
        }

        public int localPort() {
            return localPort;
        }

        public int remotePort() {
            return remotePort;
        }

        public long idleNanos() {
            return idle;
        }
    }

    @Test
    void idleAbortCutsOffOnlyPastTheLimit() {
        ClosePolicy p = LingerPolicies.idleAbort(5, TimeUnit.SECONDS);
        Ctx c = new Ctx();
        c.idle = TimeUnit.SECONDS.toNanos(5);
        assertThat(p.onClose(c)).as("exactly at the limit").isEqualTo(GRACEFUL);
        c.idle++;
        assertThat(p.onClose(c)).isEqualTo(ABORT);
    }

    @Test
    void idleAbortDefersToItsFallbackWhenNotIdle() {
        Ctx c = new Ctx();
        c.lingerOn = true;
        c.lingerNanos = 7_000;
        assertThat(new IdleAbortClosePolicy(1_000_000).onClose(c)).as("RFC2525 honours SO_LINGER").isEqualTo(7_000);
        c.unread = 1;
        assertThat(new IdleAbortClosePolicy(1_000_000).onClose(c)).as("RFC2525: unread data aborts").isEqualTo(ABORT);
        assertThat(new IdleAbortClosePolicy(1_000_000, ctx -> 99).onClose(c)).isEqualTo(99);
        assertThatThrownBy(() -> new IdleAbortClosePolicy(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perRemotePortPicksTheTimeoutOfTheRemotePort() {
        ClosePolicy p = LingerPolicies.perRemotePort(Map.of(443, 2_000_000_000L, 25, 0L, 8080, 5L));
        Ctx c = new Ctx();
        c.remotePort = 443;
        assertThat(p.onClose(c)).isEqualTo(2_000_000_000L);
        c.remotePort = 25;
        assertThat(p.onClose(c)).isEqualTo(ABORT);
        c.remotePort = 8080;
        assertThat(p.onClose(c)).isEqualTo(5L);
        c.remotePort = 444;
        assertThat(p.onClose(c)).as("not in the table: RFC2525 fallback, linger off").isEqualTo(GRACEFUL);
        c.localPort = 443;
        assertThat(p.onClose(c)).as("the local port does not select").isEqualTo(GRACEFUL);
    }

    @Test
    void perLocalPortPicksTheTimeoutOfTheLocalPort() {
        PerPortLingerPolicy p = new PerPortLingerPolicy(PerPortLingerPolicy.Side.LOCAL, Map.of(80, 3L), ctx -> 77);
        Ctx c = new Ctx();
        assertThat(p.onClose(c)).isEqualTo(3L);
        c.localPort = 81;
        assertThat(p.onClose(c)).isEqualTo(77);
        assertThat(p.lingerFor(80)).isEqualTo(3L);
        assertThat(p.lingerFor(81)).isEqualTo(-1);
    }

    @Test
    void perPortStillAbortsOnUnreadData() {
        ClosePolicy p = LingerPolicies.perLocalPort(Map.of(80, 1_000L));
        Ctx c = new Ctx();
        c.unread = 10;
        assertThat(p.onClose(c)).isEqualTo(ABORT);
    }

    @Test
    void perPortRejectsBadEntries() {
        assertThatThrownBy(() -> LingerPolicies.perLocalPort(Map.of(70000, 1L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LingerPolicies.perLocalPort(Map.of(80, -1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namedDefaultsAreTheApiConstants() {
        assertThat(LingerPolicies.rfc2525()).isSameAs(ClosePolicy.RFC2525);
        assertThat(LingerPolicies.socketOptions()).isSameAs(ClosePolicy.SOCKET_OPTIONS);
    }
}
