package io.driftless.api.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Job;

/**
 * The durable work queue, in PostgreSQL. A job is claimed with {@code FOR UPDATE SKIP LOCKED} under a
 * lease; a job whose lease ran out (its worker died) is claimable again. Jobs of one environment run
 * one at a time per {@link Job.Lane}, oldest first, so a teardown never races the deploy queued before it.
 *
 * <p>Written here rather than taken from a scheduler library because claiming must join on the
 * environment (per-environment ordering) and share the transaction that wrote the revision.
 */
@ApplicationScoped
public class JobStore {

    /**
     * Claims up to {@code limit} runnable jobs: queued and due, or running but abandoned; and the oldest
     * unfinished job of their environment's lane (or of their serial key's, for jobs bound to no
     * environment). A job with neither waits for nothing: comparisons with NULL are never true.
     *
     * <p>A running job is abandoned when its worker's session lock ({@link WorkerSession}) is no longer
     * held (the worker's connection ended: a crash, a kill, a lost network) or when its lease ran out
     * (the fallback for a connection the server still believes open); its last error then says from
     * whom it was taken and why. Abandoned jobs come first: they were started, and a crash should not
     * send them to the back of the queue. A claimer whose own lock is not held claims nothing: it may
     * be the one the others think dead.
     */
    private static final String CLAIM = """
            with live as (select l.objid::bigint as lease_key from pg_locks l
                          where l.locktype = 'advisory' and l.granted and l.objsubid = 2
                            and l.classid = (:lockSpace)::bigint::oid
                            and l.database = (select oid from pg_database where datname = current_database()))
            update job set state = 'RUNNING', lease_owner = :owner, lease_key = :key,
                   lease_until = clock_timestamp() + make_interval(secs => :leaseSeconds),
                   attempts = attempts + 1,
                   last_error = case when state = 'RUNNING'
                                     then 'taken over from ' || coalesce(lease_owner, 'a worker') || ': '
                                          || case when lease_until < clock_timestamp() then 'its lease ran out'
                                                  else 'its database session ended' end
                                     else last_error end
            where exists (select 1 from live where lease_key = :key)
              and id in (
                select j.id from job j
                where ((j.state = 'QUEUED' and j.run_after <= clock_timestamp())
                       or (j.state = 'RUNNING'
                           and (j.lease_until < clock_timestamp()
                                or (j.lease_key is not null and j.lease_key not in (select lease_key from live)))))
                  and not exists (select 1 from job older
                                  where (older.environment_id = j.environment_id
                                         or older.serial_key = j.serial_key)
                                    and older.lane = j.lane
                                    and older.id < j.id
                                    and older.state in ('QUEUED', 'RUNNING'))
                order by (j.state = 'RUNNING') desc, j.id
                limit :limit
                for update of j skip locked)
            returning *
            """;

    /** The note {@link #claim} leaves on a job it took from another worker. */
    public static final String TAKEN_OVER = "taken over from ";

    /** The PostgreSQL channel a NOTIFY goes to when a job is queued; delivered at commit. */
    public static final String CHANNEL = "driftless_jobs";

    private final EntityManager em;
    private final Event<JobEnqueued> enqueued;

    public JobStore(EntityManager em, Event<JobEnqueued> enqueued) {
        this.em = em;
        this.enqueued = enqueued;
    }

