package io.driftless.api.edge;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code driftless.edge.*}: who may open preview URLs, checked for the ingress controller. */
@ConfigMapping(prefix = "driftless.edge")
public interface EdgeConfig {

    /**
     * {@code key} (env {@code DRIFTLESS_EDGE_KEY}): the HMAC-SHA256 key, in base64, that signs sign-in tokens
     * and preview hosts' cookies; the same in every api process. Unset: one is made once in
     * {@code <data-dir>/edge.key}, as the session key is.
     */
    Optional<String> key();

    /**
     * {@code cache-ttl}: how long a decision of {@code GET /edge/check} is reused for the same credential and
     * host. A revoked share link, a removed user or a changed access policy takes effect within this time.
     */
    @WithDefault("5s")
    Duration cacheTtl();

    /** {@code cache-size}: how many decisions are kept at most. */
    @WithDefault("100000")
    long cacheSize();

    /** {@code sign-in-token-lifetime}: how long a token carrying a sign-in to a preview host stays usable. */
    @WithDefault("60s")
    Duration signInTokenLifetime();

    /** {@code login-cookie-lifetime}: how long a preview host's cookie from a sign-in lasts. */
    @WithDefault("8h")
    Duration loginCookieLifetime();

    /** {@code share-link-default-lifetime}: a share link's lifetime when none is asked for. */
    @WithDefault("7d")
    Duration shareLinkDefaultLifetime();

    /** {@code share-link-max-lifetime}: the longest lifetime a share link may be given. */
    @WithDefault("30d")
    Duration shareLinkMaxLifetime();

    /**
     * {@code activity-flush}: the activity clock (the last request to a preview, which sleepAfter and idleExpiry
     * count from) is written at most once per this interval per preview host and api process, so a busy
     * preview costs no database write per request; the clock is therefore exact to within this interval.
     */
    @WithDefault("60s")
    Duration activityFlush();
}
