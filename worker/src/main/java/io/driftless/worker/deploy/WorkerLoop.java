package io.driftless.worker.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.Job;
import io.driftless.api.metrics.Meters;
import io.driftless.api.service.Backoff;
import io.driftless.api.service.JobEnqueued;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.WorkerSession;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.jobs.Failures;
import io.driftless.worker.jobs.JobHandler;
import io.driftless.worker.jobs.JobNotifications;
import io.driftless.worker.jobs.Liveness;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes jobs from the queue and runs up to {@code driftless.worker.concurrency} of them at once. It
 * wakes when a job is queued in this process (a CDI event) or in any other (PostgreSQL NOTIFY), and
 * reads the queue every poll interval for jobs whose backoff ran out or whose worker is gone.
 *
 * <p>It claims only while its {@link Liveness} session holds its lock: that lock is how other workers
 * know it is alive, and its end (a crash, a kill) frees its jobs at once. The lease, renewed by a
 * heartbeat, is the fallback for a connection the database still believes open.
 */
@ApplicationScoped
public class WorkerLoop {

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final JobStore jobs;
    private final Meters meters;
    private final Map<Job.Kind, JobHandler> handlers = new java.util.EnumMap<>(Job.Kind.class);
    private final WorkerConfig config;
    private final RolesConfig roles;
    private final String owner;
    private final DataSource dataSource;
    private final String jdbcUrl;
    private final Optional<String> jdbcUser;
    private final Optional<String> jdbcPassword;

    private final Semaphore wakeUps = new Semaphore(0);
    private final Map<Long, Job> running = new ConcurrentHashMap<>();
    private Semaphore slots;
    private ExecutorService pool;
    private Thread claimer;
    private ScheduledExecutorService heartbeat;
    private ScheduledExecutorService probes;
    private Liveness liveness;
    private Backoff backoff;
    private JobNotifications notifications;
    private volatile boolean stopping;