    /** Queues a job in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job enqueue(Job.Kind kind, UUID environmentId, UUID revisionId) {
        return enqueue(kind, environmentId, revisionId, null);
    }

    /**
     * Queues a job carrying a JSON {@code payload} in the caller's transaction. {@code environmentId} may
     * be null for work bound to no environment; such a job runs as soon as a worker is free.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job enqueue(Job.Kind kind, UUID environmentId, UUID revisionId, String payload) {
        return enqueue(kind, environmentId, revisionId, payload, null);
    }

    /**
     * As {@link #enqueue(Job.Kind, UUID, UUID, String)}; jobs with the same {@code serialKey} (and lane)
     * run one at a time, oldest first, even when they belong to no environment.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job enqueue(Job.Kind kind, UUID environmentId, UUID revisionId, String payload, String serialKey) {
        Job job = new Job();
        job.serialKey = serialKey;
        job.kind = kind;
        job.lane = kind.lane();
        job.payload = payload;
        job.environmentId = environmentId;
        job.revisionId = revisionId;
        job.state = Job.State.QUEUED;
        job.createdAt = Instant.now();
        job.runAfter = job.createdAt;
        em.persist(job);
        em.flush();
        // wakes workers in other processes at commit; this process is woken by the CDI event
        em.createNativeQuery("select pg_notify('" + CHANNEL + "', '')").getSingleResult();
        enqueued.fire(new JobEnqueued(job.id, kind));
        return job;
    }

    /**
     * Claims for {@code owner}, whose {@link WorkerSession} holds {@code sessionKey}; nothing when that
     * session's lock is not held.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Job> claim(String owner, long sessionKey, int limit, Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        return em.createNativeQuery(CLAIM, Job.class)
                .setParameter("lockSpace", Integer.toUnsignedLong(WorkerSession.LOCK_SPACE))
                .setParameter("key", sessionKey)
                .setParameter("owner", owner)
                .setParameter("leaseSeconds", (double) lease.toSeconds())
                .setParameter("limit", limit)
                .getResultList();
    }

    /** The job is done; the last error of an earlier try stays on record unless {@code note} replaces it. */
    @Transactional
    public void finish(long jobId, String owner, String note) {
        end(jobId, owner, Job.State.DONE, note);
    }

    @Transactional
    public void fail(long jobId, String owner, String error) {
        end(jobId, owner, Job.State.FAILED, error);
    }

    /** Leaves a note on a running job (e.g. what a resync found); {@link #finish} keeps it. */
    @Transactional
    public void note(long jobId, String note) {
        em.createQuery("update Job set lastError = :note where id = :id and state = :running")
                .setParameter("note", note).setParameter("id", jobId).setParameter("running", Job.State.RUNNING)
                .executeUpdate();
    }

    /** The job failed for a passing reason: it runs again after {@code delay}, on any worker. */
    @Transactional
    public void retry(long jobId, String owner, Duration delay, String error) {
        em.createNativeQuery("""
                update job set state = 'QUEUED', lease_owner = null, lease_until = null, last_error = :error,
                       run_after = clock_timestamp() + make_interval(secs => :delay)
                where id = :id and lease_owner = :owner and state = 'RUNNING'""")
                .setParameter("error", error)
                .setParameter("delay", delay.toMillis() / 1000.0)
                .setParameter("id", jobId)
                .setParameter("owner", owner)
                .executeUpdate();
    }

