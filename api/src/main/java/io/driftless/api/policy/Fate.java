package io.driftless.api.policy;

import java.time.Instant;

/**
 * When an environment will be torn down and why, as the API, the page and the pull request say it.
 *
 * @param expiresAt   null when it never expires (pinned, protected branch)
 * @param rule        the rule that decides
 * @param source      where the rule comes from: global, repository owner/name, pin, protected branch
 * @param explanation one sentence saying it all
 * @param warnAt      when it is warned of; null when it never expires
 */
public record Fate(Instant expiresAt, boolean pinned, Rule rule, String source, String explanation, Instant warnAt) {

    public enum Rule {
        /** An admin pinned it. */
        PINNED,
        /** Its branch matches a protected glob. */
        PROTECTED_BRANCH,
        /** Its pull request was closed: torn down after the grace period of onPullRequestClose. */
        PULL_REQUEST_CLOSED,
        /** No new revision or extension for idleExpiry. */
        IDLE,
        /** Extended beyond its idle expiry. */
        EXTENDED,
        /** Capped by maxLifetime from its creation. */
        MAX_LIFETIME
    }

    public boolean expires() {
        return expiresAt != null;
    }

    /** Due for teardown at {@code now}. */
    public boolean dueAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** In its warning window at {@code now} (and not yet due). */
    public boolean warnableAt(Instant now) {
        return warnAt != null && !warnAt.isAfter(now);
    }
}
