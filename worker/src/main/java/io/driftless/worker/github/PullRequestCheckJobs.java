package io.driftless.worker.github;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.Job;
import io.driftless.api.service.JobStore;
import io.driftless.worker.config.LifecycleConfig;
import io.driftless.worker.jobs.JobHandler;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the {@link PullRequestCheck} as a durable job, so that a close whose webhook was missed is still
 * acted on: each worker's timer queues a PULL_REQUEST_CHECK every
 * {@code driftless.lifecycle.pull-request-check-interval} (default 10m) when GitHub credentials are
 * configured, unless one is queued, running, or finished within the interval; its serial key runs one at
 * a time across workers. The job's note says what the pass checked and found, and when it stopped early
 * for GitHub's rate limit.
 */
@ApplicationScoped
public class PullRequestCheckJobs implements JobHandler {

    private static final Logger LOG = Logger.getLogger(PullRequestCheckJobs.class);

    /** The serial key of PULL_REQUEST_CHECK jobs. */
    public static final String KEY = "pull-request-check";

    private final PullRequestCheck check;
    private final GitHubCredentials credentials;
    private final JobStore jobs;
    private final LifecycleConfig config;
    private final RolesConfig roles;

    public PullRequestCheckJobs(PullRequestCheck check, GitHubCredentials credentials, JobStore jobs,
            LifecycleConfig config, RolesConfig roles) {
        this.check = check;
        this.credentials = credentials;
        this.jobs = jobs;
        this.config = config;
        this.roles = roles;
    }

    @Override
    public Set<Job.Kind> kinds() {
        return EnumSet.of(Job.Kind.PULL_REQUEST_CHECK);
    }

    @Override
    public void run(Job job) {
        if (!credentials.enabled()) {
            // queued by a process that had credentials; this one cannot ask GitHub
            throw new GitHubRefused(0, "GitHub is not asked about pull requests on this worker: no credentials "
                    + "are configured");
        }
        jobs.note(job.id, check.check().summary());
    }

    @Scheduled(every = "${driftless.lifecycle.pull-request-check-interval:10m}",
            delayed = "${driftless.lifecycle.pull-request-check-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        if (roles.has(RolesConfig.Role.worker) && credentials.enabled()) {
            try {
                // a little short of the interval, so that a tick that comes just early is not skipped
                Duration recent = config.pullRequestCheckInterval().multipliedBy(9).dividedBy(10);
                jobs.enqueuePeriodic(Job.Kind.PULL_REQUEST_CHECK, KEY, Optional.of(recent))
                        .ifPresent(job -> LOG.debugf("pull-request check queued as job %d", job.id));
            } catch (RuntimeException e) {
                LOG.warnf("could not queue a pull-request check, trying again at the next tick: %s", e.getMessage());
            }
        }
    }
}
