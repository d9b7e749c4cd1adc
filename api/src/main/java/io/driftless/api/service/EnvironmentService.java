package io.driftless.api.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.PhaseChange;
import io.driftless.api.domain.PhaseChangeRepository;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.domain.RevisionRepository;
import io.driftless.api.naming.Names;
import io.driftless.api.naming.Urls;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.Page;
import io.driftless.api.service.Views.PhaseChangeView;
import io.driftless.api.service.Views.Requested;
import io.driftless.api.service.Views.RevisionView;
import io.driftless.api.spec.RevisionSpec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;

/** Environments and their revisions: asking for one, reading them, tearing them down. */
@ApplicationScoped
public class EnvironmentService {

    /** Two identical requests racing: the loser's insert violates a unique key; one retry sees the winner. */
    private static final int ATTEMPTS = 3;

    private final EnvironmentRepository environments;
    private final RevisionRepository revisions;
    private final PhaseChangeRepository phaseChanges;
    private final RevisionLifecycle lifecycle;
    private final JobStore jobs;
    private final Urls urls;

    public EnvironmentService(EnvironmentRepository environments, RevisionRepository revisions,
            PhaseChangeRepository phaseChanges, RevisionLifecycle lifecycle, JobStore jobs, Urls urls) {
        this.environments = environments;
        this.revisions = revisions;
        this.phaseChanges = phaseChanges;
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.urls = urls;
    }

