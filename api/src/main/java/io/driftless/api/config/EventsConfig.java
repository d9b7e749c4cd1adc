package io.driftless.api.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code driftless.events}: the server-sent event stream of revision changes. */
@ConfigMapping(prefix = "driftless.events")
public interface EventsConfig {

    /**
     * {@code driftless.events.heartbeat}: how often an idle stream gets a comment line, so that proxies
     * and load balancers do not close it.
     */
    @WithDefault("15s")
    Duration heartbeat();
}
