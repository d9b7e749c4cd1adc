package io.driftless.api.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.NotFoundProblem;

/**
 * Each environment's fate under its repository's policy, and what people do about it: extend, pin,
 * unpin; and what a new environment does when its repository is full.
 */
@ApplicationScoped
public class Lifecycle {

    /** An environment with its fate, for lists and previews. */
    public record Fated(UUID id, String repository, String branch, String name, Integer pullRequest,
            Instant lastActivity, Fate fate) {
    }

    /** What a proposed policy would do: tear these down now, and these within the next 24 hours. */
    public record Preview(List<Fated> now, List<Fated> within24h) {
    }

    /** What asking for a new environment of a repository does about its limit. */
    public sealed interface Admission {
    }

    /** There is room. */
    public record Admitted() implements Admission {
    }

    /** This environment is torn down to make room. */
    public record Evict(UUID environmentId, String explanation) implements Admission {
    }

    private final EnvironmentRepository environments;
    private final PolicyService policies;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Event<FateChanged> fateChanged;

    public Lifecycle(EnvironmentRepository environments, PolicyService policies, AuditLog audit, InstantSource clock,
            Event<FateChanged> fateChanged) {
        this.environments = environments;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
        this.fateChanged = fateChanged;
    }

    public static EnvironmentFacts facts(Environment e) {
        return new EnvironmentFacts(e.branch, e.createdAt,
                e.latestRevision == null ? null : e.latestRevision.number,
                e.latestRevision == null ? null : e.latestRevision.createdAt, e.extendedUntil, e.extensionForced,
                e.pinnedAt == null ? null : new EnvironmentFacts.Pin(e.pinnedBy, e.pinReason, e.pinnedAt, e.pinnedUntil),
                e.pullRequestClosedAt, e.lastRequestAt);
    }

    /** The policies of several repositories, read at once, keyed as {@link #fate} looks them up. */
    public Map<String, EffectivePolicy> policies(java.util.Collection<String> repositories) {
        return policies.effective(repositories);
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * The end of a pin as people give it: an instant ({@code 2026-12-04T18:00:00Z}) or a duration from
     * now ({@code 7d}).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public Instant until(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            try {
                return now().plus(PolicyDuration.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be a time such as 2026-12-04T18:00:00Z or a duration from "
                        + "now such as 7d, not '" + text + "'");
            }
        }
    }

    /** The environment's fate now; empty once it is no longer ACTIVE. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Fate> fate(Environment e, Map<String, EffectivePolicy> cache) {
        if (e.status != EnvironmentStatus.ACTIVE) {
            return Optional.empty();
        }
        EffectivePolicy policy = cache.computeIfAbsent(PolicyService.scope(e.repository), policies::effective);
        return Optional.of(Expiry.evaluate(facts(e), policy, clock.instant()));
    }

    /**
     * Moves the expiry later by {@code by} (the policy's extendBy when null), never past maxLifetime
     * unless {@code force} (an admin's).
     *
     * @throws ConflictProblem when it is not ACTIVE, never expires, or would pass its maximum lifetime
     */
    @Transactional
    public Fate extend(UUID id, Duration by, boolean force, String actor) {
        Environment e = locked(id);
        EffectivePolicy policy = policies.effective(e.repository);
        Duration step = by != null ? by : policy.values().extendBy();
        Instant now = clock.instant();
        Fate before = Expiry.evaluate(facts(e), policy, now);
        Instant until;
        try {
            until = Expiry.extend(facts(e), policy, step, force, now);
        } catch (Expiry.ExtensionRefused refused) {
            throw new ConflictProblem(refused.getMessage());
        }
        boolean passesLifetime = until.isAfter(Expiry.lifetimeEnd(facts(e), policy));
        e.extendedUntil = until;
        e.extensionForced = e.extensionForced || passesLifetime;
        e.updatedAt = now;
        Fate after = Expiry.evaluate(facts(e), policy, now);
        audit.recordChange(e.id, null, actor, AuditLog.EXTENDED, "extended by " + PolicyDuration.format(step)
                + (passesLifetime ? ", past its maximum lifetime (forced by an admin)" : "") + ": expires at "
                + Expiry.time(after.expiresAt()) + " instead of " + Expiry.time(before.expiresAt()),
                "{\"expiresAt\":\"" + Expiry.time(before.expiresAt()) + "\"}",
                "{\"expiresAt\":\"" + Expiry.time(after.expiresAt()) + "\"}");
        fire(e, FateChanged.Kind.EXTENDED, after);
        return after;
    }

