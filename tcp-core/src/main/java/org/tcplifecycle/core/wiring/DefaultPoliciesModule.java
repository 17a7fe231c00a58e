package org.tcplifecycle.core.wiring;

import dagger.Module;
import dagger.Provides;
import org.tcplifecycle.api.policy.ClosePolicy;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.api.policy.KeepalivePolicy;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;
import org.tcplifecycle.api.policy.TimeWaitCapPolicy;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.api.policy.SynCookiePolicy;
import org.tcplifecycle.api.policy.TimeWaitReusePolicy;
import org.tcplifecycle.api.policy.TimeWaitRstPolicy;
import org.tcplifecycle.api.policy.TimeWaitSynPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.linger.Rfc6528Isn;

/**
 * The policies an engine gets when nobody chooses otherwise: those of {@link TcpConfig#rfc()} (read from
 * it, so the two cannot drift apart), with a fresh RFC 6528 ISN key for every component. Every binding is {@link Default}-qualified, so a graph can hold both the default
 * and the chosen policy; {@link PoliciesModule} picks between them.
 */
@Module
public final class DefaultPoliciesModule {
    /** The RFC profile the defaults are read from (its own ISN generator is not used). */
    private static final TcpConfig RFC = TcpConfig.rfc();

    private DefaultPoliciesModule() {
    }

    @Provides
    @Default
    static ClosePolicy close() {
        return RFC.close;
    }

    @Provides
    @Default
    static ResetPolicy reset() {
        return RFC.reset;
    }

    @Provides
    @Default
    static OrphanPolicy orphan() {
        return RFC.orphan;
    }

    @Provides
    @Default
    static IsnGenerator isn() {
        return new Rfc6528Isn();
    }

    @Provides
    @Default
    static TimeWaitPolicy timeWait() {
        return RFC.timeWait;
    }

    @Provides
    @Default
    static TimeWaitCapPolicy timeWaitCap() {
        return RFC.timeWaitCap;
    }

    @Provides
    @Default
    static TimeWaitSynPolicy timeWaitSyn() {
        return RFC.timeWaitSyn;
    }

    @Provides
    @Default
    static TimeWaitRstPolicy timeWaitRst() {
        return RFC.timeWaitRst;
    }

    @Provides
    @Default
    static TimeWaitReusePolicy timeWaitReuse() {
        return RFC.timeWaitReuse;
    }

    @Provides
    @Default
    static SynCookiePolicy synCookies() {
        return RFC.synCookies;
    }

    @Provides
    @Default
    static RetransmissionPolicy retransmission() {
        return RFC.retransmission;
    }

    @Provides
    @Default
    static KeepalivePolicy keepalive() {
        return RFC.keepalive;
    }
}
