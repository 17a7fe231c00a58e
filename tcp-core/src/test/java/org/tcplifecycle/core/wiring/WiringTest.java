package org.tcplifecycle.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Cause;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.policy.ClosePolicy;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.api.policy.TimeWaitReusePolicy;
import org.tcplifecycle.api.policy.TimeWaitRstPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;
import org.tcplifecycle.core.linger.Wire;
import org.tcplifecycle.linger.Rfc6528Isn;

/** Engines built through the Dagger graph, with and without replaced policies, compared on the wire. */
class WiringTest {
    private static TcpConfig base(int iss) {
        return Wire.plain().isn(IsnGenerator.fixed(iss));
    }

    /** An in-window RST (not at RCV.NXT) sent to the server: returns what the server answered. */
    private static List<String> inWindowRst(Wire w) {
        w.handshake();
        w.toClient.clear();
        int mark = w.log.size();
        w.forgeToServer("R", 10102, 0, "");
        return w.logFrom(mark + 1);
    }

    @Test
    void defaultEngineHasTheDefaultPolicies() {
        List<Segment> out = new ArrayList<>();
        TcpEngine e = Engines.create(s -> out.add(s.deepCopy()), TcpEventListener.NONE);
        TcpConfig c = e.config();
        assertThat(c.close).isSameAs(ClosePolicy.RFC2525);
        assertThat(c.reset).isSameAs(ResetPolicy.RFC5961);
        assertThat(c.orphan).isSameAs(OrphanPolicy.RFC9293);
        assertThat(c.isn).as("RFC 6528, not the predictable clock").isInstanceOf(Rfc6528Isn.class);
        e.connect(Wire.CLIENT, Wire.SERVER, 0);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).syn()).isTrue();
    }

    @Test
    void eachEngineGetsItsOwnIsnKey() {
        int[] seq = new int[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            Engines.create(s -> seq[k] = s.seq, TcpEventListener.NONE).connect(Wire.CLIENT, Wire.SERVER, 0);
        }
        assertThat(seq[0]).isNotEqualTo(seq[1]);
    }

    @Test
    void rfc793ResetPolicyChosenThroughTheBuilderResetsWhereTheDefaultChallenges() {
        Wire dflt = new Wire((s, l) -> Engines.builder().sink(s).listener(l).config(base(Wire.CLIENT_ISS)).build(),
                (s, l) -> Engines.builder().sink(s).listener(l).config(base(Wire.SERVER_ISS)).build());
        assertThat(inWindowRst(dflt)).containsExactly("S>C . 20002 ack 10002 len 0");
        assertThat(dflt.serverEvents.list).doesNotContain("reset:rst");

        Wire rfc793 = new Wire((s, l) -> Engines.builder().sink(s).listener(l).config(base(Wire.CLIENT_ISS)).build(),
                (s, l) -> Engines.builder().sink(s).listener(l).config(base(Wire.SERVER_ISS))
                        .reset(ResetPolicy.RFC793).build());
        assertThat(inWindowRst(rfc793)).isEmpty();
        assertThat(rfc793.serverEvents.list).containsSubsequence("reset:rst", "ESTABLISHED->CLOSED");
    }

    @Test
    void alwaysAbortClosePolicyPassedToTheFactoryResetsOnClose() {
        ClosePolicy alwaysAbort = ctx -> ClosePolicy.ABORT;
        Wire w = new Wire(
                (s, l) -> Engines.factory().create(s, l, base(Wire.CLIENT_ISS), alwaysAbort,
                        null, null, null, null, null, null, null, null, null, null, null).engine(),
                (s, l) -> Engines.factory().create(s, l, base(Wire.SERVER_ISS),
                        null, null, null, null, null, null, null, null, null, null, null, null).engine());
        long[] h = w.handshake();
        w.client.connect(Endpoint.v4("192.0.2.2", 40001), Wire.SERVER, w.now()); // a second one, for the server
        w.run();
        int mark = w.log.size();
        w.client.close(h[0], w.now());
        assertThat(w.logFrom(mark)).containsExactly("C>S R 10002 len 0");
        assertThat(w.client.stats().rstOutByCause[Cause.ABORT]).isEqualTo(1);

        // the server kept the default: its close is graceful
        mark = w.log.size();
        long s2 = w.server.accept(h[2]);
        w.server.close(s2, w.now());
        assertThat(w.logFrom(mark)).containsExactly("S>C F. 20002 ack 10002 len 0");
    }

    @Test
    void aChoiceBeatsTheBaseWhichBeatsTheDefault() {
        ClosePolicy mine = ctx -> ClosePolicy.GRACEFUL;
        TcpConfig linux = TcpConfig.linux();
        EngineComponent c = Engines.builder().sink(s -> { }).config(linux).close(mine).component();
        assertThat(c.config()).isSameAs(linux);
        assertThat(c.config().close).isSameAs(mine);
        assertThat(c.config().orphan).as("from the base").isSameAs(OrphanPolicy.LINUX);
        assertThat(c.config().timeWait).isSameAs(TimeWaitPolicy.LINUX);
        assertThat(c.engine().config()).isSameAs(c.config());
        assertThat(c.engine()).as("one engine per component").isSameAs(c.engine());

        EngineComponent d = Engines.builder().sink(s -> { }).orphan(OrphanPolicy.LINUX)
                .timeWaitReuse(TimeWaitReusePolicy.TIMESTAMPS).component();
        assertThat(d.config().orphan).isSameAs(OrphanPolicy.LINUX);
        assertThat(d.config().timeWaitReuse).isSameAs(TimeWaitReusePolicy.TIMESTAMPS);
        assertThat(d.config().timeWaitRst).as("a default").isSameAs(TimeWaitRstPolicy.RFC1337);
        assertThat(d.config().close).isSameAs(ClosePolicy.RFC2525);
        assertThat(d.config().isn).isInstanceOf(Rfc6528Isn.class);
    }

    @Test
    void everyPolicyOfTcpConfigIsBoundInTheGraph() {
        // guards against a policy added to TcpConfig but not to the modules (it would silently keep its default)
        java.util.Set<Class<?>> bound = new java.util.HashSet<>();
        for (java.lang.reflect.Method m : PoliciesModule.class.getDeclaredMethods()) bound.add(m.getReturnType());
        for (java.lang.reflect.Field f : TcpConfig.class.getFields()) {
            Class<?> t = f.getType();
            if (t.isInterface() && t.getPackageName().equals("org.tcplifecycle.api.policy")) {
                assertThat(bound).as("policy field %s", f.getName()).contains(t);
            }
        }
        assertThat(bound).hasSize(12);
    }

    @Test
    void synCookiePolicyChosenThroughTheBuilderReachesTheEngine() {
        TcpEngine e = Engines.builder().sink(s -> { }).listener(TcpEventListener.NONE)
                .synCookies(org.tcplifecycle.api.policy.SynCookiePolicy.ALWAYS).build();
        assertThat(e.config().synCookies).isSameAs(org.tcplifecycle.api.policy.SynCookiePolicy.ALWAYS);
        assertThat(Engines.create(s -> { }, TcpEventListener.NONE).config().synCookies)
                .isSameAs(org.tcplifecycle.api.policy.SynCookiePolicy.OFF);
    }

    @Test
    void builderNeedsASink() {
        assertThatThrownBy(() -> Engines.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void userComposedComponentReplacesOnlyWhatItsModuleProvides() {
        TcpEngine probe = DaggerUserComposedComponent.factory().create(s -> { }, TcpEventListener.NONE).engine();
        assertThat(probe.config().reset).isSameAs(ResetPolicy.RFC793);
        assertThat(probe.config().close).isSameAs(ClosePolicy.RFC2525);
        assertThat(probe.config().timestamps).as("from the chosen base").isFalse();

        Wire w = new Wire((s, l) -> new TcpEngine(base(Wire.CLIENT_ISS), s, l),
                (s, l) -> DaggerUserComposedComponent.factory().create(s, l).engine());
        assertThat(inWindowRst(w)).isEmpty();
        assertThat(w.serverEvents.list).contains("reset:rst");
        assertThat(w.server.connectionCount()).isZero();
    }
}