    /** Pins the environment: it does not expire (until {@code until}, when given). Admins only. */
    @Transactional
    public Fate pin(UUID id, String reason, Instant until, String actor) {
        Environment e = locked(id);
        Instant now = clock.instant();
        if (until != null && !until.isAfter(now)) {
            throw new ConflictProblem("until (" + Expiry.time(until) + ") is not in the future.");
        }
        String before = pinJson(e);
        e.pinnedAt = now;
        e.pinnedBy = actor;
        e.pinReason = reason;
        e.pinnedUntil = until;
        e.updatedAt = now;
        Fate after = Expiry.evaluate(facts(e), policies.effective(e.repository), now);
        audit.recordChange(e.id, null, actor, AuditLog.PINNED, "pinned" + (until == null ? "" : " until "
                + Expiry.time(until)) + ": " + reason, before, pinJson(e));
        fire(e, FateChanged.Kind.PINNED, after);
        return after;
    }

    /** Unpins it: its policy's expiry applies again. */
    @Transactional
    public Fate unpin(UUID id, String actor) {
        Environment e = locked(id);
        if (e.pinnedAt == null) {
            throw new ConflictProblem("The environment is not pinned.");
        }
        Instant now = clock.instant();
        String before = pinJson(e);
        e.pinnedAt = null;
        e.pinnedBy = null;
        e.pinReason = null;
        e.pinnedUntil = null;
        e.updatedAt = now;
        Fate after = Expiry.evaluate(facts(e), policies.effective(e.repository), now);
        audit.recordChange(e.id, null, actor, AuditLog.UNPINNED, "unpinned: " + after.explanation()
                + (after.expires() ? "; expires at " + Expiry.time(after.expiresAt()) : ""), before, pinJson(e));
        fire(e, FateChanged.Kind.UNPINNED, after);
        return after;
    }

    private static String pinJson(Environment e) {
        if (e.pinnedAt == null) {
            return "{\"pinned\":false}";
        }
        return "{\"pinned\":true,\"by\":" + quote(e.pinnedBy) + ",\"reason\":" + quote(e.pinReason) + ",\"until\":"
                + (e.pinnedUntil == null ? "null" : "\"" + Expiry.time(e.pinnedUntil) + "\"") + "}";
    }

    private static String quote(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    void fire(Environment e, FateChanged.Kind kind, Fate fate) {
        fateChanged.fire(new FateChanged(e.id, e.latestRevision == null ? null : e.latestRevision.id, kind,
                fate == null ? null : fate.expiresAt(), fate == null ? e.endedBy : fate.explanation()));
    }

    private Environment locked(UUID id) {
        Environment e = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem("No environment has the id " + id + "."));
        if (e.status != EnvironmentStatus.ACTIVE) {
            throw new ConflictProblem("The environment is " + e.status + "; its expiry no longer matters.");
        }
        return e;
    }

