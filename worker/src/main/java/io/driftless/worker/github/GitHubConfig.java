package io.driftless.worker.github;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code driftless.github}: how Driftless reaches GitHub to post deployment statuses and pull-request
 * comments. With neither a token nor a complete GitHub App configured, nothing is posted.
 */
@ConfigMapping(prefix = "driftless.github")
public interface GitHubConfig {

    /** {@code api-url}: the REST API root; GitHub Enterprise Server's is {@code https://<host>/api/v3}. */
    @WithDefault("https://api.github.com")
    String apiUrl();

    /** {@code token}: a personal access token or other bearer token (env DRIFTLESS_GITHUB_TOKEN). */
    Optional<String> token();

    App app();

    /** {@code connect-timeout}: how long to wait for a connection to GitHub. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** {@code read-timeout}: how long to wait for GitHub's answer; a timeout is retried with backoff. */
    @WithDefault("20s")
    Duration readTimeout();

    /** {@code driftless.github.app.*}: act as a GitHub App installation instead of with a token. */
    interface App {
        /** {@code id}: the App's id (or its client id); the JWT's issuer. */
        Optional<String> id();

        /**
         * {@code private-key}: the App's private key, PEM (PKCS#1 as GitHub issues it, or PKCS#8), or the
         * path of a file holding it.
         */
        Optional<String> privateKey();

        /** {@code installation-id}: the installation on the organisation or account that owns the repositories. */
        Optional<Long> installationId();
    }
}
