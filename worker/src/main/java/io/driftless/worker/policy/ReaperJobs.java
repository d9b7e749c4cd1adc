package io.driftless.worker.policy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.Job;
import io.driftless.api.policy.Reaper;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.SleepAndWake;
import io.driftless.worker.config.LifecycleConfig;
import io.driftless.worker.jobs.JobHandler;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the reaper, then the sleep pass (idle environments past their sleepAfter), as a durable job: each worker's timer queues a REAP every
 * {@code driftless.lifecycle.interval} unless one is queued, running, or finished within the interval,
 * so one pass runs at a time across workers (its serial key), under a lease like any job: a worker that
 * dies mid-pass leaves it to another.
 */
@ApplicationScoped
public class ReaperJobs implements JobHandler {

    private static final Logger LOG = Logger.getLogger(ReaperJobs.class);

    /** The serial key of REAP jobs. */
    public static final String KEY = "reaper";

    private final Reaper reaper;
    private final JobStore jobs;
    private final LifecycleConfig config;
    private final RolesConfig roles;
    private final SleepAndWake sleeps;

    public ReaperJobs(Reaper reaper, JobStore jobs, LifecycleConfig config, RolesConfig roles, SleepAndWake sleeps) {
        this.sleeps = sleeps;
        this.reaper = reaper;
        this.jobs = jobs;
        this.config = config;
        this.roles = roles;
    }

    @Override
    public Set<Job.Kind> kinds() {
        return EnumSet.of(Job.Kind.REAP);
    }

    @Override
    public void run(Job job) {
        String reaped = reaper.pass().summary();
        jobs.note(job.id, reaped + "; " + sleeps.pass().summary());
    }

    @Scheduled(every = "${driftless.lifecycle.interval:30s}", delayed = "${driftless.lifecycle.interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        if (roles.has(RolesConfig.Role.worker)) {
            try {
                // a little short of the interval, so that a tick that comes just early is not skipped
                Duration recent = config.interval().multipliedBy(9).dividedBy(10);
                jobs.enqueuePeriodic(Job.Kind.REAP, KEY, Optional.of(recent))
                        .ifPresent(job -> LOG.debugf("reaper pass queued as job %d", job.id));
            } catch (RuntimeException e) {
                LOG.warnf("could not queue a reaper pass, trying again at the next tick: %s", e.getMessage());
            }
        }
    }
}
