package org.tcplifecycle.core.wiring;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.api.TcpEventListener;
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
import org.tcplifecycle.core.TcpEngine;

/**
 * The composition root of one engine shard. Obtain it with {@link Engines#factory()} (the generated
 * {@code DaggerEngineComponent.factory()}); every policy parameter may be null, meaning "the default"
 * (or the base configuration's policy when a base is given). The graph is generated at compile time:
 * no reflection when it runs.
 */
@Singleton
@Component(modules = {TcpEngineModule.class, InstanceChoicesModule.class})
public interface EngineComponent {
    TcpEngine engine();

    /** The configuration the engine was built with (policies in effect). */
    TcpConfig config();

    @Component.Factory
    interface Factory {
        /**
         * @param sink     where the engine's segments go
         * @param listener the application's events
         * @param base     sizes and options (and policies not chosen below); null for {@link TcpConfig#rfc()}
         *                 with {@link DefaultPoliciesModule}'s policies
         */
        EngineComponent create(@BindsInstance SegmentSink sink, @BindsInstance TcpEventListener listener,
                @BindsInstance @Nullable @Chosen TcpConfig base,
                @BindsInstance @Nullable @Chosen ClosePolicy close,
                @BindsInstance @Nullable @Chosen ResetPolicy reset,
                @BindsInstance @Nullable @Chosen OrphanPolicy orphan,
                @BindsInstance @Nullable @Chosen IsnGenerator isn,
                @BindsInstance @Nullable @Chosen TimeWaitPolicy timeWait,
                @BindsInstance @Nullable @Chosen TimeWaitCapPolicy timeWaitCap,
                @BindsInstance @Nullable @Chosen TimeWaitSynPolicy timeWaitSyn,
                @BindsInstance @Nullable @Chosen TimeWaitRstPolicy timeWaitRst,
                @BindsInstance @Nullable @Chosen TimeWaitReusePolicy timeWaitReuse,
                @BindsInstance @Nullable @Chosen RetransmissionPolicy retransmission,
                @BindsInstance @Nullable @Chosen KeepalivePolicy keepalive,
                @BindsInstance @Nullable @Chosen SynCookiePolicy synCookies);
    }
}
