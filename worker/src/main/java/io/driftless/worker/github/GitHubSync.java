package io.driftless.worker.github;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.GitHubRecords;
import io.driftless.api.service.GitHubRecords.CommentRecord;
import io.driftless.api.service.GitHubRecords.SyncTarget;

/**
 * Tells GitHub where a revision stands now: its Deployment (created once, found again by the database
 * or by its payload) gets the statuses that lead from what GitHub was last told to the revision's
 * current phase, and the environment's pull request gets its one comment, written or updated in place.
 * Every step is recorded as soon as GitHub took it, so a job run again repeats nothing.
 */
@ApplicationScoped
public class GitHubSync {

    private static final Logger LOG = Logger.getLogger(GitHubSync.class);

    private final GitHubRecords records;
    private final GitHubClient github;
    private final String publicUrl;

    public GitHubSync(GitHubRecords records, GitHubClient github,
            @ConfigProperty(name = "driftless.public-url", defaultValue = "http://localhost:8080") String publicUrl) {
        this.records = records;
        this.github = github;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The environment's page in Driftless, for log_url and the comment's link. */
    public String environmentPage(UUID environmentId) {
        return publicUrl + "/environments/" + environmentId;
    }

    /** The GitHub environment of a branch; a fork's branch is named as GitHub names it, owner:branch. */
    static String gitHubEnvironment(String repository, String headRepository, String branch) {
        if (repository.equals(headRepository)) {
            return "preview/" + branch;
        }
        return "preview/" + headRepository.substring(0, headRepository.indexOf('/')) + ":" + branch;
    }

    public void sync(UUID revisionId) {
        Optional<SyncTarget> found = records.target(revisionId);
        if (found.isEmpty()) {
            LOG.debugf("revision %s is gone; nothing to tell GitHub", revisionId);
            return;
        }
        SyncTarget target = found.get();
        reportDeployment(target);
        if (target.pullRequest() != null) {
            reportComment(target);
        }
    }

    private void reportDeployment(SyncTarget target) {
        GitHubRecords.RevisionState revision = target.revision();
        String wanted = DeploymentStates.of(revision.phase());
        Optional<GitHubRecords.DeploymentRecord> record = target.deployment();
        if (record.isEmpty() && DeploymentStates.INACTIVE.equals(wanted)) {
            // never reported and already gone: a Deployment now would only say it is gone
            return;
        }
        long deploymentId;
        String reported;
        if (record.isPresent()) {
            deploymentId = record.get().deploymentId();
            reported = record.get().reportedState();
        } else {
            deploymentId = github.findOrCreateDeployment(target.repository(), revision.commitSha(),
                    gitHubEnvironment(target.repository(), target.headRepository(), target.branch()), revision.id(),
                    "Driftless revision " + revision.number() + " of " + target.branch());
            records.recordDeployment(revision.id(), target.environmentId(), target.repository(), deploymentId);
            reported = null;
        }
        List<String> steps = DeploymentStates.steps(reported, wanted);
        for (String state : steps) {
            github.postStatus(target.repository(), deploymentId, state, description(state, revision, target.endedBy()),
                    DeploymentStates.SUCCESS.equals(state) ? target.environmentUrl() : null,
                    environmentPage(target.environmentId()));
            records.recordReported(revision.id(), state);
        }
        if (!steps.isEmpty()) {
            LOG.infof("GitHub deployment %d of %s revision %d: %s", deploymentId, target.repository(),
                    revision.number(), String.join(" → ", steps));
        }
    }

    private static String description(String state, GitHubRecords.RevisionState revision, String endedBy) {
        if (DeploymentStates.INACTIVE.equals(state) && endedBy != null) {
            String text = "Torn down: " + endedBy.replaceAll("\\s+", " ").strip();
            return text.length() > 140 ? text.substring(0, 139) + "…" : text;
        }
        return switch (state) {
            case DeploymentStates.IN_PROGRESS -> "Revision " + revision.number() + " is "
                    + switch (revision.phase()) {
                        case QUEUED -> "queued";
                        case BUILDING -> "building";
                        default -> "deploying";
                    };
            case DeploymentStates.SUCCESS -> "Revision " + revision.number() + " is ready";
            case DeploymentStates.FAILURE -> revision.failureReason() == null
                    ? "Revision " + revision.number() + " failed"
                    : revision.failureReason().replaceAll("\\s+", " ").strip();
            default -> "Revision " + revision.number() + " is " + revision.phase().name().toLowerCase().replace('_', ' ');
        };
    }

    private void reportComment(SyncTarget target) {
        int pullRequest = target.pullRequest();
        String body = PullRequestComment.render(target, environmentPage(target.environmentId()));
        String hash = PullRequestComment.sha256(body);
        Optional<CommentRecord> kept = target.comment().filter(c -> c.pullRequest() == pullRequest);
        if (kept.isPresent() && kept.get().bodySha256().equals(hash)) {
            return;
        }
        Optional<Long> existing = kept.map(CommentRecord::commentId);
        if (existing.isEmpty()) {
            // its id may be lost (a crash between create and record): find it by the hidden marker
            existing = github.findComment(target.repository(), pullRequest,
                    PullRequestComment.marker(target.environmentId()));
        }
        long commentId;
        if (existing.isPresent() && github.updateComment(target.repository(), existing.get(), body)) {
            commentId = existing.get();
        } else {
            commentId = github.createComment(target.repository(), pullRequest, body);
        }
        records.recordComment(target.environmentId(), target.repository(), pullRequest, commentId, hash);
        LOG.debugf("GitHub comment %d on %s#%d shows %s", commentId, target.repository(), pullRequest,
                target.environmentStatus() == EnvironmentStatus.ACTIVE ? target.latest().phase() : target.environmentStatus());
    }
}
