package io.driftless.server.rbac;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * The tests' own client of the test cluster: what they read and change there (as a cluster admin or a
 * person with kubectl would) is not Driftless's doing, so it is not recorded against the chart's RBAC.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE })
public @interface ClusterAdmin {
}