    /** Heartbeat: extends the leases this worker holds, so a long job is not taken over while it runs. */
    @Transactional
    public int renew(String owner, java.util.Collection<Long> jobIds, Duration lease) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("""
                update job set lease_until = clock_timestamp() + make_interval(secs => :lease)
                where id in (:ids) and lease_owner = :owner and state = 'RUNNING'""")
                .setParameter("lease", (double) lease.toSeconds())
                .setParameter("ids", jobIds)
                .setParameter("owner", owner)
                .executeUpdate();
    }

    /**
     * After a worker's session was lost and opened again: the jobs it still runs, and that nobody took
     * over meanwhile, carry its new key, so that they are not seen as abandoned. Returns how many.
     */
    @Transactional
    public int adopt(String owner, java.util.Collection<Long> jobIds, long sessionKey) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("""
                update job set lease_key = :key
                where id in (:ids) and lease_owner = :owner and state = 'RUNNING'""")
                .setParameter("key", sessionKey)
                .setParameter("ids", jobIds)
                .setParameter("owner", owner)
                .executeUpdate();
    }

    /** Gives a claimed job back, e.g. on shutdown, so that another worker takes it at once. */
    @Transactional
    public void release(long jobId, String owner) {
        em.createQuery("""
                update Job set state = :queued, leaseOwner = null, leaseUntil = null
                where id = :id and leaseOwner = :owner and state = :running""")
                .setParameter("queued", Job.State.QUEUED)
                .setParameter("running", Job.State.RUNNING)
                .setParameter("id", jobId)
                .setParameter("owner", owner)
                .executeUpdate();
    }

    /** The serial key of RESYNC jobs: one runs at a time, whichever worker queued it. */
    public static final String RESYNC_KEY = "resync";

    /**
     * Queues a RESYNC unless one is queued or running already, or, when {@code ifOlderThan} is given,
     * unless one finished more recently than that: so workers that each keep their own timer still
     * resync the cluster about once per interval between them. Returns the job queued, if any.
     */
    @Transactional
    public java.util.Optional<Job> enqueueResync(java.util.Optional<Duration> ifOlderThan) {
        return enqueuePeriodic(Job.Kind.RESYNC, RESYNC_KEY, ifOlderThan);
    }

    /**
     * Queues a periodic job bound to no environment, as {@link #enqueueResync}: not while one of its kind
     * is queued or running, nor when one finished within {@code ifOlderThan}. Its serial key makes them
     * run one at a time across workers.
     */
    @Transactional
    public java.util.Optional<Job> enqueuePeriodic(Job.Kind kind, String serialKey,
            java.util.Optional<Duration> ifOlderThan) {
        // one decision at a time across processes; released at commit
        em.createNativeQuery("select pg_advisory_xact_lock(:space, 0)")
                .setParameter("space", WorkerSession.LOCK_SPACE).getSingleResult();
        long pending = em.createQuery("select count(j) from Job j where j.kind = :kind and j.state in :states",
                Long.class).setParameter("kind", kind)
                .setParameter("states", List.of(Job.State.QUEUED, Job.State.RUNNING)).getSingleResult();
        if (pending > 0) {
            return java.util.Optional.empty();
        }
        if (ifOlderThan.isPresent()) {
            Instant since = Instant.now().minus(ifOlderThan.get());
            long recent = em.createQuery("select count(j) from Job j where j.kind = :kind and j.finishedAt > :since",
                    Long.class).setParameter("kind", kind).setParameter("since", since).getSingleResult();
            if (recent > 0) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(enqueue(kind, null, null, null, serialKey));
    }

    /** The newest RESYNC job, for operators. */
    @Transactional
    public java.util.Optional<Job> latestResync() {
        return em.createQuery("from Job where kind = :kind order by id desc", Job.class)
                .setParameter("kind", Job.Kind.RESYNC).setMaxResults(1).getResultStream().findFirst();
    }

    /**
     * The DEPLOY job of each revision named that took the most tries (the newest of those that took as
     * many): a stack deploys in several steps, each a job, and the one that struggled is what a person
     * wants to see, not the last step that went through at once.
     */
    @Transactional
    public java.util.Map<UUID, Job> latestDeploys(java.util.Collection<UUID> revisionIds) {
        java.util.Map<UUID, Job> latest = new java.util.HashMap<>();
        if (revisionIds.isEmpty()) {
            return latest;
        }
        for (Job job : em.createQuery("from Job where kind = :kind and revisionId in :ids order by attempts, id",
                Job.class)
                .setParameter("kind", Job.Kind.DEPLOY)
                .setParameter("ids", revisionIds)
                .getResultList()) {
            latest.put(job.revisionId, job);
        }
        return latest;
    }

    @Transactional
    public List<Job> listByEnvironment(UUID environmentId) {
        return em.createQuery("from Job where environmentId = :e order by id", Job.class)
                .setParameter("e", environmentId)
                .getResultList();
    }

    private void end(long jobId, String owner, Job.State state, String note) {
        // Only the lease holder may end a job: a worker whose lease ran out has lost it.
        em.createQuery("""
                update Job set state = :state, lastError = coalesce(:note, lastError), finishedAt = :now,
                       leaseOwner = null, leaseUntil = null
                where id = :id and leaseOwner = :owner and state = :running""")
                .setParameter("state", state)
                .setParameter("note", note)
                .setParameter("now", Instant.now())
                .setParameter("id", jobId)
                .setParameter("owner", owner)
                .setParameter("running", Job.State.RUNNING)
                .executeUpdate();
    }
}
