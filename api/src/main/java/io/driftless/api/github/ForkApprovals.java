package io.driftless.api.github;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.driftless.api.domain.ForkRequest;
import io.driftless.api.domain.ForkRequestRepository;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.NewRevision;
import io.driftless.api.service.NotFoundProblem;
import io.driftless.api.service.RepositorySettingsService;
import io.driftless.api.service.RepositorySettingsService.SettingsView;
import io.driftless.api.service.Views.Requested;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Fork pull requests run untrusted code: each commit of one waits for an approval of that exact commit
 * (by an admin, or by the trusted label added while it is the head) before it gets an environment. A
 * newer push supersedes what was waiting, so it needs an approval of its own.
 */
@ApplicationScoped
public class ForkApprovals {

    private static final Logger LOG = Logger.getLogger(ForkApprovals.class);

    /** A commit of a fork's pull request, as the webhook saw it. */
    public record ForkCommit(String repository, int pullRequest, String headRepository, String branch,
            String commit) {
    }

    /** An approval and the revision it asked for. */
    public record Approval(String repository, int pullRequest, String commit, String approvedBy, Instant approvedAt,
            Requested requested) {
    }

    private final ForkRequestRepository requests;
    private final EnvironmentService environments;
    private final RepositorySettingsService settings;
    private final AuditLog audit;
    private final EntityManager em;

    public ForkApprovals(ForkRequestRepository requests, EnvironmentService environments,
            RepositorySettingsService settings, AuditLog audit, EntityManager em) {
        this.requests = requests;
        this.environments = environments;
        this.settings = settings;
        this.audit = audit;
        this.em = em;
    }

    /** A fork's commit waiting for approval, as listed for reviewers and admins. */
    public record Pending(String repository, int pullRequest, String headRepository, String branch, String commit,
            Instant requestedAt) {

        public String shortCommit() {
            return commit.substring(0, Math.min(12, commit.length()));
        }
    }

    /**
     * The commits waiting for approval, newest first, at most {@code limit}; only of the
     * {@code visible} repositories (lower-case owner/name) when given.
     */
    @jakarta.transaction.Transactional
    public java.util.List<Pending> pending(Optional<java.util.Set<String>> visible, int limit) {
        var query = visible.isEmpty()
                ? requests.find("state = ?1 order by requestedAt desc, id desc", ForkRequest.State.PENDING)
                : requests.find("state = ?1 and lower(repository) in ?2 order by requestedAt desc, id desc",
                        ForkRequest.State.PENDING, visible.get());
        return query.range(0, limit - 1).list().stream()
                .map(r -> new Pending(r.repository, r.pullRequest, r.headRepository, r.branch, r.commitSha,
                        r.requestedAt))
                .toList();
    }