    /**
     * Whether a new environment of the repository fits under maxEnvironmentsPerRepository, in the
     * caller's transaction (which holds the repository's lock, see below).
     *
     * @throws RepositoryFullProblem when it is full and the policy refuses, or nothing can be evicted
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Admission admit(String repository) {
        EffectivePolicy policy = policies.effective(repository);
        int max = policy.values().maxEnvironmentsPerRepository();
        if (max <= 0) {
            return new Admitted();
        }
        // one admission at a time per repository, so two requests do not both take the last place
        environments.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(:key)")
                .setParameter("key", (long) ("admit:" + PolicyService.scope(repository)).hashCode())
                .getSingleResult();
        List<Environment> active = environments.list("lower(repository) = ?1 and status = ?2 order by createdAt",
                PolicyService.scope(repository), EnvironmentStatus.ACTIVE);
        if (active.size() < max) {
            return new Admitted();
        }
        Instant now = clock.instant();
        Map<String, EffectivePolicy> cache = new HashMap<>();
        List<Fated> holders = active.stream().map(e -> fated(e, cache, now)).toList();
        String source = policy.source(PolicyDocument.MAX_ENVIRONMENTS).policyName();
        if (policy.values().whenFull() == WhenFull.EVICT_OLDEST_IDLE) {
            Optional<Fated> idlest = holders.stream().filter(f -> f.fate().expires() && !f.fate().pinned())
                    .min(Comparator.comparing(Fated::lastActivity));
            if (idlest.isPresent()) {
                return new Evict(idlest.get().id(), "evicted to make room: " + repository + " may have " + max
                        + " environments (" + source + ", whenFull evict-oldest-idle) and this one was idle the "
                        + "longest, since " + Expiry.time(idlest.get().lastActivity()));
            }
            throw new RepositoryFullProblem(repository + " has " + active.size() + " environments, its limit ("
                    + source + "), and none can be evicted: each is pinned or on a protected branch.", holders);
        }
        throw new RepositoryFullProblem(repository + " has " + active.size() + " environments, its limit of " + max
                + " (" + source + ", whenFull refuse). Tear one of them down, or ask an admin to raise "
                + "maxEnvironmentsPerRepository.", holders);
    }

    /** Every ACTIVE environment with its fate, oldest first, under the stored policies. */
    @Transactional
    public List<Fated> active() {
        Instant now = clock.instant();
        Map<String, EffectivePolicy> cache = new HashMap<>();
        return environments.list("status = ?1 order by createdAt", EnvironmentStatus.ACTIVE).stream()
                .map(e -> fated(e, cache, now)).toList();
    }

    /**
     * What a proposed policy would tear down now and within 24 hours, without saving it.
     *
     * @param repository the repository whose override is proposed; null for the global policy
     */
    @Transactional
    public Preview preview(String repository, PolicyDocument proposed) {
        PolicyDocument global = repository == null ? policies.global().with(proposed) : policies.global();
        PolicyService.requireSound(repository == null ? EffectivePolicy.resolve(global, PolicyDocument.EMPTY, null)
                : EffectivePolicy.resolve(global, proposed, PolicyService.scope(repository)));
        Map<String, EffectivePolicy> cache = new HashMap<>();
        if (repository != null) {
            cache.put(PolicyService.scope(repository),
                    EffectivePolicy.resolve(global, proposed, PolicyService.scope(repository)));
        }
        Instant now = clock.instant();
        List<Fated> dueNow = new ArrayList<>();
        List<Fated> soon = new ArrayList<>();
        for (Environment e : environments.list("status = ?1 order by createdAt", EnvironmentStatus.ACTIVE)) {
            String scope = PolicyService.scope(e.repository);
            if (repository != null && !scope.equals(PolicyService.scope(repository))) {
                continue;
            }
            EffectivePolicy policy = cache.computeIfAbsent(scope, s -> EffectivePolicy.resolve(global,
                    policies.repositoryOverride(s), s));
            Fated f = fated(e, policy, now);
            if (f.fate().dueAt(now)) {
                dueNow.add(f);
            } else if (f.fate().dueAt(now.plus(Duration.ofHours(24)))) {
                soon.add(f);
            }
        }
        return new Preview(dueNow, soon);
    }

    private Fated fated(Environment e, Map<String, EffectivePolicy> cache, Instant now) {
        return fated(e, cache.computeIfAbsent(PolicyService.scope(e.repository), policies::effective), now);
    }

    private static Fated fated(Environment e, EffectivePolicy policy, Instant now) {
        EnvironmentFacts facts = facts(e);
        return new Fated(e.id, e.repository, e.branch, e.slug, e.pullRequest, facts.lastActivity(),
                Expiry.evaluate(facts, policy, now));
    }
}
