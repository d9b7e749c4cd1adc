package io.driftless.worker.resync;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.Job;
import io.driftless.api.service.JobStore;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.jobs.JobHandler;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the resync and the reconcile jobs it queues, and queues a resync when a worker starts and then
 * every {@code driftless.worker.resync-interval}. Each worker keeps its own timer; the queue lets one
 * resync run at a time and skips a tick when another worker resynced within the interval, so the
 * cluster is compared about once per interval however many workers there are.
 */
@ApplicationScoped
public class ResyncJobs implements JobHandler {

    private static final Logger LOG = Logger.getLogger(ResyncJobs.class);

    private final Resync resync;
    private final Reconciler reconciler;
    private final JobStore jobs;
    private final WorkerConfig config;
    private final RolesConfig roles;

    public ResyncJobs(Resync resync, Reconciler reconciler, JobStore jobs, WorkerConfig config, RolesConfig roles) {
        this.resync = resync;
        this.reconciler = reconciler;
        this.jobs = jobs;
        this.config = config;
        this.roles = roles;
    }

    @Override
    public Set<Job.Kind> kinds() {
        return EnumSet.of(Job.Kind.RESYNC, Job.Kind.RECONCILE);
    }

    @Override
    public void run(Job job) {
        switch (job.kind) {
            case RESYNC -> jobs.note(job.id, resync.pass().summary());
            case RECONCILE -> reconciler.reconcile(job.environmentId);
            default -> throw new IllegalArgumentException("not a resync job: " + job.kind);
        }
    }

    /** A worker that starts compares the cluster with the database at once: it may have missed anything. */
    void atStart(@Observes StartupEvent event) {
        if (roles.has(RolesConfig.Role.worker)) {
            queue(Optional.empty());
        }
    }

    @Scheduled(every = "${driftless.worker.resync-interval:10m}", delayed = "${driftless.worker.resync-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        if (roles.has(RolesConfig.Role.worker)) {
            // a little short of the interval, so that a tick that comes just early is not skipped
            queue(Optional.of(config.resyncInterval().multipliedBy(9).dividedBy(10)));
        }
    }

    private void queue(Optional<java.time.Duration> ifOlderThan) {
        try {
            jobs.enqueueResync(ifOlderThan).ifPresent(job -> LOG.debugf("resync queued as job %d", job.id));
        } catch (RuntimeException e) {
            LOG.warnf("could not queue a resync, trying again at the next tick: %s", e.getMessage());
        }
    }
}
