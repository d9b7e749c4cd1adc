package io.driftless.api.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Build;
import io.driftless.api.domain.RevisionPhase;

/**
 * Builds and which revisions they serve. A build is keyed by what it is built from: a key found in the
 * registry is CACHED (no Job), and at most one build of a key RUNS at a time (a partial unique index),
 * so two revisions that need the same image at once share one Job even across workers.
 */
@ApplicationScoped
public class BuildStore {

    /** The most of a build's log that is kept: its tail. */
    public static final int LOG_LIMIT = 2 * 1024 * 1024;

    private final EntityManager em;

    public BuildStore(EntityManager em) {
        this.em = em;
    }

    /**
     * A build as the API shows it.
     *
     * @param image the image by digest, once built or found
     */
    public record BuildView(UUID id, String service, String cacheKey, Build.Status status, String image,
            String reason, String destination, String namespace, String repository, Instant createdAt,
            Instant startedAt, Instant finishedAt) {

        static BuildView of(Build b) {
            return new BuildView(b.id, b.service, b.cacheKey, b.status, b.image, b.reason, b.destination, b.namespace,
                    b.repository, b.createdAt, b.startedAt, b.finishedAt);
        }
    }

    /** What a build is made from, for a new row. */
    public record Inputs(String cacheKey, String repository, String headRepository, String service, String commit,
            String treeId, String inputs, String destination) {
    }

    /** A build's log: its text (the tail when truncated) and whether the build is over. */
    public record Log(String text, boolean truncated, boolean done) {
    }

    /** The build that gave (or is giving) the revision's service its image. */
    @Transactional
    public Optional<BuildView> linked(UUID revisionId, String service) {
        return em.createQuery("""
                select b from Build b, RevisionBuild rb
                where rb.buildId = b.id and rb.revisionId = :revision and rb.service = :service""", Build.class)
                .setParameter("revision", revisionId).setParameter("service", service)
                .getResultStream().findFirst().map(BuildView::of);
    }

    /** The image for the key was in the registry already: a CACHED build, no Job. */
    @Transactional
    public BuildView recordCached(UUID revisionId, Inputs in, String image, String reason) {
        Build build = newBuild(in, Build.Status.CACHED);
        build.image = image;
        build.reason = reason;
        build.finishedAt = build.createdAt;
        em.persist(build);
        link(revisionId, in.service(), build.id);
        return BuildView.of(build);
    }

    /**
     * Starts a build of the key for the revision's service, or joins the one already running.
     *
     * @param started true when this call started it (and must create its Job)
     */
    public record Started(BuildView build, boolean started) {
    }

    /**
     * As {@link #startOrJoin(UUID, Inputs, String, String)}, but starts a build only while fewer than
     * {@code slots} run (across all workers: the check and the start hold one transaction lock); joining
     * a running build of the key takes no slot.
     *
     * @return empty when no slot is free: nothing was written
     */
    @Transactional
    public Optional<Started> startOrJoin(UUID revisionId, Inputs in, String namespace, String reason, int slots) {
        em.createNativeQuery("select pg_advisory_xact_lock(:lock)").setParameter("lock", SLOTS_LOCK).getSingleResult();
        boolean running = !em.createQuery("from Build where cacheKey = :key and status = :running", Build.class)
                .setParameter("key", in.cacheKey()).setParameter("running", Build.Status.RUNNING)
                .setMaxResults(1).getResultList().isEmpty();
        if (!running && runningCount() >= slots) {
            return Optional.empty();
        }
        return Optional.of(startOrJoin(revisionId, in, namespace, reason));
    }

    /** The transaction lock that makes counting running builds and starting one a single step. */
    static final long SLOTS_LOCK = 0x44524654_0000_0042L;

