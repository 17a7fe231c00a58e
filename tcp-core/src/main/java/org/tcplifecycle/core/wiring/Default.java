package org.tcplifecycle.core.wiring;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import jakarta.inject.Qualifier;

/** A policy as {@link DefaultPoliciesModule} provides it, before any user choice is applied. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface Default {
}
