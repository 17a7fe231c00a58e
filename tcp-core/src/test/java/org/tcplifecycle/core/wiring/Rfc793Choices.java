package org.tcplifecycle.core.wiring;

import dagger.Module;
import dagger.Provides;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.linger.Wire;

/** A user's module: replaces the reset policy and the ISN, gives a base configuration, nothing else. */
@Module
final class Rfc793Choices {
    private Rfc793Choices() {
    }

    @Provides
    @Chosen
    static ResetPolicy reset() {
        return ResetPolicy.RFC793;
    }

    @Provides
    @Chosen
    static IsnGenerator isn() {
        return IsnGenerator.fixed(Wire.SERVER_ISS);
    }

    @Provides
    @Chosen
    static TcpConfig base() {
        return Wire.plain();
    }
}
