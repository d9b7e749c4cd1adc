package io.driftless.api.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * {@code driftless.roles}: which parts this process plays. One image, many shapes: api and web
 * replicas behind a Service, worker replicas next to them, or all three in one process.
 */
@ConfigMapping(prefix = "driftless.roles")
public interface RolesConfig {

    enum Role {
        api,
        web,
        worker
    }

    @WithParentName
    @WithDefault("api,web,worker")
    Set<Role> enabled();

    default boolean has(Role role) {
        return enabled().contains(role);
    }
}
