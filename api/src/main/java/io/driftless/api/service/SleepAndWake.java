package io.driftless.api.service;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.policy.EffectivePolicy;
import io.driftless.api.policy.Expiry;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;

/**
 * Puts idle environments to sleep and wakes them. Sleeping is recorded first (the current revision moves
 * READY → SLEEPING, and a SLEEP job scales its Deployments to zero and routes its alias to the wake page);
 * waking likewise (SLEEPING → WAKING, and a WAKE job scales them back up; the readiness watcher makes it
 * READY and the alias comes back). The phase moves before the cluster changes, so the drift watcher never
 * sees replicas change on a READY revision, and one environment's cluster jobs run in order, so a wake asked
 * for while the sleep is still being carried out follows it.
 *
 * <p>The idle clock is {@link Expiry#sleepsAt}: sleepAfter past the last request seen by the edge check, the
 * newest revision or the creation, whichever is latest. A wake restarts it.
 */
@ApplicationScoped
public class SleepAndWake {

    private static final Logger LOG = Logger.getLogger(SleepAndWake.class);

    private final EntityManager em;
    private final EnvironmentRepository environments;
    private final RevisionLifecycle lifecycle;
    private final Lifecycle fates;
    private final JobStore jobs;
    private final InstantSource clock;
    private final PolicyService policies;

    public SleepAndWake(EntityManager em, EnvironmentRepository environments, RevisionLifecycle lifecycle,
            Lifecycle fates, JobStore jobs, InstantSource clock, PolicyService policies) {
        this.policies = policies;
        this.em = em;
        this.environments = environments;
        this.lifecycle = lifecycle;
        this.fates = fates;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What one pass put to sleep (environment names). */
    public record Pass(List<String> slept) {
        public String summary() {
            return slept.size() + " put to sleep";
        }
    }

    /** Where an environment's current revision stands, for the wake page and the API. */
    public record State(UUID environmentId, UUID revisionId, RevisionPhase phase) {
        public boolean ready() {
            return phase == RevisionPhase.READY;
        }
    }

    /** Puts to sleep the current revision of every active environment idle past its sleepAfter. */
    public Pass pass() {
        Instant now = clock.instant();
        List<String> slept = new ArrayList<>();
        for (UUID id : due(now)) {
            try {
                sleepIfIdle(id, now).ifPresent(slept::add);
            } catch (RuntimeException e) {
                LOG.warnf("could not put environment %s to sleep, trying again at the next pass: %s", id,
                        e.getMessage());
            }
        }
        return new Pass(slept);
    }

    /** Active environments whose alias serves a READY revision and whose idle clock has run out. */
    @Transactional
    List<UUID> due(Instant now) {
        List<Environment> awake = em.createQuery("""
                from Environment e join fetch e.currentRevision c left join fetch e.latestRevision
                where e.status = :active and c.phase = :ready""", Environment.class)
                .setParameter("active", EnvironmentStatus.ACTIVE).setParameter("ready", RevisionPhase.READY)
                .getResultList();
        Map<String, EffectivePolicy> policies = fates.policies(awake.stream().map(e -> e.repository).toList());
        return awake.stream().filter(e -> asleepBy(e, policies.get(PolicyService.scope(e.repository)),
                now)).map(e -> e.id).toList();
    }

    private static boolean asleepBy(Environment e, EffectivePolicy policy, Instant now) {
        return policy != null && Expiry.sleepsAt(Lifecycle.facts(e), policy).map(at -> !at.isAfter(now)).orElse(false);
    }

    /** Checked again under the environment's lock: a request or a revision may have come meanwhile. */
    @Transactional
    Optional<String> sleepIfIdle(UUID id, Instant now) {
        Environment e = environments.findById(id, LockModeType.PESSIMISTIC_WRITE);
        Revision current = e.currentRevision;
        if (e.status != EnvironmentStatus.ACTIVE || current == null || current.phase != RevisionPhase.READY) {
            return Optional.empty();
        }
        EffectivePolicy policy = policies.effective(e.repository);
        if (!asleepBy(e, policy, now)) {
            return Optional.empty();
        }
        var facts = Lifecycle.facts(e);
        String since = facts.requestedLast() ? "the last request to its preview at " + Expiry.time(facts.lastActivity())
                : "its newest revision at " + Expiry.time(facts.lastActivity());
        putToSleep(e, current, AuditEvent.REAPER, "idle for " + policy.values().sleepAfter() + " since " + since
                + ", sleepAfter of the " + policy.source(PolicyDocument.SLEEP_AFTER).policyName());
        return Optional.of(e.slug);
    }

    /**
     * Puts the environment's current revision to sleep now (the API's {@code /sleep}); one asleep already stays
     * as it is.
     *
     * @throws ConflictProblem when its alias serves no READY revision
     */
    @Transactional
    public State sleep(UUID id, String actor) {
        Environment e = lockActive(id);
        Revision current = e.currentRevision;
        if (current != null && current.phase == RevisionPhase.SLEEPING) {
            return state(e);
        }
        if (current == null || current.phase != RevisionPhase.READY) {
            throw new ConflictProblem("The environment's alias serves no READY revision"
                    + (current == null ? "" : " (revision " + current.number + " is " + current.phase + ")")
                    + "; there is nothing to put to sleep.");
        }
        putToSleep(e, current, actor, "put to sleep by " + actor);
        return state(e);
    }

    /**
     * Wakes the environment's current revision (the API's {@code /wake} and the wake page) and restarts its
     * idle clock; one awake or waking already stays as it is.
     *
     * @throws ConflictProblem when its alias serves no revision
     */
    @Transactional
    public State wake(UUID id, String actor, String why) {
        Environment e = lockActive(id);
        Revision current = e.currentRevision;
        if (current == null) {
            throw new ConflictProblem("The environment's alias serves no revision yet; there is nothing to wake.");
        }
        Instant now = clock.instant();
        if (e.lastRequestAt == null || e.lastRequestAt.isBefore(now)) {
            e.lastRequestAt = now; // a wake is activity: it must not fall asleep again at the next pass
        }
        if (current.phase == RevisionPhase.SLEEPING
                && lifecycle.moveTo(current, RevisionPhase.WAKING, actor, why)) {
            jobs.enqueue(Job.Kind.WAKE, e.id, current.id);
        }
        return state(e);
    }

    /** Where the current revision of the environment of a preview host's label stands; empty for no live one. */
    @Transactional
    public Optional<State> byLabel(String label) {
        return em.createQuery("""
                from Environment e where e.status = :active and (e.slug = :label
                  or e.id in (select r.environment.id from Revision r where r.name = :label))""", Environment.class)
                .setParameter("active", EnvironmentStatus.ACTIVE).setParameter("label", label)
                .getResultStream().findFirst().map(SleepAndWake::state);
    }

    private void putToSleep(Environment e, Revision current, String actor, String reason) {
        if (lifecycle.moveTo(current, RevisionPhase.SLEEPING, actor, reason)) {
            jobs.enqueue(Job.Kind.SLEEP, e.id, current.id);
        }
    }

    private Environment lockActive(UUID id) {
        Environment e = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new NotFoundProblem("No environment has the id " + id + "."));
        if (e.status != EnvironmentStatus.ACTIVE) {
            throw new ConflictProblem("The environment is " + e.status + ".");
        }
        return e;
    }

    private static State state(Environment e) {
        Revision current = e.currentRevision;
        return new State(e.id, current == null ? null : current.id, current == null ? null : current.phase);
    }
}
