package org.tcplifecycle.core.wiring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a binding that may be null. Dagger recognises any annotation with this simple name, so a
 * {@code @BindsInstance @Nullable} factory parameter may be passed null ("keep the default").
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD})
public @interface Nullable {
}
