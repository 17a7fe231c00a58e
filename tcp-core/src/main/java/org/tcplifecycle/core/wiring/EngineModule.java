package org.tcplifecycle.core.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

/** The engine itself, from the configuration, the sink its segments go to and the listener of its events. */
@Module
public final class EngineModule {
    private EngineModule() {
    }

    @Provides
    @Singleton
    static TcpEngine engine(TcpConfig config, SegmentSink sink, TcpEventListener listener) {
        return new TcpEngine(config, sink, listener);
    }
}
