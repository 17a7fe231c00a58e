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
 * Turns nullable {@link Chosen} instances (as {@link EngineComponent.Factory} binds them: null means "no
 * choice") into the optional choices {@link PoliciesModule} reads.
 */
@Module
public final class InstanceChoicesModule {
    private InstanceChoicesModule() {
    }

    @Provides
    @Chosen
    static Optional<TcpConfig> base(@Nullable @Chosen TcpConfig v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<ClosePolicy> close(@Nullable @Chosen ClosePolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<ResetPolicy> reset(@Nullable @Chosen ResetPolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<OrphanPolicy> orphan(@Nullable @Chosen OrphanPolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<IsnGenerator> isn(@Nullable @Chosen IsnGenerator v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<TimeWaitPolicy> timeWait(@Nullable @Chosen TimeWaitPolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<TimeWaitCapPolicy> timeWaitCap(@Nullable @Chosen TimeWaitCapPolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<TimeWaitSynPolicy> timeWaitSyn(@Nullable @Chosen TimeWaitSynPolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<TimeWaitRstPolicy> timeWaitRst(@Nullable @Chosen TimeWaitRstPolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<TimeWaitReusePolicy> timeWaitReuse(@Nullable @Chosen TimeWaitReusePolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<SynCookiePolicy> synCookies(@Nullable @Chosen SynCookiePolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<RetransmissionPolicy> retransmission(@Nullable @Chosen RetransmissionPolicy v) {
        return Optional.ofNullable(v);
    }

    @Provides
    @Chosen
    static Optional<KeepalivePolicy> keepalive(@Nullable @Chosen KeepalivePolicy v) {
        return Optional.ofNullable(v);
    }
}
