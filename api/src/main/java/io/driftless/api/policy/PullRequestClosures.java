package io.driftless.api.policy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.EnvironmentService;

/**
 * A pull request was closed (told by its webhook, or found closed by asking GitHub): its environments
 * follow the repository's {@code onPullRequestClose}: torn down at once, kept, or torn down by the reaper
 * after the grace period. Branch environments made through the API go when their branch is deleted.
 */
@ApplicationScoped
public class PullRequestClosures {

    /** A pull request that still has an ACTIVE environment and whose close Driftless has not heard of. */
    public record OpenPullRequest(String repository, int number) {
    }

    private final EnvironmentRepository environments;
    private final EnvironmentService environmentService;
    private final PolicyService policies;
    private final AuditLog audit;
    private final InstantSource clock;

    public PullRequestClosures(EnvironmentRepository environments, EnvironmentService environmentService,
            PolicyService policies, AuditLog audit, InstantSource clock) {
        this.environments = environments;
        this.environmentService = environmentService;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param why    "pull request merged", "pull request closed", ...
     * @param actor  who tells: the webhook, or the reconciliation
     * @param closedAt when GitHub says it was closed (the grace period counts from then)
     * @return what was done, for the delivery's outcome
     */
    @Transactional
    public String closed(String repository, int pullRequest, String why, String actor, Instant closedAt) {
        List<Environment> live = environments.list("lower(repository) = ?1 and pullRequest = ?2 and status = ?3",
                PolicyService.scope(repository), pullRequest, EnvironmentStatus.ACTIVE);
        if (live.isEmpty()) {
            return "nothing to tear down (" + why + ")";
        }
        EffectivePolicy policy = policies.effective(repository);
        OnClose onClose = policy.values().onPullRequestClose();
        String source = policy.source(PolicyDocument.ON_PULL_REQUEST_CLOSE).policyName();
        List<UUID> ids = new ArrayList<>();
        for (Environment e : live) {
            Environment locked = environments.findById(e.id, LockModeType.PESSIMISTIC_WRITE);
            if (locked.status != EnvironmentStatus.ACTIVE) {
                continue;
            }
            ids.add(locked.id);
            if (locked.pullRequestClosedAt == null) {
                locked.pullRequestClosedAt = closedAt != null ? closedAt : clock.instant();
            }
            if (onClose.kind() == OnClose.Kind.TEARDOWN) {
                locked.endedBy = why + ": onPullRequestClose teardown, " + source;
                environmentService.teardown(locked.id, actor);
            } else {
                audit.record(locked.id, null, actor, AuditLog.PULL_REQUEST_CLOSED, why + "; onPullRequestClose "
                        + onClose + " (" + source + ")" + (onClose.kind() == OnClose.Kind.GRACE
                                ? ": torn down at " + Expiry.time(locked.pullRequestClosedAt.plus(onClose.grace()))
                                : ": kept, idle expiry applies"));
            }
        }
        return switch (onClose.kind()) {
            case TEARDOWN -> "tearing down environment(s) " + ids + " (" + why + ")";
            case KEEP -> "kept: onPullRequestClose keep (" + source + ")";
            case GRACE -> "environment(s) " + ids + " torn down in " + onClose + ", onPullRequestClose (" + source
                    + ")";
        };
    }

    /**
     * Every pull request with an ACTIVE environment whose close is not recorded (by its webhook or an
     * earlier check), once each, by repository and number: what the pull-request check asks GitHub about.
     */
    @Transactional
    public List<OpenPullRequest> stillOpen() {
        return environments.getEntityManager().createQuery("""
                select distinct e.repository, e.pullRequest from Environment e
                where e.status = :active and e.pullRequest is not null and e.pullRequestClosedAt is null
                order by e.repository, e.pullRequest""", Object[].class)
                .setParameter("active", EnvironmentStatus.ACTIVE).getResultStream()
                .map(row -> new OpenPullRequest((String) row[0], (Integer) row[1])).toList();
    }

    /** The branch of an environment made through the API was deleted on GitHub: its environment goes. */
    @Transactional
    public String branchDeleted(String repository, String branch, String actor) {
        List<Environment> live = environments.list(
                "lower(repository) = ?1 and lower(headRepository) = ?1 and branch = ?2 and pullRequest is null "
                        + "and status = ?3",
                PolicyService.scope(repository), branch, EnvironmentStatus.ACTIVE);
        if (live.isEmpty()) {
            return "nothing to tear down: no branch environment of " + branch;
        }
        for (Environment e : live) {
            e.endedBy = "branch " + branch + " was deleted";
            environmentService.teardown(e.id, actor);
        }
        return "tearing down " + live.stream().map(e -> e.slug).toList() + ": branch " + branch + " was deleted";
    }
}
