package io.driftless.api.service;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.driftless.api.config.PolicyConfig;
import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.AuditEventRepository;
import io.driftless.api.domain.DriftEvent;
import io.driftless.api.domain.DriftEventRepository;
import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.PhaseChange;
import io.driftless.api.domain.PhaseChangeRepository;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.domain.RevisionRepository;
import io.driftless.api.metrics.Meters;
import io.driftless.api.naming.Names;
import io.driftless.api.naming.Urls;
import io.driftless.api.policy.EffectivePolicy;
import io.driftless.api.policy.Fate;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.service.Views.DriftView;
import io.driftless.api.service.Views.EnvironmentQuery;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.EventView;
import io.driftless.api.service.Views.ExpiryView;
import io.driftless.api.service.Views.HookView;
import io.driftless.api.service.Views.Page;
import io.driftless.api.service.Views.PhaseChangeView;
import io.driftless.api.service.Views.PinView;
import io.driftless.api.service.Views.Requested;
import io.driftless.api.service.Views.RevisionView;
import io.driftless.api.service.Views.RouteTarget;
import io.driftless.api.service.Views.ServiceView;
import io.driftless.api.service.Views.Slice;
import io.driftless.api.service.Views.StackView;
import io.driftless.api.spec.ImageReference;
import io.driftless.api.spec.RevisionSpec;
import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.SpecError;
import io.driftless.api.spec.SpecWriter;
import io.driftless.api.spec.StackSpec;
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
    private final PolicyConfig policy;
    private final AuditLog audit;
    private final AuditEventRepository auditEvents;
    private final DriftEventRepository drifts;
    private final RepositorySecrets secrets;
    private final Lifecycle fates;
    private final InstantSource clock;
    private final Meters meters;

    public EnvironmentService(EnvironmentRepository environments, RevisionRepository revisions,
            PhaseChangeRepository phaseChanges, RevisionLifecycle lifecycle, JobStore jobs, Urls urls,
            PolicyConfig policy, AuditLog audit, AuditEventRepository auditEvents, DriftEventRepository drifts,
            RepositorySecrets secrets, Lifecycle fates, InstantSource clock, Meters meters) {
        this.meters = meters;
        this.secrets = secrets;
        this.fates = fates;
        this.clock = clock;
        this.policy = policy;
        this.audit = audit;
        this.auditEvents = auditEvents;
        this.drifts = drifts;
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
        if (request.invalid() != null) {
            return requestInvalid(request, request.invalid(), actor);
        }
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> requestOnce(request, actor));
            } catch (InvalidSpecProblem e) {
                if (request.source() == null) {
                    throw e; // the API's caller hears why
                }
                // a file from the repository: the revision says why, where the pull request shows it
                return requestInvalid(request, e.getMessage() + "\n" + InvalidSpecProblem.reason(e.errors()), actor);
            } catch (PersistenceException e) {
                if (attempt >= ATTEMPTS || !isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private Requested requestOnce(NewRevision request, String actor) {
        Instant now = clock.instant();
        Environment environment = liveEnvironment(request, now);
        SealPolicy seal = policy.seal(request.fork());
        StackSpec stack = request.resolvedStack();
        Map<String, Integer> granted = request.fork() ? Map.of() : grantedSecrets(request.repository(), stack);
        RevisionSpec spec = RevisionSpec.ofStack(request.repository(), request.headRepository(), request.branch(),
                request.commit(), stack, seal, granted,
                request.source() == null ? null : Names.sha256Hex(request.source().content()));
        String hash = spec.hash();
        Revision existing = revisions.findBySpec(environment, hash).orElse(null);
        if (existing != null) {
            if (existing.phase == RevisionPhase.FAILED) {
                lifecycle.moveTo(existing, RevisionPhase.QUEUED, actor, "asked for again");
                jobs.enqueue(Job.Kind.DEPLOY, environment.id, existing.id);
            }
            return new Requested(view(environment, false), view(existing, List.of()), false);
        }

        Revision revision = newRevision(environment, request, hash, actor, now);
        revision.image = stack.exposed().built() ? "build " + stack.exposed().build().context()
                : stack.exposed().image();
        revision.port = stack.exposed().port();
        revision.seal = RevisionSpec.canonicalJson(seal);
        revision.spec = spec.canonicalJson();
        revision.phase = RevisionPhase.QUEUED;
        revisions.persist(revision);
        revisions.flush();
        lifecycle.recordCreated(revision);
        cancelOlderBuilds(environment, revision, actor);
        jobs.enqueue(Job.Kind.DEPLOY, environment.id, revision.id);
        return new Requested(view(environment, false), view(revision, List.of()), true);
    }

    /**
     * A newer commit makes the builds of older revisions that are not READY yet pointless: those still
     * BUILDING are SUPERSEDED (their builds are cancelled by the worker once nothing waits for them).
     */
    private void cancelOlderBuilds(Environment environment, Revision newer, String actor) {
        for (Revision older : revisions.list("environment = ?1 and number < ?2 and phase = ?3", environment,
                newer.number, RevisionPhase.BUILDING)) {
            if (lifecycle.moveTo(older, RevisionPhase.SUPERSEDED, actor,
                    "cancelled: revision " + newer.number + " was asked for")) {
                jobs.enqueue(Job.Kind.RETIRE, environment.id, older.id);
            }
        }
    }

    /**
     * The secrets a trusted revision gets, by version. A secret the stack refers to that the repository
     * does not have is the request's error, named where the stack refers to it.
     */
    private Map<String, Integer> grantedSecrets(String repository, StackSpec stack) {
        Set<String> names = stack.secretNames();
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> versions = secrets.versions(repository, names);
        List<SpecError> missing = new ArrayList<>();
        stack.services().forEach((service, s) -> s.env().forEach((variable, value) -> {
            if (value.isSecret() && !versions.containsKey(value.secret())) {
                missing.add(new SpecError("services." + service + ".env." + variable, null, null,
                        "no secret " + value.secret() + " is stored for " + repository
                                + ": PUT /api/v1/repos/" + repository + "/secrets/" + value.secret()));
            }
        }));
        if (!missing.isEmpty()) {
            throw new InvalidSpecProblem("The spec refers to secrets the repository does not have.", missing);
        }
        return versions;
    }

    /**
     * Records that the spec file at a commit is not valid: a FAILED revision with the errors as its reason
     * and the file stored, so the page, the pull request comment and the deployment status say what to
     * fix. Asking again with the same file changes nothing; a fixed file is a new revision.
     */
    public Requested requestInvalid(NewRevision request, String reason, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Environment environment = liveEnvironment(request, now);
            String hash = Names.sha256Hex("invalid spec\n" + request.repository() + "\n" + request.headRepository()
                    + "\n" + request.branch() + "\n" + request.commit() + "\n" + request.source().path() + "\n"
                    + Names.sha256Hex(request.source().content()));
            Revision existing = revisions.findBySpec(environment, hash).orElse(null);
            if (existing != null) {
                return new Requested(view(environment, false), view(existing, List.of()), false);
            }
            Revision revision = newRevision(environment, request, hash, actor, now);
            revision.image = "";
            revision.port = 0;
            revision.phase = RevisionPhase.QUEUED;
            revisions.persist(revision);
            revisions.flush();
            lifecycle.recordCreated(revision);
            lifecycle.moveTo(revision, RevisionPhase.FAILED, actor, reason);
            return new Requested(view(environment, false), view(revision, List.of()), true);
        });
    }

    private Revision newRevision(Environment environment, NewRevision request, String hash, String actor,
            Instant now) {
        Revision revision = new Revision();
        revision.id = UUID.randomUUID();
        revision.environment = environment;
        revision.number = revisions.nextNumber(environment);
        revision.commitSha = request.commit();
        revision.specHash = hash;
        revision.name = Names.revisionName(environment.slug, hash);
        if (request.source() != null) {
            revision.specFile = request.source().content();
            revision.specPath = request.source().path();
        }
        revision.requestedBy = actor;
        revision.createdAt = now;
        revision.updatedAt = now;
        environment.latestRevision = revision;
        environment.updatedAt = now;
        return revision;
    }

    /** The branch's live environment, made if it has none; one being torn down takes no new revision. */
    private Environment liveEnvironment(NewRevision request, Instant now) {
        Environment environment = environments
                .findLiveForUpdate(request.repository(), request.headRepository(), request.branch())
                .orElse(null);
        if (environment == null) {
            admit(request.repository());
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
            // a revision asked for a pull request means it is open (again)
            environment.pullRequestClosedAt = null;
        }
        return environment;
    }

    /** Makes room for a new environment of the repository, or refuses it, as its policy says. */
    private void admit(String repository) {
        if (fates.admit(repository) instanceof Lifecycle.Evict evict) {
            Environment evicted = environments.findById(evict.environmentId());
            evicted.endedBy = evict.explanation();
            audit.record(evicted.id, null, AuditEvent.REAPER, AuditLog.EVICTED, evict.explanation());
            teardown(evicted.id, AuditEvent.REAPER);
        }
    }

    @Transactional
    public EnvironmentView get(UUID id) {
        return view(require(id), true);
    }

    @Transactional
    public RevisionView getRevision(UUID id) {
        Revision revision = revisions.findByIdOptional(id)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + id + "."));
        return view(revision, phaseChanges.listByRevisions(List.of(id)), drifts.listByRevisions(List.of(id)),
                jobs.latestDeploys(List.of(id)).get(id));
    }

    @Transactional
    public DeployTarget deployTarget(UUID revisionId) {
        Revision r = revisions.findByIdOptional(revisionId)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + revisionId + "."));
        return DeployTarget.of(r, policy);
    }

    /**
     * The revision's deploy target while it is READY, else empty (also when it does not exist). Asks for the
     * phase first: the drift watcher calls this for every object it sees added or changed, and while a
     * revision deploys (most of those events) one column answers it.
     */
    @Transactional
    public Optional<DeployTarget> readyTarget(UUID revisionId) {
        if (revisions.phaseOf(revisionId).filter(RevisionPhase.READY::equals).isEmpty()) {
            return Optional.empty();
        }
        Revision r = revisions.findById(revisionId);
        return r == null || r.phase != RevisionPhase.READY ? Optional.empty() : Optional.of(DeployTarget.of(r, policy));
    }

    /**
     * The spec a revision was made from: the file exactly as it was at the commit when it came from the
     * repository, else the stack written out as a {@code driftless.yaml} (a single image is a one-service
     * stack; a revision of spec version 2 is shown as one).
     *
     * @param path where the file was read from; null when the stack came through the API
     */
    public record SpecText(String text, String path) {
    }

    @Transactional
    public SpecText specOf(UUID revisionId) {
        Revision r = revisions.findByIdOptional(revisionId)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + revisionId + "."));
        if (r.specFile != null) {
            return new SpecText(r.specFile, r.specPath);
        }
        StackSpec stack = r.spec != null ? RevisionSpec.read(r.spec).stack() : StackSpec.singleImage(r.image, r.port);
        return new SpecText(SpecWriter.yaml(stack), null);
    }

    /** Every revision now DEPLOYING, with its namespace and since when. */
    @Transactional
    public List<Deploying> deploying() {
        return revisions.list("phase", RevisionPhase.DEPLOYING).stream()
                .map(r -> new Deploying(r.id, r.name, r.updatedAt, r.spec == null ? null : RevisionSpec.read(r.spec)))
                .toList();
    }

    /** The revisions being woken (WAKING), with when their wake began. */
    public List<Deploying> waking() {
        return revisions.list("phase", RevisionPhase.WAKING).stream()
                .map(r -> new Deploying(r.id, r.name, r.updatedAt, r.spec == null ? null : RevisionSpec.read(r.spec)))
                .toList();
    }

    /** The revision if it is DEPLOYING now. */
    @Transactional
    public Optional<Deploying> deploying(UUID revisionId) {
        return revisions.findByIdOptional(revisionId).filter(r -> r.phase == RevisionPhase.DEPLOYING)
                .map(r -> new Deploying(r.id, r.name, r.updatedAt, r.spec == null ? null : RevisionSpec.read(r.spec)));
    }

    /** @param spec a stack's spec; null for a single-image revision of version 2 */
    public record Deploying(UUID revisionId, String namespace, Instant since, RevisionSpec spec) {
    }

    /** Environments, newest first, optionally of one repository and in one phase. */
    @Transactional
    public Page<EnvironmentView> list(String repository, RevisionPhase phase, int page, int size) {
        return list(repository, phase, Optional.empty(), page, size);
    }

    /**
     * As {@link #list(String, RevisionPhase, int, int)}, limited to the {@code visible} repositories
     * (owner/name, lower case) when given.
     */
    @Transactional
    public Page<EnvironmentView> list(String repository, RevisionPhase phase, Optional<Set<String>> visible,
            int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (visible.isPresent()) {
            where.append(" and lower(repository) in :visible");
            parameters.and("visible", visible.get());
        }
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
        Map<String, EffectivePolicy> policyCache = new HashMap<>();
        List<EnvironmentView> items = query.page(page, size).list().stream().map(e -> view(e, false, policyCache))
                .toList();
        return new Page<>(items, page, size, total);
    }

    /**
     * Environments, newest first, as the list page searches them: a page of {@code size} after the
     * cursor {@code after} (keyset paging, so a page deep in a long list costs what the first does). The
     * statements it runs do not grow with the page: the environments with their newest and current
     * revisions in one, the policies of their repositories in one.
     *
     * @param after the {@link Slice#next()} of the page before; null for the first page
     * @throws IllegalArgumentException when {@code after} is not a cursor this method gave
     */
    @Transactional
    public Slice<EnvironmentView> search(EnvironmentQuery query, Optional<Set<String>> visible, String after,
            int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        visible.ifPresent(v -> {
            where.append(" and lower(e.repository) in :visible");
            parameters.and("visible", v);
        });
        if (query.repository() != null) {
            where.append(" and lower(e.repository) = :repository");
            parameters.and("repository", query.repository().toLowerCase(java.util.Locale.ROOT));
        }
        if (query.text() != null) {
            where.append(" and lower(e.branch) like :text escape '\\'");
            parameters.and("text", "%" + query.text().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (query.pullRequest() != null) {
            where.append(" and e.pullRequest = :pullRequest");
            parameters.and("pullRequest", query.pullRequest());
        }
        if (query.phase() != null) {
            where.append(" and l.phase = :phase");
            parameters.and("phase", query.phase());
        }
        if (query.fork() != null) {
            where.append(query.fork() ? " and e.repository <> e.headRepository" : " and e.repository = e.headRepository");
        }
        if (query.expiringSoon()) {
            where.append(" and e.status = :active and e.warnedFor > :now");
            parameters.and("active", EnvironmentStatus.ACTIVE).and("now", clock.instant());
        }
        if (after != null) {
            Cursor cursor = Cursor.parse(after);
            where.append(" and (e.createdAt < :at or (e.createdAt = :at and e.id < :id))");
            parameters.and("at", cursor.createdAt()).and("id", cursor.id());
        }
        var select = environments.getEntityManager().createQuery(
                "select e from Environment e left join fetch e.latestRevision l left join fetch e.currentRevision "
                        + "where " + where + " order by e.createdAt desc, e.id desc", Environment.class)
                .setMaxResults(size + 1);
        parameters.map().forEach(select::setParameter);
        List<Environment> found = select.getResultList();
        boolean more = found.size() > size;
        List<Environment> page = more ? found.subList(0, size) : found;
        Map<String, EffectivePolicy> policyCache = new HashMap<>(
                fates.policies(page.stream().map(e -> e.repository).toList()));
        List<EnvironmentView> items = page.stream().map(e -> view(e, false, policyCache)).toList();
        String next = more ? new Cursor(page.get(size - 1).createdAt, page.get(size - 1).id).text() : null;
        return new Slice<>(items, size, next);
    }

    /** Where a page ends: the creation time and id of its last environment, as an opaque text. */
    record Cursor(Instant createdAt, UUID id) {

        String text() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "/" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(text),
                        java.nio.charset.StandardCharsets.UTF_8).split("/", 2);
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("is not a page cursor this list gave");
            }
        }
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
                lifecycle.moveTo(revision, RevisionPhase.TEARING_DOWN, actor, "teardown asked for");
            }
            audit.record(id, null, actor, AuditLog.TEARDOWN_REQUESTED, "teardown of the environment asked for");
            jobs.enqueue(Job.Kind.TEARDOWN, id, null);
        }
        return view(environment, true);
    }

    /**
     * Queues a FAILED revision for a new attempt of the same spec, as asking for that spec again does: for
     * a failure that was not the spec's fault (a registry away, a cluster short of room). A revision whose
     * spec file is not valid would fail the same way, and one of an environment no longer ACTIVE has
     * nowhere to go: both are refused (409).
     */
    @Transactional
    public RevisionView redeploy(UUID revisionId, String actor) {
        UUID environmentId = revisions.environmentIdOf(revisionId)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + revisionId + "."));
        // locks in the order every writer takes them: environment, then revision
        Environment environment = environments.findById(environmentId, LockModeType.PESSIMISTIC_WRITE);
        Revision revision = revisions.findById(revisionId, LockModeType.PESSIMISTIC_WRITE);
        if (environment.status != EnvironmentStatus.ACTIVE) {
            throw new ConflictProblem("The environment is " + environment.status + "; nothing is deployed into it.");
        }
        if (revision.phase != RevisionPhase.FAILED) {
            throw new ConflictProblem("Revision " + revision.number + " is " + revision.phase
                    + "; only a FAILED revision is deployed again.");
        }
        if (stackView(revision).invalid()) {
            throw new ConflictProblem("Revision " + revision.number + "'s spec file is not valid; it would fail "
                    + "the same way. Push a commit that fixes " + revision.specPath + ".");
        }
        audit.record(environment.id, revision.id, actor, AuditLog.REDEPLOY_REQUESTED,
                "revision " + revision.number + " deployed again after: " + revision.failureReason);
        lifecycle.moveTo(revision, RevisionPhase.QUEUED, actor, "deployed again");
        jobs.enqueue(Job.Kind.DEPLOY, environment.id, revision.id);
        return view(revision, phaseChanges.listByRevisions(List.of(revision.id)));
    }

    /** The repository (owner/name) of an environment, for access checks; 404 when unknown. */
    @Transactional
    public String repositoryOf(UUID environmentId) {
        return environments.findByIdOptional(environmentId).map(e -> e.repository)
                .orElseThrow(() -> notFound(environmentId));
    }

    /** The repository (owner/name) of a revision's environment, for access checks; 404 when unknown. */
    @Transactional
    public String repositoryOfRevision(UUID revisionId) {
        return revisions.findByIdOptional(revisionId).map(r -> r.environment.repository)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + revisionId + "."));
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
            audit.record(id, null, AuditEvent.WORKER, AuditLog.TORN_DOWN,
                    "every namespace and the alias confirmed gone by the cluster");
        }
    }

    /**
     * Points the alias back at an earlier READY revision: the previous one by default, or the one named.
     * Nothing is rebuilt; a ROUTE job re-points the alias in the cluster.
     */
    @Transactional
    public EnvironmentView rollback(UUID id, UUID revisionId, String actor) {
        Environment environment = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> notFound(id));
        if (environment.status != EnvironmentStatus.ACTIVE) {
            throw new ConflictProblem("The environment is " + environment.status + "; nothing to roll back.");
        }
        Revision current = environment.currentRevision;
        Revision target;
        if (revisionId != null) {
            target = revisions.findByIdOptional(revisionId, LockModeType.PESSIMISTIC_WRITE)
                    .filter(r -> r.environment.id.equals(id))
                    .orElseThrow(() -> new NotFoundProblem(
                            "The environment has no revision with the id " + revisionId + "."));
            if (target.phase != RevisionPhase.READY) {
                throw new ConflictProblem("Revision " + target.number + " is " + target.phase
                        + "; only a READY revision can take the alias.");
            }
        } else {
            if (current == null) {
                throw new ConflictProblem("The alias points at no revision yet; nothing to roll back from.");
            }
            target = revisions.find("environment = ?1 and number < ?2 and phase = ?3 order by number desc",
                    environment, current.number, RevisionPhase.READY).firstResultOptional()
                    .orElseThrow(() -> new ConflictProblem("No READY revision before revision " + current.number
                            + " is left to roll back to."));
        }
        if (target != current) {
            audit.record(id, target.id, actor, AuditLog.ROLLBACK, "alias moved from revision "
                    + (current == null ? "none" : current.number) + " to revision " + target.number);
            lifecycle.pointAliasAt(environment, target, actor);
        }
        return view(environment, true);
    }

    /** The environment's history, oldest first. */
    @Transactional
    public List<EventView> events(UUID id) {
        require(id);
        Map<UUID, Integer> numbers = new HashMap<>();
        for (Revision r : revisions.listByEnvironment(id)) {
            numbers.put(r.id, r.number);
        }
        return auditEvents.listByEnvironment(id).stream()
                .map(e -> new EventView(e.at, e.actor, e.action, e.revisionId,
                        e.revisionId == null ? null : numbers.get(e.revisionId), e.detail))
                .toList();
    }

    /** Where the alias of an environment must point, for the worker. Empty once it points nowhere. */
    @Transactional
    public Optional<RouteTarget> routeTarget(UUID id) {
        Environment e = require(id);
        Revision current = e.currentRevision;
        if (current == null || e.status != EnvironmentStatus.ACTIVE) {
            return Optional.empty();
        }
        return Optional.of(RouteTarget.of(e, urls.host(e.slug)));
    }

    /** Records drift found by the worker; returns its id so that healing can be recorded against it. */
    @Transactional
    public long recordDrift(UUID revisionId, DriftEvent.Kind kind, String objectKind, String objectName,
            String detail) {
        return recordDrift(revisionId, kind, objectKind, objectName, detail, DriftEvent.Cause.WATCH);
    }

    /** As {@link #recordDrift(UUID, DriftEvent.Kind, String, String, String)}, saying how it was found. */
    @Transactional
    public long recordDrift(UUID revisionId, DriftEvent.Kind kind, String objectKind, String objectName,
            String detail, DriftEvent.Cause cause) {
        Revision revision = revisions.findByIdOptional(revisionId)
                .orElseThrow(() -> new NotFoundProblem("No revision has the id " + revisionId + "."));
        DriftEvent drift = new DriftEvent();
        drift.environmentId = revision.environment.id;
        drift.revisionId = revisionId;
        drift.kind = kind;
        drift.objectKind = objectKind;
        drift.objectName = objectName;
        drift.detail = detail;
        drift.cause = cause;
        drift.detectedAt = Instant.now();
        meters.drift(kind.name(), cause.name());
        drifts.persist(drift);
        audit.record(drift.environmentId, revisionId, AuditEvent.WORKER, AuditLog.DRIFT,
                kind + " " + objectKind + " " + objectName + (detail == null ? "" : ": " + detail)
                        + " (" + cause.label() + ")");
        return drift.id;
    }

    @Transactional
    public void recordHealed(long driftId, String how) {
        DriftEvent drift = drifts.findById(driftId);
        if (drift != null && drift.healedAt == null) {
            drift.healedAt = Instant.now();
            meters.healed();
            audit.record(drift.environmentId, drift.revisionId, AuditEvent.WORKER, AuditLog.HEALED,
                    drift.objectKind + " " + drift.objectName + " " + how);
        }
    }

    /** The phase of each revision named, for the sweep; unknown ids are absent. */
    @Transactional
    public Map<UUID, RevisionPhase> phases(Collection<UUID> revisionIds) {
        if (revisionIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, RevisionPhase> phases = new HashMap<>();
        for (Revision r : revisions.list("id in ?1", revisionIds)) {
            phases.put(r.id, r.phase);
        }
        return phases;
    }

    /** Statuses of the environments named, for the sweep; unknown ids are absent. */
    @Transactional
    public Map<UUID, EnvironmentStatus> statuses(Collection<UUID> environmentIds) {
        if (environmentIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, EnvironmentStatus> statuses = new HashMap<>();
        for (Environment e : environments.list("id in ?1", environmentIds)) {
            statuses.put(e.id, e.status);
        }
        return statuses;
    }

    private Environment require(UUID id) {
        return environments.findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundProblem notFound(UUID id) {
        return new NotFoundProblem("No environment has the id " + id + ".");
    }

    private EnvironmentView view(Environment e, boolean withRevisions) {
        return view(e, withRevisions, new HashMap<>());
    }

    private EnvironmentView view(Environment e, boolean withRevisions, Map<String, EffectivePolicy> policyCache) {
        List<RevisionView> revisionViews = null;
        if (withRevisions) {
            List<Revision> all = revisions.listByEnvironment(e.id);
            Map<UUID, List<PhaseChange>> changes = new HashMap<>();
            for (PhaseChange change : phaseChanges.listByRevisions(all.stream().map(r -> r.id).toList())) {
                changes.computeIfAbsent(change.revisionId, k -> new ArrayList<>()).add(change);
            }
            Map<UUID, List<DriftEvent>> driftsByRevision = new HashMap<>();
            for (DriftEvent drift : drifts.listByRevisions(all.stream().map(r -> r.id).toList())) {
                driftsByRevision.computeIfAbsent(drift.revisionId, k -> new ArrayList<>()).add(drift);
            }
            Map<UUID, Job> deploys = jobs.latestDeploys(all.stream().map(r -> r.id).toList());
            revisionViews = all.stream().map(r -> view(r, changes.getOrDefault(r.id, List.of()),
                    driftsByRevision.getOrDefault(r.id, List.of()), deploys.get(r.id))).toList();
        }
        Revision latest = e.latestRevision;
        Revision current = e.currentRevision;
        Fate fate = fates.fate(e, policyCache).orElse(null);
        ExpiryView expiry = fate == null ? null : new ExpiryView(fate.rule().name(), fate.source(), fate.explanation(),
                fate.warnAt(), e.pinnedAt == null ? null : new PinView(e.pinnedBy, e.pinReason, e.pinnedAt,
                        e.pinnedUntil));
        return new EnvironmentView(e.id, e.slug, e.repository, e.headRepository, e.branch, e.pullRequest, e.status,
                latest == null ? null : latest.phase, urls.url(e.slug), current == null ? null : current.id,
                latest == null ? null : latest.id, e.createdAt, e.updatedAt, e.tornDownAt, revisionViews,
                fate == null ? null : fate.expiresAt(), fate != null && fate.pinned(), expiry, e.endedBy,
                latest == null ? null : latest.commitSha);
    }

    private RevisionView view(Revision r, List<PhaseChange> changes) {
        return view(r, changes, List.of(), null);
    }

    private RevisionView view(Revision r, List<PhaseChange> changes, List<DriftEvent> driftEvents, Job deploy) {
        return new RevisionView(r.id, r.environment.id, r.number, r.commitSha, r.image, r.port, r.specHash, r.name,
                urls.url(r.name), r.phase, r.failureReason, r.requestedBy, r.createdAt, r.updatedAt,
                changes.stream().map(c -> new PhaseChangeView(c.phase, c.at, c.reason)).toList(),
                driftEvents.stream().map(d -> new DriftView(d.kind, d.objectKind, d.objectName, d.detail,
                        d.detectedAt, d.healedAt, d.cause)).toList(),
                deploy == null ? 0 : deploy.attempts, deploy == null ? null : deploy.lastError, pinnedImage(r),
                pinnedImage(r) != null, stackView(r));
    }

    private static String buildLabel(StackSpec.BuildSpec build) {
        String context = build.context().equals(".") ? "" : build.context() + "/";
        return context + build.dockerfile() + (build.target() == null ? "" : ", target " + build.target());
    }

    private static StackView stackView(Revision r) {
        if (r.spec == null) {
            boolean invalid = r.specFile != null;
            return new StackView(invalid ? RevisionSpec.STACK_VERSION : RevisionSpec.SINGLE_IMAGE_VERSION,
                    r.specPath, invalid ? List.of() : List.of(new ServiceView(StackSpec.SINGLE_SERVICE, r.image,
                            pinnedImage(r), r.port, true, List.of(), false, null)),
                    List.of(), List.of(), List.of(), invalid);
        }
        RevisionSpec spec = RevisionSpec.read(r.spec);
        StackSpec stack = spec.stack();
        List<ServiceView> services = stack.startOrder().stream()
                .map(s -> new ServiceView(s.name(), s.image(), r.pinnedImages.getOrDefault(s.name(),
                        s.built() ? null : ImageReference.parse(s.image()).filter(ImageReference::pinned)
                                .map(i -> s.image()).orElse(null)),
                        s.port(), s.expose(), List.copyOf(s.dependsOn()), s.storage() != null,
                        s.built() ? buildLabel(s.build()) : null))
                .toList();
        List<HookView> hooks = stack.hookList().stream().map(h -> new HookView(h.name(), h.service(), h.command()))
                .toList();
        List<String> withheld = stack.secretNames().stream().filter(n -> !spec.secrets().containsKey(n)).toList();
        return new StackView(spec.version(), r.specPath, services, hooks, List.copyOf(stack.secretNames()), withheld,
                false);
    }

    /** The image the revision's exposed service runs by digest; null while it is known by tag only. */
    private static String pinnedImage(Revision r) {
        if (r.spec != null) {
            String exposed = RevisionSpec.read(r.spec).stack().exposed().name();
            if (r.pinnedImages.containsKey(exposed)) {
                return r.pinnedImages.get(exposed);
            }
        }
        if (r.pinnedImage != null) {
            return r.pinnedImage;
        }
        return ImageReference.parse(r.image).filter(ImageReference::pinned).map(i -> r.image).orElse(null);
    }

    /**
     * Records the image by digest a revision's tag was resolved to, once: the first resolution wins and
     * later ones change nothing, so a revision never runs two different images.
     *
     * @return the pinned image in force
     */
    @Transactional
    public String recordPinnedImage(UUID revisionId, String pinnedImage) {
        int updated = revisions.getEntityManager().createNativeQuery(
                "update revision set pinned_image = :pinned where id = :id and pinned_image is null")
                .setParameter("pinned", pinnedImage)
                .setParameter("id", revisionId)
                .executeUpdate();
        String inForce = (String) revisions.getEntityManager()
                .createNativeQuery("select pinned_image from revision where id = :id")
                .setParameter("id", revisionId)
                .getSingleResult();
        if (updated == 1) {
            UUID environmentId = revisions.environmentIdOf(revisionId).orElseThrow();
            audit.record(environmentId, revisionId, AuditEvent.WORKER, AuditLog.IMAGE_PINNED,
                    "image pinned to " + pinnedImage);
        }
        return inForce;
    }

    /**
     * Records the image by digest one service of a stack was resolved to, once per service: as
     * {@link #recordPinnedImage(UUID, String)}, the first resolution wins.
     *
     * @return the pinned image in force for that service
     */
    @Transactional
    public String recordPinnedImage(UUID revisionId, String service, String pinnedImage) {
        var em = revisions.getEntityManager();
        int inserted = em.createNativeQuery("""
                insert into revision_image (revision_id, service, pinned_image) values (:id, :service, :pinned)
                on conflict (revision_id, service) do nothing""")
                .setParameter("id", revisionId).setParameter("service", service).setParameter("pinned", pinnedImage)
                .executeUpdate();
        String inForce = (String) em.createNativeQuery(
                "select pinned_image from revision_image where revision_id = :id and service = :service")
                .setParameter("id", revisionId).setParameter("service", service).getSingleResult();
        if (inserted == 1) {
            UUID environmentId = revisions.environmentIdOf(revisionId).orElseThrow();
            audit.record(environmentId, revisionId, AuditEvent.WORKER, AuditLog.IMAGE_PINNED,
                    "service " + service + ": image pinned to " + pinnedImage);
        }
        return inForce;
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
