package io.driftless.api.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.PhaseChange;
import io.driftless.api.domain.PhaseChangeRepository;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.domain.RevisionRepository;

/**
 * The only way a revision's phase moves. Each move is checked against {@link RevisionPhase#next()},
 * recorded as a {@link PhaseChange}, and announced with {@link RevisionChanged}.
 */
@ApplicationScoped
public class RevisionLifecycle {

    private static final Logger LOG = Logger.getLogger(RevisionLifecycle.class);

    private final EnvironmentRepository environments;
    private final RevisionRepository revisions;
    private final PhaseChangeRepository phaseChanges;
    private final Event<RevisionChanged> changed;

    public RevisionLifecycle(EnvironmentRepository environments, RevisionRepository revisions,
            PhaseChangeRepository phaseChanges, Event<RevisionChanged> changed) {
        this.environments = environments;
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
    public boolean moveTo(UUID revisionId, RevisionPhase target, String reason) {
        // Locks are always taken environment first, then revision, as every writer does: no deadlocks.
        UUID environmentId = revisions.environmentIdOf(revisionId).orElse(null);
        if (environmentId == null) {
            return false;
        }
        environments.findById(environmentId, LockModeType.PESSIMISTIC_WRITE);
        Revision revision = revisions.findById(revisionId, LockModeType.PESSIMISTIC_WRITE);
        return moveTo(revision, target, reason);
    }

    /**
     * As {@link #moveTo(UUID, RevisionPhase, String)}, for a revision the caller holds in its transaction,
     * having locked its environment.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean moveTo(Revision revision, RevisionPhase target, String reason) {
        if (!revision.phase.canMoveTo(target)) {
            LOG.debugf("revision %s stays %s (asked to move to %s)", revision.id, revision.phase, target);
            return false;
        }
        Instant now = Instant.now();
        revision.phase = target;
        revision.updatedAt = now;
        if (target == RevisionPhase.FAILED) {
            revision.failureReason = reason;
        } else if (target == RevisionPhase.QUEUED) {
            revision.failureReason = null;
        }
        record(revision, now, reason);
        Environment environment = revision.environment;
        if (target == RevisionPhase.READY) {
            Revision current = environment.currentRevision;
            if (current == null || current.number < revision.number) {
                environment.currentRevision = revision;
            }
        } else if (environment.currentRevision == revision) {
            // the alias never points at a revision that is not READY
            environment.currentRevision = null;
        }
        environment.updatedAt = now;
        LOG.infof("revision %s of %s@%s is %s%s", revision.name, environment.repository, environment.branch,
                target, reason == null ? "" : " (" + reason + ")");
        changed.fire(new RevisionChanged(environment.id, revision.id, target));
        return true;
    }

    /** Records the first phase of a new revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordCreated(Revision revision) {
        record(revision, revision.createdAt, null);
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
