package io.driftless.worker.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code driftless.registry}: how images given by tag are pinned to a digest before they are deployed. */
@ConfigMapping(prefix = "driftless.registry")
public interface RegistryConfig {

    /**
     * {@code pinning}: {@code auto} pins on a real cluster and not on the simulated one (whose images never
     * run, and which may have no way out to a registry); {@code always}; {@code never}.
     */
    @WithDefault("auto")
    Pinning pinning();

    /** {@code insecure-hosts}: registries (host[:port]) reached over plain http, e.g. a local test registry. */
    Optional<Set<String>> insecureHosts();

    /** {@code timeout}: how long one registry call may take; longer is a passing failure, tried again. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * {@code credentials."<host>".username} / {@code .password}: basic credentials for a registry, used for
     * its token service (or basic challenge); anonymous when absent.
     */
    Map<String, Credentials> credentials();

    interface Credentials {
        String username();

        String password();
    }

    enum Pinning {
        auto,
        always,
        never
    }
}
