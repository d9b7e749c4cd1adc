package io.driftless.api.service;

import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.GitHubComment;
import io.driftless.api.domain.GitHubDeployment;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.naming.Urls;
import io.driftless.api.policy.Fate;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.spec.RevisionSpec;

/**
 * What Driftless has told GitHub about environments and revisions, and what there is to tell: the
 * state a GITHUB_SYNC job reads when it runs, and where it records each step as soon as GitHub took it.
 */
@ApplicationScoped
public class GitHubRecords {

    private final EntityManager em;
    private final JobStore jobs;
    private final Urls urls;
    private final Lifecycle lifecycle;

    public GitHubRecords(EntityManager em, JobStore jobs, Urls urls, Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.em = em;
        this.jobs = jobs;
        this.urls = urls;
    }

    /**
     * A revision as GitHub is told about it.
     *
     * @param withheldSecrets secrets its stack refers to that it does not get (a fork's revision)
     */
    public record RevisionState(UUID id, int number, String commitSha, String url, RevisionPhase phase,
            String failureReason, List<String> withheldSecrets) {

        public RevisionState(UUID id, int number, String commitSha, String url, RevisionPhase phase,
                String failureReason) {
            this(id, number, commitSha, url, phase, failureReason, List.of());
        }
    }

    /**
     * Everything a sync needs, read in one transaction.
     *
     * @param revision            the revision the job is about
     * @param latest              the environment's newest revision, which its pull-request comment shows
     * @param aliasRevisionNumber the revision the stable URL serves, null while it serves none
     * @param deployment          the revision's GitHub Deployment, if one was created
     * @param comment             the environment's pull-request comment, if one was written
     * @param expiry              when an ACTIVE environment will be torn down; null when it never expires
     * @param endedBy             why policy tore it down (expired, evicted, branch deleted); null otherwise
     */
    public record SyncTarget(UUID environmentId, String repository, String headRepository, String branch,
            Integer pullRequest, EnvironmentStatus environmentStatus, String environmentUrl, RevisionState revision,
            RevisionState latest, Integer aliasRevisionNumber, Optional<DeploymentRecord> deployment,
            Optional<CommentRecord> comment, ExpiryNote expiry, String endedBy) {
    }

    /**
     * @param warned it is within warnBefore of expiresAt: the comment says how to extend it
     */
    public record ExpiryNote(Instant expiresAt, String explanation, boolean warned) {
    }

    public record DeploymentRecord(long deploymentId, String reportedState) {
    }

    public record CommentRecord(int pullRequest, long commentId, String bodySha256) {
    }

    /**
     * Queues a GITHUB_SYNC job for the revision in the caller's transaction, unless one is queued and
     * not yet started: that one reads the revision's phase when it runs, so it reports this change too.
     * The queued job is locked until commit, so no worker can start it before it would see the change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queueSync(UUID environmentId, UUID revisionId) {
        boolean pending = !em.createNativeQuery("""
                select id from job
                where kind = :kind and revision_id = :revision and state = 'QUEUED'
                for update""")
                .setParameter("kind", Job.Kind.GITHUB_SYNC.name())
                .setParameter("revision", revisionId)
                .getResultList().isEmpty();
        if (!pending) {
            jobs.enqueue(Job.Kind.GITHUB_SYNC, environmentId, revisionId);
        }
    }

    /** What there is to tell GitHub about the revision now; empty if it is unknown. */
    @Transactional
    public Optional<SyncTarget> target(UUID revisionId) {
        Revision revision = em.find(Revision.class, revisionId);
        if (revision == null) {
            return Optional.empty();
        }
        Environment e = revision.environment;
        Revision latest = e.latestRevision == null ? revision : e.latestRevision;
        Revision alias = e.currentRevision;
        GitHubDeployment deployment = em.find(GitHubDeployment.class, revisionId);
        GitHubComment comment = em.find(GitHubComment.class, e.id);
        ExpiryNote expiry = lifecycle.fate(e, new java.util.HashMap<>()).filter(Fate::expires)
                .map(f -> new ExpiryNote(f.expiresAt(), f.explanation(), f.expiresAt().equals(e.warnedFor)))
                .orElse(null);
        return Optional.of(new SyncTarget(e.id, e.repository, e.headRepository, e.branch, e.pullRequest, e.status,
                urls.url(e.slug), state(revision), state(latest), alias == null ? null : alias.number,
                Optional.ofNullable(deployment).map(d -> new DeploymentRecord(d.deploymentId, d.reportedState)),
                Optional.ofNullable(comment).map(c -> new CommentRecord(c.pullRequest, c.commentId, c.bodySha256)),
                expiry, e.endedBy));
    }

    /** The revision's GitHub Deployment exists: recorded before any status is posted to it. */
    @Transactional
    public void recordDeployment(UUID revisionId, UUID environmentId, String repository, long deploymentId) {
        if (em.find(GitHubDeployment.class, revisionId) != null) {
            return;
        }
        GitHubDeployment d = new GitHubDeployment();
        d.revisionId = revisionId;
        d.environmentId = environmentId;
        d.repository = repository;
        d.deploymentId = deploymentId;
        d.createdAt = Instant.now();
        d.updatedAt = d.createdAt;
        em.persist(d);
    }

    /** GitHub has taken the status {@code state} for the revision's Deployment. */
    @Transactional
    public void recordReported(UUID revisionId, String state) {
        GitHubDeployment d = em.find(GitHubDeployment.class, revisionId);
        if (d == null) {
            throw new IllegalStateException("revision " + revisionId + " has no GitHub Deployment on record");
        }
        d.reportedState = state;
        d.updatedAt = Instant.now();
    }

    /** The environment's pull-request comment is {@code commentId} and shows the body with this hash. */
    @Transactional
    public void recordComment(UUID environmentId, String repository, int pullRequest, long commentId,
            String bodySha256) {
        GitHubComment c = em.find(GitHubComment.class, environmentId);
        boolean first = c == null;
        if (first) {
            c = new GitHubComment();
            c.environmentId = environmentId;
        }
        c.repository = repository;
        c.pullRequest = pullRequest;
        c.commentId = commentId;
        c.bodySha256 = bodySha256;
        c.updatedAt = Instant.now();
        if (first) {
            em.persist(c);
        }
    }

    private RevisionState state(Revision r) {
        List<String> withheld = List.of();
        if (r.spec != null) {
            RevisionSpec spec = RevisionSpec.read(r.spec);
            withheld = spec.stack().secretNames().stream().filter(n -> !spec.secrets().containsKey(n)).toList();
        }
        return new RevisionState(r.id, r.number, r.commitSha, urls.url(r.name), r.phase, r.failureReason, withheld);
    }
}
