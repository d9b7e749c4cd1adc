package io.driftless.worker.build;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How services are built from their commits ({@code driftless.build.*}). */
@ConfigMapping(prefix = "driftless.build")
public interface BuildConfig {

    /** Where built images and their cache go, e.g. {@code ghcr.io/acme/previews}. */
    @WithDefault("registry.driftless.local/previews")
    String registry();

    /** The rootless BuildKit image, pinned by digest; its reference is part of every cache key. */
    @WithDefault("docker.io/moby/buildkit:v0.33.0-rootless@sha256:80b15f0735e87bab7bf59ec4d695dfb4a7cfb25521cf56dc75d6f256285b63ef")
    String builderImage();

    /** How long one build may run before its Job is stopped and the build failed. */
    @WithDefault("20m")
    Duration timeout();

    /**
     * How many builds run at once across all workers; a revision whose build would be one more waits,
     * BUILDING, until one ends.
     */
    @WithDefault("4")
    int concurrency();

    /** A Docker config JSON with push credentials for {@link #registry()}; only in build namespaces. */
    Optional<String> pushConfig();

    /**
     * How a cache key's image is looked for: {@code auto} (the simulated registry on the simulated cluster,
     * the registry's API anywhere else), {@code real} or {@code simulated}.
     */
    @WithDefault("auto")
    String registryCheck();

    /** A git token for private repositories; never given to a fork's build. */
    Optional<String> gitToken();
}
