package io.driftless.worker.github;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.domain.Job;
import io.driftless.api.policy.FateChanged;
import io.driftless.api.service.GitHubRecords;
import io.driftless.api.service.RevisionChanged;
import io.driftless.worker.jobs.JobHandler;

/**
 * Every phase change of a revision queues a GITHUB_SYNC job, in the transaction that made the change,
 * when GitHub posting is on; the job reports the revision's phase as it is when the job runs. A
 * GitHub problem fails the job (its reason kept on it), never the revision.
 */
@ApplicationScoped
public class GitHubJobs implements JobHandler {

    private static final Logger LOG = Logger.getLogger(GitHubJobs.class);

    private final GitHubCredentials credentials;
    private final GitHubRecords records;
    private final GitHubSync sync;

    public GitHubJobs(GitHubCredentials credentials, GitHubRecords records, GitHubSync sync) {
        this.credentials = credentials;
        this.records = records;
        this.sync = sync;
    }

    /** Synchronous, inside the transaction of the phase change: the job commits with the change or not at all. */
    void queue(@Observes RevisionChanged changed) {
        if (credentials.enabled()) {
            records.queueSync(changed.environmentId(), changed.revisionId());
        }
    }

    /** An expiry warning, an extension, a pin or an end by policy changes what the pull-request comment says. */
    void queue(@Observes FateChanged changed) {
        if (credentials.enabled() && changed.latestRevisionId() != null) {
            records.queueSync(changed.environmentId(), changed.latestRevisionId());
        }
    }

    @Override
    public Set<Job.Kind> kinds() {
        return EnumSet.of(Job.Kind.GITHUB_SYNC);
    }

    @Override
    public void run(Job job) {
        if (!credentials.enabled()) {
            // queued by a process that had credentials; this one has none
            throw new GitHubRefused(0, "GitHub posting is off on this worker: no credentials are configured");
        }
        sync.sync(job.revisionId);
    }

    @Override
    public void gaveUp(Job job, String reason) {
        LOG.warnf("GitHub was not told about revision %s of environment %s: %s", job.revisionId, job.environmentId,
                reason);
    }
}
