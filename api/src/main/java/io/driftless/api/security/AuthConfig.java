package io.driftless.api.security;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code driftless.auth.*}: who may call Driftless. */
@ConfigMapping(prefix = "driftless.auth")
public interface AuthConfig {

    /**
     * {@code admin-token} (env {@code DRIFTLESS_ADMIN_TOKEN}): a bootstrap admin API token for automation
     * and Helm installs. Unset: none.
     */
    Optional<String> adminToken();

    /**
     * {@code admin-password}: the password of the UI's {@code admin} user, created on first start. Unset:
     * one is generated and printed once.
     */
    Optional<String> adminPassword();

    /**
     * {@code ui-login}: how people log in to the pages: {@code form} (Driftless's own users), {@code code}
     * (an OpenID Connect provider, configured with {@code quarkus.oidc.*}) or {@code github} (GitHub accounts,
     * with GitHub's repository permissions; see {@link #github()}).
     */
    @WithDefault("form")
    UiLogin uiLogin();

    enum UiLogin {
        form,
        code,
        github
    }

    /** {@code github.*}: signing in with GitHub ({@code ui-login=github}). */
    Github github();

    interface Github {

        /**
         * {@code client-id} (env {@code DRIFTLESS_AUTH_GITHUB_CLIENT_ID}): the OAuth App's client id, or the
         * GitHub App's (its user authorization).
         */
        Optional<String> clientId();

        /** {@code client-secret} (env {@code DRIFTLESS_AUTH_GITHUB_CLIENT_SECRET}): its client secret. */
        Optional<String> clientSecret();

        /**
         * {@code admin-team}: {@code org/team-slug}; its members are Driftless admins. Unset: only
         * {@link #adminLogins()} are.
         */
        Optional<String> adminTeam();

        /** {@code admin-logins}: GitHub logins that are Driftless admins, comma-separated. */
        Optional<java.util.List<String>> adminLogins();

        /**
         * {@code permission-ttl}: how long a user's permissions read from GitHub are used; they are read again
         * in the background after half of it, and a user whose permissions cannot be read for this long is
         * refused.
         */
        @WithDefault("5m")
        Duration permissionTtl();
    }

    /** {@code token-lifetime}: how long a new API token lives when no expiry is given. */
    @WithDefault("90d")
    Duration tokenLifetime();

    /** {@code token-max-lifetime}: the longest expiry a token may be given. */
    @WithDefault("366d")
    Duration tokenMaxLifetime();

    /** {@code login.*}: how repeated failed logins to the UI's form slow down and lock. */
    Login login();

    /** See {@link LoginThrottlePolicy}; each applies to a user name tried and to an address alike. */
    interface Login {

        /** {@code free-failures}: failures in a window answered at once. */
        @WithDefault("3")
        int freeFailures();

        /** {@code delay}: the wait before answering the first failure beyond the free ones; it doubles. */
        @WithDefault("1s")
        Duration delay();

        /** {@code max-delay}: the longest wait before an answer. */
        @WithDefault("8s")
        Duration maxDelay();

        /** {@code lock-after}: the failure in a window that locks (429 with Retry-After). */
        @WithDefault("10")
        int lockAfter();

        /** {@code lock-for}: how long a lock lasts. */
        @WithDefault("15m")
        Duration lockFor();

        /** {@code window}: how long failures count, from the first. */
        @WithDefault("15m")
        Duration window();
    }
}
