package org.tcplifecycle.core.wiring;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import jakarta.inject.Qualifier;

/**
 * A policy (or base {@link org.tcplifecycle.core.TcpConfig}) the user picked to replace the default.
 * Bound as a nullable instance by {@link EngineComponent.Factory}, or provided by a user module in a
 * component that includes {@link ChoicesModule}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface Chosen {
}