    /**
     * Asks for the revision of a commit: creates the environment if the branch has none, adds a
     * revision if the spec is new, and otherwise returns the revision that has this spec already (a
     * FAILED one is queued again).
     */
    public Requested request(NewRevision request, String actor) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> requestOnce(request, actor));
            } catch (PersistenceException e) {
                if (attempt >= ATTEMPTS || !isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private Requested requestOnce(NewRevision request, String actor) {
        Instant now = Instant.now();
        Environment environment = environments
                .findLiveForUpdate(request.repository(), request.headRepository(), request.branch())
                .orElse(null);
        if (environment == null) {
            environment = new Environment();
            environment.id = UUID.randomUUID();
            environment.repository = request.repository();
            environment.headRepository = request.headRepository();
            environment.branch = request.branch();
            environment.slug = Names.environmentSlug(request.repository(), request.headRepository(),
                    request.branch());
            environment.status = EnvironmentStatus.ACTIVE;
            environment.createdAt = now;
            environment.updatedAt = now;
            environments.persist(environment);
            environments.flush();
        } else if (environment.status != EnvironmentStatus.ACTIVE) {
            throw new ConflictProblem("The environment of " + request.repository() + " branch '"
                    + request.branch() + "' is being torn down; ask again once it is torn down.");
        }
        if (request.pullRequest() != null) {
            environment.pullRequest = request.pullRequest();
        }

        RevisionSpec spec = RevisionSpec.of(request.repository(), request.headRepository(), request.branch(),
                request.commit(), request.image(), request.port());
        String hash = spec.hash();
        Revision existing = revisions.findBySpec(environment, hash).orElse(null);
        if (existing != null) {
            if (existing.phase == RevisionPhase.FAILED) {
                lifecycle.moveTo(existing, RevisionPhase.QUEUED, "asked for again by " + actor);
                jobs.enqueue(Job.Kind.DEPLOY, environment.id, existing.id);
            }
            return new Requested(view(environment, false), view(existing, List.of()), false);
        }

        Revision revision = new Revision();
        revision.id = UUID.randomUUID();
        revision.environment = environment;
        revision.number = revisions.nextNumber(environment);
        revision.commitSha = request.commit();
        revision.image = request.image();
        revision.port = request.port();
        revision.specHash = hash;
        revision.name = Names.revisionName(environment.slug, hash);
        revision.requestedBy = actor;
        revision.phase = RevisionPhase.QUEUED;
        revision.createdAt = now;
        revision.updatedAt = now;
        revisions.persist(revision);
        revisions.flush();
        lifecycle.recordCreated(revision);
        environment.latestRevision = revision;
        environment.updatedAt = now;
        jobs.enqueue(Job.Kind.DEPLOY, environment.id, revision.id);
        return new Requested(view(environment, false), view(revision, List.of()), true);
    }

    @Transactional
    public EnvironmentView get(UUID id) {
        return view(require(id), true);
    }

    @Transactional
    public RevisionView getRevision(UUID id) {
        Revision revision = revisions.findByIdOptional(id)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + id + "."));
        return view(revision, phaseChanges.listByRevisions(List.of(id)));
    }

    @Transactional
    public DeployTarget deployTarget(UUID revisionId) {
        Revision r = revisions.findByIdOptional(revisionId)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + revisionId + "."));
        Environment e = r.environment;
        return new DeployTarget(e.id, r.id, e.repository, e.branch, r.commitSha, r.specHash, r.name, r.image, r.port,
                r.phase);
    }

    /** Revisions DEPLOYING since before {@code since}: they missed their readiness deadline. */
    @Transactional
    public List<UUID> deployingSince(Instant since) {
        return revisions.list("phase = ?1 and updatedAt < ?2", RevisionPhase.DEPLOYING, since).stream()
                .map(r -> r.id)
                .toList();
    }

    /** Environments, newest first, optionally of one repository and in one phase. */
    @Transactional
    public Page<EnvironmentView> list(String repository, RevisionPhase phase, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (repository != null) {
            where.append(" and repository = :repository");
            parameters.and("repository", repository);
        }
        if (phase != null) {
            where.append(" and latestRevision.phase = :phase");
            parameters.and("phase", phase);
        }
        var query = environments.find(where + " order by createdAt desc, id desc", parameters);
        long total = query.count();
        List<EnvironmentView> items = query.page(page, size).list().stream().map(e -> view(e, false)).toList();
        return new Page<>(items, page, size, total);
    }

    /**
     * Starts tearing the environment down: every revision that may have objects in the cluster moves
     * to TEARING_DOWN and a worker job removes them. Asking again changes nothing.
     */
    @Transactional
    public EnvironmentView teardown(UUID id, String actor) {
        Environment environment = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> notFound(id));
        if (environment.status == EnvironmentStatus.ACTIVE) {
            environment.status = EnvironmentStatus.TEARING_DOWN;
            environment.updatedAt = Instant.now();
            for (Revision revision : revisions.listByEnvironment(id)) {
                lifecycle.moveTo(revision, RevisionPhase.TEARING_DOWN, "teardown asked for by " + actor);
            }
            jobs.enqueue(Job.Kind.TEARDOWN, id, null);
        }
        return view(environment, true);
    }

    /** Called by the worker once every revision of a torn-down environment is confirmed gone. */
    @Transactional
    public void confirmTornDown(UUID id) {
        Environment environment = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> notFound(id));
        if (environment.status == EnvironmentStatus.TEARING_DOWN) {
            environment.status = EnvironmentStatus.TORN_DOWN;
            environment.tornDownAt = Instant.now();
            environment.updatedAt = environment.tornDownAt;
        }
    }

    private Environment require(UUID id) {
        return environments.findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundProblem notFound(UUID id) {
        return new NotFoundProblem("No environment has the id " + id + ".");
    }

    private EnvironmentView view(Environment e, boolean withRevisions) {
        List<RevisionView> revisionViews = null;
        if (withRevisions) {
            List<Revision> all = revisions.listByEnvironment(e.id);
            Map<UUID, List<PhaseChange>> changes = new HashMap<>();
            for (PhaseChange change : phaseChanges.listByRevisions(all.stream().map(r -> r.id).toList())) {
                changes.computeIfAbsent(change.revisionId, k -> new ArrayList<>()).add(change);
            }
            revisionViews = all.stream().map(r -> view(r, changes.getOrDefault(r.id, List.of()))).toList();
        }
        Revision latest = e.latestRevision;
        Revision current = e.currentRevision;
        return new EnvironmentView(e.id, e.repository, e.headRepository, e.branch, e.pullRequest, e.status,
                latest == null ? null : latest.phase, urls.url(e.slug), current == null ? null : current.id,
                latest == null ? null : latest.id, e.createdAt, e.updatedAt, e.tornDownAt, revisionViews);
    }

    private RevisionView view(Revision r, List<PhaseChange> changes) {
        return new RevisionView(r.id, r.environment.id, r.number, r.commitSha, r.image, r.port, r.specHash, r.name,
                urls.url(r.name), r.phase, r.failureReason, r.requestedBy, r.createdAt, r.updatedAt,
                changes.stream().map(c -> new PhaseChangeView(c.phase, c.at, c.reason)).toList());
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