    @Transactional
    public Started startOrJoin(UUID revisionId, Inputs in, String namespace, String reason) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        int inserted = em.createNativeQuery("""
                insert into build (id, cache_key, repository, head_repository, service, commit_sha, tree_id, inputs,
                                   destination, status, reason, namespace, created_at, started_at)
                values (:id, :key, :repository, :head, :service, :commit, :tree, :inputs, :destination, 'RUNNING',
                        :reason, :namespace, :now, :now)
                on conflict (cache_key) where status = 'RUNNING' do nothing""")
                .setParameter("id", id).setParameter("key", in.cacheKey()).setParameter("repository", in.repository())
                .setParameter("head", in.headRepository()).setParameter("service", in.service())
                .setParameter("commit", in.commit()).setParameter("tree", in.treeId())
                .setParameter("inputs", in.inputs()).setParameter("destination", in.destination())
                .setParameter("reason", reason).setParameter("namespace", namespace).setParameter("now", now)
                .executeUpdate();
        Build build = em.createQuery("from Build where cacheKey = :key and status = :running", Build.class)
                .setParameter("key", in.cacheKey()).setParameter("running", Build.Status.RUNNING)
                .getResultStream().findFirst()
                .orElseGet(() -> em.createQuery("from Build where cacheKey = :key and status in (:done) "
                        + "order by createdAt desc", Build.class)
                        .setParameter("key", in.cacheKey())
                        .setParameter("done", List.of(Build.Status.SUCCEEDED, Build.Status.FAILED))
                        .setMaxResults(1).getSingleResult());
        link(revisionId, in.service(), build.id);
        return new Started(BuildView.of(build), inserted == 1 && build.id.equals(id));
    }

    /**
     * Ends a build.
     *
     * @return the revisions still BUILDING that wait for it
     */
    @Transactional
    public List<UUID> finish(UUID buildId, Build.Status status, String image, String reason, String log) {
        Build build = em.find(Build.class, buildId);
        if (build == null || build.status.done()) {
            return List.of();
        }
        build.status = status;
        build.image = image;
        build.reason = reason;
        build.finishedAt = Instant.now();
        keepLog(build, log);
        return waiting(buildId);
    }

    /** The revisions still BUILDING that wait for the build. */
    @Transactional
    public List<UUID> waiting(UUID buildId) {
        return em.createQuery("""
                select r.id from Revision r, RevisionBuild rb
                where rb.revisionId = r.id and rb.buildId = :build and r.phase = :building""", UUID.class)
                .setParameter("build", buildId).setParameter("building", RevisionPhase.BUILDING).getResultList();
    }

    /** The log of a running build so far. */
    @Transactional
    public void log(UUID buildId, String log) {
        Build build = em.find(Build.class, buildId);
        if (build != null && !build.status.done()) {
            keepLog(build, log);
        }
    }

    /** How many builds run now. */
    @Transactional
    public long runningCount() {
        return em.createQuery("select count(b) from Build b where b.status = :running", Long.class)
                .setParameter("running", Build.Status.RUNNING).getSingleResult();
    }

    /**
     * Revisions BUILDING that no running build is working for: each waits for a free build slot, or for
     * a step that will find its builds done.
     */
    @Transactional
    public List<UUID> buildingWithoutRunningBuild() {
        return em.createQuery("""
                select r.id from Revision r where r.phase = :building and not exists (
                    select 1 from RevisionBuild rb, Build b
                    where rb.revisionId = r.id and b.id = rb.buildId and b.status = :running)""", UUID.class)
                .setParameter("building", RevisionPhase.BUILDING).setParameter("running", Build.Status.RUNNING)
                .getResultList();
    }

    /** Every RUNNING build, for the worker that follows them. */
    @Transactional
    public List<BuildView> running() {
        return em.createQuery("from Build where status = :running order by createdAt", Build.class)
                .setParameter("running", Build.Status.RUNNING).getResultStream().map(BuildView::of).toList();
    }

    @Transactional
    public List<BuildView> ofRevision(UUID revisionId) {
        return em.createQuery("""
                select b from Build b, RevisionBuild rb
                where rb.buildId = b.id and rb.revisionId = :revision order by rb.service""", Build.class)
                .setParameter("revision", revisionId).getResultStream().map(BuildView::of).toList();
    }

    @Transactional
    public BuildView get(UUID buildId) {
        Build build = em.find(Build.class, buildId);
        if (build == null) {
            throw new NotFoundProblem("No build has the id " + buildId + ".");
        }
        return BuildView.of(build);
    }

    @Transactional
    public Log logOf(UUID buildId) {
        Build build = em.find(Build.class, buildId);
        if (build == null) {
            throw new NotFoundProblem("No build has the id " + buildId + ".");
        }
        return new Log(build.log, build.logTruncated, build.status.done());
    }

    private static void keepLog(Build build, String log) {
        if (log == null) {
            return;
        }
        if (log.length() > LOG_LIMIT) {
            build.log = log.substring(log.length() - LOG_LIMIT);
            build.logTruncated = true;
        } else {
            build.log = log;
        }
    }

    private Build newBuild(Inputs in, Build.Status status) {
        Build build = new Build();
        build.id = UUID.randomUUID();
        build.cacheKey = in.cacheKey();
        build.repository = in.repository();
        build.headRepository = in.headRepository();
        build.service = in.service();
        build.commitSha = in.commit();
        build.treeId = in.treeId();
        build.inputs = in.inputs();
        build.destination = in.destination();
        build.status = status;
        build.createdAt = Instant.now();
        return build;
    }

    private void link(UUID revisionId, String service, UUID buildId) {
        em.createNativeQuery("""
                insert into revision_build (revision_id, service, build_id) values (:revision, :service, :build)
                on conflict (revision_id, service) do update set build_id = excluded.build_id""")
                .setParameter("revision", revisionId).setParameter("service", service).setParameter("build", buildId)
                .executeUpdate();
    }
}
