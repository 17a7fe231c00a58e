package org.tcplifecycle.core.wiring;

import dagger.Module;

/**
 * Everything an engine graph needs except the choices, the {@link org.tcplifecycle.api.SegmentSink} and
 * the {@link org.tcplifecycle.api.TcpEventListener}: defaults, policy selection, configuration, engine.
 * Include it with {@link ChoicesModule} (choices from your modules) or {@link InstanceChoicesModule}
 * (choices as nullable instances) in a {@code @Singleton} component.
 */
@Module(includes = {DefaultPoliciesModule.class, PoliciesModule.class, ConfigModule.class, EngineModule.class})
public final class TcpEngineModule {
    private TcpEngineModule() {
    }
}