    /**
     * Records that this commit asks for an environment, superseding whatever of the same pull request
     * was still waiting; returns the commit's state (APPROVED when it was approved before).
     */
    public ForkRequest.State record(ForkCommit c) {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("""
                    insert into fork_request (repository, pull_request, head_repository, branch, commit_sha, state,
                                              requested_at)
                    values (:repository, :pr, :head, :branch, :commit, 'PENDING', clock_timestamp())
                    on conflict (repository, pull_request, commit_sha) do nothing""")
                    .setParameter("repository", c.repository())
                    .setParameter("pr", c.pullRequest())
                    .setParameter("head", c.headRepository())
                    .setParameter("branch", c.branch())
                    .setParameter("commit", c.commit())
                    .executeUpdate();
            ForkRequest request = requests.findForUpdate(c.repository(), c.pullRequest(), c.commit()).orElseThrow();
            for (ForkRequest other : requests.pending(c.repository(), c.pullRequest())) {
                if (!other.id.equals(request.id)) {
                    other.state = ForkRequest.State.SUPERSEDED;
                    other.decidedAt = Instant.now();
                    other.decidedBy = "push of " + c.commit();
                }
            }
            if (request.state == ForkRequest.State.SUPERSEDED || request.state == ForkRequest.State.CLOSED) {
                // the head went back to a commit seen before (a force-push, a reopen): it waits again
                request.state = ForkRequest.State.PENDING;
                request.decidedAt = null;
                request.decidedBy = null;
            }
            return request.state;
        });
    }

    /** The pull request was closed: nothing of it waits any more. */
    public void close(String repository, int pullRequest) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (ForkRequest request : requests.pending(repository, pullRequest)) {
                request.state = ForkRequest.State.CLOSED;
                request.decidedAt = Instant.now();
                request.decidedBy = "pull request closed";
            }
        });
    }

    /**
     * Approves one commit of a fork's pull request and asks for its revision. The commit must be one the
     * webhook recorded and still the head; approving it again asks again (idempotent) and records no
     * second audit event.
     */
    public Approval approve(String repository, int pullRequest, String commit, String actor) {
        ForkRequest approved = QuarkusTransaction.requiringNew().call(() -> {
            ForkRequest request = requests.findForUpdate(repository, pullRequest, commit)
                    .orElseThrow(() -> new NotFoundProblem("No fork pull request " + repository + "#" + pullRequest
                            + " asked for an environment for commit " + commit + "."));
            switch (request.state) {
                case SUPERSEDED -> throw new ConflictProblem("Commit " + commit + " is no longer the head of "
                        + repository + "#" + pullRequest + "; approve its head commit "
                        + requests.newest(repository, pullRequest).map(r -> r.commitSha).orElse("(unknown)")
                        + " instead.");
                case CLOSED -> throw new ConflictProblem("Pull request " + repository + "#" + pullRequest
                        + " was closed; nothing to approve.");
                case PENDING -> {
                    request.state = ForkRequest.State.APPROVED;
                    request.decidedAt = Instant.now();
                    request.decidedBy = actor;
                }
                case APPROVED -> {
                    // approved before: ask for its revision again below, which changes nothing if it exists
                }
            }
            em.flush(); // the approval is written before the entity leaves the transaction
            em.detach(request);
            return request;
        });
        SettingsView repositorySettings = settings.find(repository).orElseThrow(() -> new ConflictProblem(
                "Repository " + repository + " has no settings (PUT /api/v1/repos/" + repository
                        + "/settings), so no image is known for commit " + commit + "."));
        NewRevision revision = settings.revisionOf(repositorySettings, approved.headRepository, approved.branch,
                pullRequest, commit).orElseThrow(() -> new ConflictProblem("The " + RepositorySettingsService
                        .nothingToDeploy(repositorySettings) + ", so nothing is known to run for commit " + commit + "."));
        Requested requested = environments.request(revision, approved.decidedBy);
        QuarkusTransaction.requiringNew().run(() -> {
            ForkRequest request = requests.findById(approved.id);
            if (request.revisionId == null) {
                request.environmentId = requested.environment().id();
                request.revisionId = requested.revision().id();
                audit.record(request.environmentId, request.revisionId, approved.decidedBy, AuditLog.FORK_APPROVED,
                        "commit " + commit + " of fork " + approved.headRepository + " (pull request #" + pullRequest
                                + ") approved by " + approved.decidedBy);
                LOG.infof("%s approved commit %s of fork %s for %s#%d", approved.decidedBy, commit,
                        approved.headRepository, repository, pullRequest);
            }
        });
        return new Approval(repository, pullRequest, commit, approved.decidedBy, approved.decidedAt, requested);
    }

    /** The state of one commit of a pull request, if the webhook recorded it. */
    public Optional<ForkRequest.State> state(String repository, int pullRequest, String commit) {
        return QuarkusTransaction.requiringNew().call(() -> requests
                .find("repository = ?1 and pullRequest = ?2 and commitSha = ?3", repository, pullRequest, commit)
                .firstResultOptional().map(r -> r.state));
    }
}
