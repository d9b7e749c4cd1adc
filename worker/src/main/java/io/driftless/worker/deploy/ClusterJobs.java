package io.driftless.worker.deploy;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.worker.jobs.JobHandler;

/** The jobs that change the cluster: deploy, teardown, route and retire. */
@ApplicationScoped
public class ClusterJobs implements JobHandler {

    private final Deployer deployer;
    private final TearDowner tearDowner;
    private final Router router;
    private final RevisionLifecycle lifecycle;

    public ClusterJobs(Deployer deployer, TearDowner tearDowner, Router router, RevisionLifecycle lifecycle) {
        this.deployer = deployer;
        this.tearDowner = tearDowner;
        this.router = router;
        this.lifecycle = lifecycle;
    }

    @Override
    public Set<Job.Kind> kinds() {
        return EnumSet.of(Job.Kind.DEPLOY, Job.Kind.TEARDOWN, Job.Kind.ROUTE, Job.Kind.RETIRE);
    }

    @Override
    public void run(Job job) {
        switch (job.kind) {
            case DEPLOY -> deployer.deploy(job.revisionId);
            case TEARDOWN -> tearDowner.tearDown(job.environmentId);
            case ROUTE -> router.route(job.environmentId);
            case RETIRE -> tearDowner.retire(job.revisionId);
            default -> throw new IllegalArgumentException("not a cluster job: " + job.kind);
        }
    }

    @Override
    public void gaveUp(Job job, String reason) {
        if (job.kind == Job.Kind.DEPLOY) {
            lifecycle.moveTo(job.revisionId, RevisionPhase.FAILED, AuditEvent.WORKER, reason);
        }
    }
}
