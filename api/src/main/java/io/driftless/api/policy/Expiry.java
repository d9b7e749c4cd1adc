package io.driftless.api.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.driftless.api.policy.Fate.Rule;

/**
 * Decides each environment's fate from its facts and its repository's effective policy: a pure function
 * of both and the time, so the API, the page, the warning and the reaper always agree.
 *
 * <p>In order: a pin holds it (until the pin's end, past which the other rules apply again); a protected
 * branch never expires; a closed pull request goes after its grace period; otherwise it goes after
 * idleExpiry without a new revision or extension, and never later than maxLifetime after its creation
 * unless an admin forced an extension past it. The idle clock is the last request to its preview seen by the
 * edge check, its newest revision or its creation, whichever is latest.
 */
public final class Expiry {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private Expiry() {
    }

    public static Fate evaluate(EnvironmentFacts facts, EffectivePolicy policy, Instant now) {
        PolicyDocument p = policy.values();
        EnvironmentFacts.Pin pin = facts.pin();
        if (pin != null && pin.activeAt(now) && pin.until() == null) {
            return new Fate(null, true, Rule.PINNED, "pin",
                    "pinned by " + pin.by() + " since " + time(pin.at()) + ": " + pin.reason(), null);
        }
        Optional<String> glob = BranchGlobs.firstMatch(p.protectedBranches(), facts.branch());
        if (glob.isPresent() && (pin == null || !pin.activeAt(now))) {
            return new Fate(null, false, Rule.PROTECTED_BRANCH, "protected branch",
                    "never expires: branch '" + facts.branch() + "' matches the protected branch glob '" + glob.get()
                            + "' (" + policy.source(PolicyDocument.PROTECTED_BRANCHES).policyName() + ")",
                    null);
        }
        Fate unpinned = unpinned(facts, policy);
        if (pin != null && pin.activeAt(now)) {
            Instant expiresAt = later(pin.until(), unpinned.expiresAt());
            return new Fate(expiresAt, true, Rule.PINNED, "pin", "pinned by " + pin.by() + " until "
                    + time(pin.until()) + ": " + pin.reason() + "; then " + unpinned.explanation(),
                    expiresAt.minus(p.warnBefore()));
        }
        return unpinned;
    }

    private static Fate unpinned(EnvironmentFacts facts, EffectivePolicy policy) {
        PolicyDocument p = policy.values();
        if (facts.pullRequestClosedAt() != null && p.onPullRequestClose().kind() != OnClose.Kind.KEEP) {
            Duration grace = p.onPullRequestClose().kind() == OnClose.Kind.GRACE ? p.onPullRequestClose().grace()
                    : Duration.ZERO;
            Instant at = facts.pullRequestClosedAt().plus(grace);
            PolicySource source = policy.source(PolicyDocument.ON_PULL_REQUEST_CLOSE);
            return new Fate(at, false, Rule.PULL_REQUEST_CLOSED, source.label(),
                    "its pull request was closed at " + time(facts.pullRequestClosedAt())
                            + (grace.isZero() ? "; torn down at once" : "; torn down " + PolicyDuration.format(grace)
                                    + " later")
                            + ", " + source.policyName(),
                    at.minus(p.warnBefore()));
        }
        Instant idleEnd = facts.lastActivity().plus(p.idleExpiry());
        Instant lifetimeEnd = lifetimeEnd(facts, policy);
        PolicySource idleSource = policy.source(PolicyDocument.IDLE_EXPIRY);
        String since = facts.requestedLast() ? "the last request to its preview at " + time(facts.lastRequestAt())
                : facts.latestRevisionNumber() != null && facts.lastActivity().equals(facts.latestRevisionAt())
                        ? "revision " + facts.latestRevisionNumber() + " at " + time(facts.latestRevisionAt())
                        : "its creation at " + time(facts.createdAt());
        Instant at;
        Rule rule;
        String source;
        String explanation;
        if (facts.extendedUntil() != null && facts.extendedUntil().isAfter(idleEnd)) {
            at = facts.extendedUntil();
            rule = Rule.EXTENDED;
            source = idleSource.label();
            explanation = "extended until " + time(at) + (facts.extensionForced() ? ", past its maximum lifetime" : "")
                    + "; otherwise idle for " + PolicyDuration.format(p.idleExpiry()) + " since " + since + ", "
                    + idleSource.policyName();
        } else {
            at = idleEnd;
            rule = Rule.IDLE;
            source = idleSource.label();
            explanation = "idle for " + PolicyDuration.format(p.idleExpiry()) + " since " + since + ", "
                    + idleSource.policyName();
        }
        if (!facts.extensionForced() && at.isAfter(lifetimeEnd)) {
            PolicySource lifetimeSource = policy.source(PolicyDocument.MAX_LIFETIME);
            at = lifetimeEnd;
            rule = Rule.MAX_LIFETIME;
            source = lifetimeSource.label();
            explanation = "reaches its maximum lifetime of " + PolicyDuration.format(p.maxLifetime())
                    + " since its creation at " + time(facts.createdAt()) + ", " + lifetimeSource.policyName();
        }
        return new Fate(at, false, rule, source, explanation, at.minus(p.warnBefore()));
    }

