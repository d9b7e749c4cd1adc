package io.driftless.worker.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code driftless.lifecycle}: how often policy's periodic passes run. */
@ConfigMapping(prefix = "driftless.lifecycle")
public interface LifecycleConfig {

    /** {@code interval}: how often the reaper warns of and tears down what has expired. */
    @WithDefault("30s")
    Duration interval();

    /**
     * {@code pull-request-check-interval}: how often GitHub is asked for the state of each pull request
     * that still has an environment (catching closes whose webhook was missed).
     */
    @WithDefault("10m")
    Duration pullRequestCheckInterval();
}
