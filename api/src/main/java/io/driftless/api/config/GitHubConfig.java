package io.driftless.api.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code driftless.github}: the webhook receiver, what pull-request events do, and where the pages link to.
 * The worker maps the same prefix for what it posts to GitHub (io.driftless.worker.github.GitHubConfig).
 */
@ConfigMapping(prefix = "driftless.github")
public interface GitHubConfig {

    /**
     * {@code api-url}: the REST API root, which the worker calls; the pages derive GitHub's web site from it
     * ({@link io.driftless.api.github.GitHubLinks#of}). Same key and default as the worker's.
     */
    @WithDefault("https://api.github.com")
    String apiUrl();

    /**
     * {@code web-url}: where people open repositories, pull requests and commits, e.g.
     * {@code https://github.example.com}; unset: derived from {@code api-url}.
     */
    Optional<String> webUrl();

    /** {@code connect-timeout}: for calls to GitHub's API (the worker's and the sign-in's). */
    @WithDefault("5s")
    java.time.Duration connectTimeout();

    /** {@code read-timeout}: for an answer from GitHub's API. */
    @WithDefault("20s")
    java.time.Duration readTimeout();

    /**
     * {@code webhook-secret} (env {@code DRIFTLESS_GITHUB_WEBHOOK_SECRET}): the secret GitHub signs each
     * delivery with. Unset: every delivery is refused.
     */
    Optional<String> webhookSecret();

    Policy policy();

    /** {@code driftless.github.policy.*}: what each pull-request event does to its environment. */
    interface Policy {

        /** {@code drafts}: {@code skip} (a draft gets no new revision) or {@code deploy}. */
        @WithDefault("skip")
        Drafts drafts();

        /** {@code on-converted-to-draft}: {@code keep} the environment, or {@code teardown}. */
        @WithDefault("keep")
        OnEvent onConvertedToDraft();

        /**
         * {@code on-close}: {@code teardown} the environment when the PR is closed or merged, or {@code keep}.
         * Seeds the global policy's onPullRequestClose on the first start only; the stored policy decides.
         */
        @WithDefault("teardown")
        OnEvent onClose();

        /** {@code opt-out-label}: a PR with this label gets no environment; adding it tears one down. */
        @WithDefault("no-preview")
        Optional<String> optOutLabel();

        /** {@code opt-in-label}: when set, only PRs with this label get an environment. */
        Optional<String> optInLabel();

        /**
         * {@code forks}: {@code approval} (a fork's commit gets an environment once approved), {@code trusted}
         * (forks are treated as branches) or {@code ignore} (forks never get one).
         */
        @WithDefault("approval")
        Forks forks();

        /** {@code trusted-label}: adding it to a fork's PR approves the commit that is its head at that moment. */
        @WithDefault("safe-to-preview")
        String trustedLabel();
    }

    enum Drafts {
        skip,
        deploy
    }

    enum OnEvent {
        keep,
        teardown
    }

    enum Forks {
        approval,
        trusted,
        ignore
    }
}