    /**
     * When the environment's current revision falls asleep: sleepAfter past its last activity (the same clock
     * as idleExpiry); empty when sleepAfter is {@code never}. A pinned environment sleeps too: a pin keeps it
     * from being torn down, and sleeping tears nothing down.
     */
    public static Optional<Instant> sleepsAt(EnvironmentFacts facts, EffectivePolicy policy) {
        SleepAfter sleepAfter = policy.values().sleepAfter();
        return sleepAfter == null ? Optional.empty() : sleepAfter.asleepAt(facts.lastActivity());
    }

    /** The latest an environment may live without an admin's forced extension. */
    public static Instant lifetimeEnd(EnvironmentFacts facts, EffectivePolicy policy) {
        return facts.createdAt().plus(policy.values().maxLifetime());
    }

    /**
     * The expiry an extension by {@code by} gives: added to the current expiry (or to now, if that is
     * later).
     *
     * @throws ExtensionRefused when it never expires, or when the result passes maxLifetime without force
     */
    public static Instant extend(EnvironmentFacts facts, EffectivePolicy policy, Duration by, boolean force,
            Instant now) {
        Fate fate = evaluate(facts, policy, now);
        if (!fate.expires()) {
            throw new ExtensionRefused("The environment never expires (" + fate.explanation()
                    + "); there is nothing to extend.");
        }
        Instant until = later(fate.expiresAt(), now).plus(by);
        Instant lifetimeEnd = lifetimeEnd(facts, policy);
        if (!force && until.isAfter(lifetimeEnd)) {
            PolicySource source = policy.source(PolicyDocument.MAX_LIFETIME);
            Duration left = Duration.between(later(fate.expiresAt(), now), lifetimeEnd);
            throw new ExtensionRefused("Extending by " + PolicyDuration.format(by) + " would pass the maximum lifetime "
                    + "of " + PolicyDuration.format(policy.values().maxLifetime()) + " (" + source.policyName()
                    + "): the environment must be torn down by " + time(lifetimeEnd) + ". "
                    + (left.toSeconds() > 0 ? "At most " + PolicyDuration.format(left.truncatedTo(ChronoUnit.SECONDS))
                            + " can still be added. " : "")
                    + "An admin can extend past it with \"force\": true, or raise maxLifetime in the "
                    + source.policyName() + ".");
        }
        return until;
    }

    /** Extending is refused: the reason says the limit and who can lift it. */
    public static class ExtensionRefused extends RuntimeException {
        public ExtensionRefused(String message) {
            super(message);
        }
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }

    public static String time(Instant at) {
        return TIME.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
