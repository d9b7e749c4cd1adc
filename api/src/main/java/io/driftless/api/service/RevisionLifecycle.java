package io.driftless.api.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.PhaseChange;
import io.driftless.api.domain.PhaseChangeRepository;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.domain.RevisionRepository;
import io.driftless.api.metrics.Meters;
import io.driftless.api.policy.EffectivePolicy;
import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;

/**
 * The only way a revision's phase moves. Each move is checked against {@link RevisionPhase#next()},
 * recorded as a {@link PhaseChange} and an audit event, and announced with {@link RevisionChanged}. A
 * revision that becomes READY for the first time takes the alias if it is newer than the one the alias
 * points at.
 */
@ApplicationScoped
public class RevisionLifecycle {

    private static final Logger LOG = Logger.getLogger(RevisionLifecycle.class);

    private final EnvironmentRepository environments;
    private final RevisionRepository revisions;
    private final PhaseChangeRepository phaseChanges;
    private final Meters meters;
    private final Event<RevisionChanged> changed;
    private final AuditLog audit;
    private final JobStore jobs;
    private final PolicyService policy;

    public RevisionLifecycle(EnvironmentRepository environments, RevisionRepository revisions,
            PhaseChangeRepository phaseChanges, Event<RevisionChanged> changed, AuditLog audit, JobStore jobs,
            PolicyService policy, Meters meters) {
        this.meters = meters;
        this.environments = environments;
        this.audit = audit;
        this.jobs = jobs;
        this.policy = policy;
        this.revisions = revisions;
        this.phaseChanges = phaseChanges;
        this.changed = changed;
    }

    /**
     * Moves the revision to {@code target} if that is a legal step from where it stands now.
     *
     * @return false (and nothing written) when the revision is unknown or the step is not allowed,
     *         e.g. a late readiness signal for a revision already being torn down
     */
    @Transactional
    public boolean moveTo(UUID revisionId, RevisionPhase target, String actor, String reason) {
        // Locks are always taken environment first, then revision, as every writer does: no deadlocks.
        UUID environmentId = revisions.environmentIdOf(revisionId).orElse(null);
        if (environmentId == null) {
            return false;
        }
        environments.findById(environmentId, LockModeType.PESSIMISTIC_WRITE);
        Revision revision = revisions.findById(revisionId, LockModeType.PESSIMISTIC_WRITE);
        return moveTo(revision, target, actor, reason);
    }

    /**
     * As {@link #moveTo(UUID, RevisionPhase, String)}, for a revision the caller holds in its transaction,
     * having locked its environment.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean moveTo(Revision revision, RevisionPhase target, String actor, String reason) {
        if (!revision.phase.canMoveTo(target)) {
            LOG.debugf("revision %s stays %s (asked to move to %s)", revision.id, revision.phase, target);
            return false;
        }
        Instant now = Instant.now();
        RevisionPhase from = revision.phase;
        // a revision READY before (its objects recreated by the resync) never takes the alias from a rollback
        boolean readyAgain = target == RevisionPhase.READY && phaseChanges.reached(revision.id, RevisionPhase.READY);
        meters.phaseChanged(from, target,
                Duration.between(revision.updatedAt == null ? revision.createdAt : revision.updatedAt, now));
        if (target == RevisionPhase.READY && !readyAgain) {
            meters.firstReady(Duration.between(revision.createdAt, now));
        }
        revision.phase = target;
        revision.updatedAt = now;
        if (target == RevisionPhase.FAILED) {
            revision.failureReason = reason;
        } else if (target == RevisionPhase.QUEUED) {
            revision.failureReason = null;
        }
        record(revision, now, reason);
        Environment environment = revision.environment;
        audit.record(environment.id, revision.id, actor, AuditLog.PHASE,
                "revision " + revision.number + " is " + target + (reason == null ? "" : ": " + reason));
        environment.updatedAt = now;
        if (target == RevisionPhase.READY) {
            Revision current = environment.currentRevision;
            if (current == null || (current.number < revision.number && !readyAgain)) {
                pointAliasAt(environment, revision, actor);
            } else if (current == revision && from == RevisionPhase.WAKING) {
                jobs.enqueue(Job.Kind.ROUTE, environment.id, revision.id); // from the wake page back to it
            }
        } else if (environment.currentRevision == revision && !(from == RevisionPhase.READY
                && target == RevisionPhase.DEPLOYING) && !target.isAsleep()) {
            // the alias never points at a revision that is not READY, except one being recreated in place:
            // there is nothing else to point at that the database would agree with; a sleeping one keeps it, the
            // alias showing the wake page
            environment.currentRevision = null;
        }
        LOG.infof("revision %s of %s@%s is %s%s", revision.name, environment.repository, environment.branch,
                target, reason == null ? "" : " (" + reason + ")");
        changed.fire(new RevisionChanged(environment.id, revision.id, target));
        return true;
    }

    /**
     * Moves the environment's alias (its stable URL) to {@code target}: recorded at once, carried out in
     * the cluster by a ROUTE job. Then retires what policy no longer keeps.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void pointAliasAt(Environment environment, Revision target, String actor) {
        environment.currentRevision = target;
        environment.updatedAt = Instant.now();
        jobs.enqueue(Job.Kind.ROUTE, environment.id, target.id);
        retire(environment, target, actor);
    }

    /**
     * Keeps the alias target and the {@code revisions-kept - 1} newest revisions before it; earlier
     * READY, SLEEPING or FAILED ones are SUPERSEDED and a RETIRE job removes them.
     */
    private void retire(Environment environment, Revision current, String actor) {
        List<Revision> earlier = revisions.list(
                "environment = ?1 and number < ?2 and phase in (?3, ?4, ?5) order by number desc", environment,
                current.number, RevisionPhase.READY, RevisionPhase.FAILED, RevisionPhase.SLEEPING);
        EffectivePolicy effective = policy.effective(environment.repository);
        int keep = Math.max(0, effective.values().revisionsKept() - 1);
        for (Revision old : earlier.subList(Math.min(keep, earlier.size()), earlier.size())) {
            if (moveTo(old, RevisionPhase.SUPERSEDED, actor,
                    "revisionsKept " + effective.values().revisionsKept() + " ("
                            + effective.source(PolicyDocument.REVISIONS_KEPT).policyName()
                            + ") keeps the alias target and " + keep + " earlier revision(s)")) {
                jobs.enqueue(Job.Kind.RETIRE, environment.id, old.id);
            }
        }
    }

    /** Records the first phase of a new revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordCreated(Revision revision) {
        record(revision, revision.createdAt, null);
        audit.record(revision.environment.id, revision.id, revision.requestedBy, AuditLog.PHASE,
                "revision " + revision.number + " is " + revision.phase + " for commit " + revision.commitSha);
        changed.fire(new RevisionChanged(revision.environment.id, revision.id, revision.phase));
    }

    private void record(Revision revision, Instant at, String reason) {
        PhaseChange change = new PhaseChange();
        change.revisionId = revision.id;
        change.phase = revision.phase;
        change.at = at;
        change.reason = reason;
        phaseChanges.persist(change);
    }
}