    public WorkerLoop(JobStore jobs, @All List<JobHandler> handlers, WorkerConfig config, RolesConfig roles,
            WorkerIdentity identity, DataSource dataSource, Meters meters,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> jdbcUser,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> jdbcPassword) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
        this.jdbcPassword = jdbcPassword;
        this.jobs = jobs;
        this.meters = meters;
        for (JobHandler handler : handlers) {
            for (Job.Kind kind : handler.kinds()) {
                JobHandler before = this.handlers.put(kind, handler);
                if (before != null) {
                    throw new IllegalStateException(kind + " is handled by both " + before + " and " + handler);
                }
            }
        }
        this.config = config;
        this.roles = roles;
        this.owner = identity.id();
    }

    void start(@Observes StartupEvent event) {
        if (!roles.has(RolesConfig.Role.worker)) {
            return;
        }
        slots = new Semaphore(config.concurrency());
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.concurrency(),
                task -> new Thread(task, "driftless-job-" + threads.incrementAndGet()));
        backoff = new Backoff(config.retry().base(), config.retry().cap(), config.retry().maxAttempts());
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "driftless-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, config.lease().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        startLiveness();
        notifications = new JobNotifications(dataSource, wakeUps::release);
        Thread listener = new Thread(notifications, "driftless-job-notifications");
        listener.setDaemon(true);
        listener.start();
        claimer = new Thread(this::claimLoop, "driftless-claimer");
        claimer.setDaemon(true);
        claimer.start();
        LOG.infof("worker %s takes up to %d jobs at once", owner, config.concurrency());
    }

    /**
     * Opens the worker session and probes it every second (or every quarter lease, if shorter). The
     * server probes the other way with TCP keepalives every sixth of a lease, three times, so a worker
     * gone silent behind a half-open connection loses its lock within about two thirds of a lease.
     */
    private void startLiveness() {
        Duration lease = config.lease();
        Duration probe = lease.dividedBy(6);
        Duration every = min(Duration.ofSeconds(1), lease.dividedBy(4));
        Duration timeout = min(Duration.ofSeconds(5), lease.dividedBy(4));
        liveness = new Liveness(
                () -> WorkerSession.open(jdbcUrl, jdbcUser.orElse(null), jdbcPassword.orElse(null), probe),
                timeout, this::adopt);
        liveness.check();
        probes = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "driftless-liveness");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, every.toMillis());
        probes.scheduleWithFixedDelay(liveness::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A new session: the jobs still running here carry its key from now on, unless already taken over. */
    private void adopt(long sessionKey) {
        if (!running.isEmpty()) {
            int kept = jobs.adopt(owner, List.copyOf(running.keySet()), sessionKey);
            LOG.infof("%d of the %d jobs running here were still this worker's", kept, running.size());
        }
    }

    void wake(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnqueued event) {
        wakeUps.release();
    }

    private void claimLoop() {
        while (!stopping) {
            try {
                OptionalLong key = liveness.key();
                if (key.isEmpty()) {
                    sleepQuietly(config.pollInterval()); // others may be taking our jobs: claim nothing
                    continue;
                }
                int free = slots.availablePermits();
                List<Job> claimed = free > 0 ? jobs.claim(owner, key.getAsLong(), free, config.lease()) : List.of();
                for (Job job : claimed) {
                    if (running.containsKey(job.id)) {
                        continue; // claimed while the session changed; it is running here already
                    }
                    if (job.lastError != null && job.lastError.startsWith(JobStore.TAKEN_OVER)) {
                        LOG.infof("job %d (%s) %s", job.id, job.kind, job.lastError);
                    }
                    slots.acquire();
                    running.put(job.id, job);
                    pool.execute(() -> run(job));
                }
                if (claimed.isEmpty() || claimed.size() == free) {
                    wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database may be away for a while: say so, wait, and try again
                LOG.warnf("could not read the job queue: %s", e.getMessage());
                sleepQuietly(config.pollInterval());
            }
        }
    }

    private void run(Job job) {
        // every line logged for this job carries its ids (fields of their own in JSON logs)
        MDC.put("jobId", job.id);
        MDC.put("jobKind", job.kind.name());
        if (job.revisionId != null) {
            MDC.put("revisionId", job.revisionId.toString());
        }
        if (job.environmentId != null) {
            MDC.put("environmentId", job.environmentId.toString());
        }
        try {
            execute(job);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %d (%s): its outcome could not be recorded; another worker takes it over when this one's session ends or its lease runs out",
                    job.id, job.kind);
        } finally {
            MDC.clear();
            running.remove(job.id);
            slots.release();
            wakeUps.release();
        }
    }

    private void execute(Job job) {
        long started = System.nanoTime();
        meters.jobStarted(job, Duration.between(job.runAfter == null ? job.createdAt : job.runAfter, Instant.now()));
        try {
            JobHandler handler = handlers.get(job.kind);
            if (handler == null) {
                throw new IllegalStateException("this worker has no handler for " + job.kind + " jobs");
            }
            handler.run(job);
        } catch (RuntimeException e) {
            String outcome = failed(job, e);
            meters.jobEnded(job, outcome, Duration.ofNanos(System.nanoTime() - started));
            return;
        }
        recordOutcome(() -> jobs.finish(job.id, owner, null));
        meters.jobEnded(job, "done", Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Records a job's outcome. While the database is away it tries again every poll interval, so that a
     * job that ran is not left RUNNING until its lease runs out; a stopping worker gives up (the lease
     * hands the job over).
     */
    private void recordOutcome(Runnable write) {
        while (true) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (stopping || !Failures.classify(e).passing()) {
                    throw e;
                }
                LOG.warnf("could not record a job's outcome, trying again: %s", e.getMessage());
                sleepQuietly(config.pollInterval());
            }
        }
    }

    /**
     * A passing failure is tried again after a backoff, up to the retry limit; a permanent one, or the
     * last try, ends the job, and a deploy's revision is FAILED with the reason. Returns which, for the
     * meters: {@code retry} or {@code failed}.
     */
    private String failed(Job job, RuntimeException e) {
        Failures.Verdict verdict = Failures.classify(e);
        if (verdict.passing() && backoff.mayRetry(job.attempts)) {
            Duration delay = backoff.delay(job.attempts, ThreadLocalRandom.current()::nextDouble, verdict.retryAfter());
            LOG.warnf("job %d (%s) failed on try %d, again in %d ms: %s", job.id, job.kind, job.attempts,
                    delay.toMillis(), verdict.reason());
            recordOutcome(() -> jobs.retry(job.id, owner, delay, "try " + job.attempts + ": " + verdict.reason()));
            return "retry";
        }
        LOG.errorf(e, "job %d (%s) failed for good on try %d", job.id, job.kind, job.attempts);
        String reason = (verdict.passing() ? "Gave up after " + job.attempts + " tries: " : "") + verdict.reason();
        JobHandler handler = handlers.get(job.kind);
        if (handler != null) {
            recordOutcome(() -> handler.gaveUp(job, reason));
        }
        recordOutcome(() -> jobs.fail(job.id, owner, reason));
        return "failed";
    }

    /** Heartbeat: the leases of running jobs are renewed well before they run out. */
    private void renewLeases() {
        try {
            jobs.renew(owner, List.copyOf(running.keySet()), config.lease());
        } catch (RuntimeException e) {
            LOG.warnf("could not renew job leases: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (pool == null) {
            return;
        }
        stopping = true;
        claimer.interrupt();
        heartbeat.shutdownNow();
        probes.shutdownNow();
        notifications.stop();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // whatever did not finish goes back to the queue for another worker
        try {
            for (Long id : running.keySet()) {
                jobs.release(id, owner);
            }
        } finally {
            liveness.close();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
