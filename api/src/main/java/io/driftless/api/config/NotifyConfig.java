package io.driftless.api.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code driftless.notify}: generic outbound webhooks for bots that prefer push to polling. Each
 * revision change is POSTed as JSON to {@code webhook-url}, signed like GitHub's webhooks.
 */
@ConfigMapping(prefix = "driftless.notify")
public interface NotifyConfig {

    /** {@code driftless.notify.webhook-url}: where revision changes are POSTed; none when unset. */
    Optional<URI> webhookUrl();

    /**
     * {@code driftless.notify.webhook-secret} (env DRIFTLESS_NOTIFY_WEBHOOK_SECRET): the HMAC-SHA256 key
     * of the {@code X-Driftless-Signature-256} header; deliveries are unsigned when unset.
     */
    Optional<String> webhookSecret();

    /** {@code driftless.notify.webhook-timeout}: how long one delivery may take before it is tried again. */
    @WithDefault("10s")
    Duration webhookTimeout();
}
