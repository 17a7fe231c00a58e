package org.tcplifecycle.core.wiring;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.core.TcpEngine;

/** A component composed by a user from the published modules plus one module of their own. */
@Singleton
@Component(modules = {TcpEngineModule.class, ChoicesModule.class, Rfc793Choices.class})
interface UserComposedComponent {
    TcpEngine engine();

    @Component.Factory
    interface Factory {
        UserComposedComponent create(@BindsInstance SegmentSink sink, @BindsInstance TcpEventListener listener);
    }
}
