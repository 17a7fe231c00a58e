package org.tcplifecycle.core.wiring;

import java.util.Optional;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
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
 * The engine's {@link TcpConfig}: the chosen base (sizes, options) or {@link TcpConfig#rfc()}, with every
 * policy set to the one in effect. A chosen base object becomes the engine's configuration itself (it
 * is not copied), so do not share one base between engines.
 */
@Module
public final class ConfigModule {
    private ConfigModule() {
    }

    @Provides
    @Singleton
    static TcpConfig config(@Chosen Optional<TcpConfig> base,
            ClosePolicy close,
            ResetPolicy reset,
            OrphanPolicy orphan,
            IsnGenerator isn,
            TimeWaitPolicy timeWait,
            TimeWaitCapPolicy timeWaitCap,
            TimeWaitSynPolicy timeWaitSyn,
            TimeWaitRstPolicy timeWaitRst,
            TimeWaitReusePolicy timeWaitReuse,
            RetransmissionPolicy retransmission,
            KeepalivePolicy keepalive,
            SynCookiePolicy synCookies) {
        TcpConfig c = base.isPresent() ? base.get() : TcpConfig.rfc();
        c.close(close);
        c.reset(reset);
        c.orphan(orphan);
        c.isn(isn);
        c.timeWait(timeWait);
        c.timeWaitCap(timeWaitCap);
        c.timeWaitSyn(timeWaitSyn);
        c.timeWaitRst(timeWaitRst);
        c.timeWaitReuse(timeWaitReuse);
        c.retransmission(retransmission);
        c.keepalive(keepalive);
        c.synCookies(synCookies);
        return c;
    }
}
