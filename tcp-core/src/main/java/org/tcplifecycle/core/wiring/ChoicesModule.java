package org.tcplifecycle.core.wiring;

import dagger.BindsOptionalOf;
import dagger.Module;
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
 * For components you compose yourself: declares every {@link Chosen} policy (and the base
 * {@link TcpConfig}) as optional, so your own module replaces exactly the policies it provides, e.g.
 * {@code @Provides @Chosen static ResetPolicy reset() { return ResetPolicy.RFC793; }}, and the rest keep
 * their defaults. Not for {@link EngineComponent}, which binds choices as nullable instances instead
 * ({@link InstanceChoicesModule}).
 */
@Module
public abstract class ChoicesModule {
    private ChoicesModule() {
    }

    @BindsOptionalOf
    @Chosen
    abstract TcpConfig base();

    @BindsOptionalOf
    @Chosen
    abstract ClosePolicy close();

    @BindsOptionalOf
    @Chosen
    abstract ResetPolicy reset();

    @BindsOptionalOf
    @Chosen
    abstract OrphanPolicy orphan();

    @BindsOptionalOf
    @Chosen
    abstract IsnGenerator isn();

    @BindsOptionalOf
    @Chosen
    abstract TimeWaitPolicy timeWait();

    @BindsOptionalOf
    @Chosen
    abstract TimeWaitCapPolicy timeWaitCap();

    @BindsOptionalOf
    @Chosen
    abstract TimeWaitSynPolicy timeWaitSyn();

    @BindsOptionalOf
    @Chosen
    abstract TimeWaitRstPolicy timeWaitRst();

    @BindsOptionalOf
    @Chosen
    abstract TimeWaitReusePolicy timeWaitReuse();

    @BindsOptionalOf
    @Chosen
    abstract SynCookiePolicy synCookies();

    @BindsOptionalOf
    @Chosen
    abstract RetransmissionPolicy retransmission();

    @BindsOptionalOf
    @Chosen
    abstract KeepalivePolicy keepalive();
}
