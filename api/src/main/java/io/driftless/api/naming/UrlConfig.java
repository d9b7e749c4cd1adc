package io.driftless.api.naming;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How preview URLs are formed. */
@ConfigMapping(prefix = "driftless.urls")
public interface UrlConfig {

    /** {@code driftless.urls.base-domain}: hosts are {@code <label>.<base-domain>}. */
    @WithDefault("preview.localhost")
    String baseDomain();

    /** {@code driftless.urls.scheme}: http or https. */
    @WithDefault("http")
    String scheme();
}
