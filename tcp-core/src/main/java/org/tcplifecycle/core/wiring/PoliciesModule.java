package org.tcplifecycle.core.wiring;

import java.util.Optional;

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

/**
 * The policies in effect, unqualified: for each, the {@link Chosen} one if there is one, else the one
 * in the chosen base {@link TcpConfig} if a base was given, else the {@link Default} one.
 */
@Module
public final class PoliciesModule {
    private PoliciesModule() {
    }

    @Provides
    static ClosePolicy close(@Chosen Optional<ClosePolicy> chosen, @Chosen Optional<TcpConfig> base, @Default ClosePolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().close : fallback;
    }

    @Provides
    static ResetPolicy reset(@Chosen Optional<ResetPolicy> chosen, @Chosen Optional<TcpConfig> base, @Default ResetPolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().reset : fallback;
    }

    @Provides
    static OrphanPolicy orphan(@Chosen Optional<OrphanPolicy> chosen, @Chosen Optional<TcpConfig> base, @Default OrphanPolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().orphan : fallback;
    }

    @Provides
    static IsnGenerator isn(@Chosen Optional<IsnGenerator> chosen, @Chosen Optional<TcpConfig> base, @Default IsnGenerator fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().isn : fallback;
    }

    @Provides
    static TimeWaitPolicy timeWait(@Chosen Optional<TimeWaitPolicy> chosen, @Chosen Optional<TcpConfig> base, @Default TimeWaitPolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().timeWait : fallback;
    }

    @Provides
    static TimeWaitCapPolicy timeWaitCap(@Chosen Optional<TimeWaitCapPolicy> chosen, @Chosen Optional<TcpConfig> base, @Default TimeWaitCapPolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().timeWaitCap : fallback;
    }

    @Provides
    static TimeWaitSynPolicy timeWaitSyn(@Chosen Optional<TimeWaitSynPolicy> chosen, @Chosen Optional<TcpConfig> base, @Default TimeWaitSynPolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().timeWaitSyn : fallback;
    }

    @Provides
    static TimeWaitRstPolicy timeWaitRst(@Chosen Optional<TimeWaitRstPolicy> chosen, @Chosen Optional<TcpConfig> base, @Default TimeWaitRstPolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().timeWaitRst : fallback;
    }

    @Provides
    static TimeWaitReusePolicy timeWaitReuse(@Chosen Optional<TimeWaitReusePolicy> chosen, @Chosen Optional<TcpConfig> base,
            @Default TimeWaitReusePolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().timeWaitReuse : fallback;
    }

    @Provides
    static SynCookiePolicy synCookies(@Chosen Optional<SynCookiePolicy> chosen, @Chosen Optional<TcpConfig> base,
            @Default SynCookiePolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().synCookies : fallback;
    }

    @Provides
    static RetransmissionPolicy retransmission(@Chosen Optional<RetransmissionPolicy> chosen, @Chosen Optional<TcpConfig> base, @Default RetransmissionPolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().retransmission : fallback;
    }

    @Provides
    static KeepalivePolicy keepalive(@Chosen Optional<KeepalivePolicy> chosen, @Chosen Optional<TcpConfig> base, @Default KeepalivePolicy fallback) {
        return chosen.isPresent() ? chosen.get() : base.isPresent() ? base.get().keepalive : fallback;
    }
}
