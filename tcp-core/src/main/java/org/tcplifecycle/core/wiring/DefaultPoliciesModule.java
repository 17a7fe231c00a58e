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
 * The policies an engine gets when nobody chooses otherwise: the RFC profile of {@link TcpConfig#rfc()},
 * except the ISN, which is RFC 6528 with a fresh random key (the profile's clock ISN is predictable and
 * only fit for tests). Every binding is {@link Default}-qualified, so a graph can hold both the default
 * and the chosen policy; {@link PoliciesModule} picks between them.
 */
@Module
public final class DefaultPoliciesModule {
    private DefaultPoliciesModule() {
    }

    @Provides
    @Default
    static ClosePolicy close() {
        return ClosePolicy.RFC2525;
    }

    @Provides
    @Default
    static ResetPolicy reset() {
        return ResetPolicy.RFC5961;
    }

    @Provides
    @Default
    static OrphanPolicy orphan() {
        return OrphanPolicy.RFC9293;
    }

    @Provides
    @Default
    static IsnGenerator isn() {
        return new Rfc6528Isn();
    }

    @Provides
    @Default
    static TimeWaitPolicy timeWait() {
        return TcpConfig.rfc().timeWait;
    }

    @Provides
    @Default
    static TimeWaitCapPolicy timeWaitCap() {
        return TimeWaitCapPolicy.UNLIMITED;
    }

    @Provides
    @Default
    static TimeWaitSynPolicy timeWaitSyn() {
        return TimeWaitSynPolicy.RFC6191;
    }

    @Provides
    @Default
    static TimeWaitRstPolicy timeWaitRst() {
        return TimeWaitRstPolicy.RFC1337;
    }

    @Provides
    @Default
    static TimeWaitReusePolicy timeWaitReuse() {
        return TimeWaitReusePolicy.NEVER;
    }

    @Provides
    @Default
    static SynCookiePolicy synCookies() {
        return SynCookiePolicy.OFF;
    }

    @Provides
    @Default
    static RetransmissionPolicy retransmission() {
        return RetransmissionPolicy.RFC6298;
    }

    @Provides
    @Default
    static KeepalivePolicy keepalive() {
        return KeepalivePolicy.OFF;
    }
}
