package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A durable unit of worker work, claimed under a lease so that a dead worker's job is taken over. */
@Entity
@Table(name = "job")
public class Job {

    public enum Kind {
        /** Create a revision's objects in the cluster. */
        DEPLOY(Lane.CLUSTER),
        /** Remove every revision of an environment and its alias, and confirm them gone. */
        TEARDOWN(Lane.CLUSTER),
        /** Point the environment's alias (stable URL) at its current revision. */
        ROUTE(Lane.CLUSTER),
        /** Remove one superseded revision and confirm it gone. */
        RETIRE(Lane.CLUSTER),
        /**
         * Put the environment's current revision to sleep (already SLEEPING in the database): scale its
         * Deployments to zero and route its alias to the wake page.
         */
        SLEEP(Lane.CLUSTER),
        /**
         * Wake the environment's current revision (already WAKING in the database): scale its Deployments
         * back to their rendered replicas; the readiness watcher makes it READY and the alias comes back.
         */
        WAKE(Lane.CLUSTER),
        /** POST a revision change to the configured outbound webhook (driftless.notify.webhook-url). */
        WEBHOOK(Lane.OUTBOUND),
        /** Act on one stored GitHub webhook delivery; bound to no environment. */
        GITHUB_DELIVERY(Lane.INBOUND),
        /**
         * Tell GitHub where a revision stands: its Deployment's status and the environment's pull-request
         * comment, read from the revision's phase when the job runs.
         */
        GITHUB_SYNC(Lane.OUTBOUND),
        /**
         * Compare the whole cluster with the database (at a worker's start and every resync interval) and
         * queue a RECONCILE for each environment that differs; one at a time across workers.
         */
        RESYNC(Lane.CLUSTER),
        /** Bring one environment's objects and alias back to what the database says, recording the drift. */
        RECONCILE(Lane.CLUSTER),
        /**
         * One pass of the reaper: warn of and tear down what policy says has expired, within the deletion
         * budget; one at a time across workers.
         */
        REAP(Lane.POLICY),
        /**
         * Ask GitHub the state of each pull request that still has an environment, and apply
         * onPullRequestClose to those closed meanwhile (a missed webhook); one at a time across workers.
         */
        PULL_REQUEST_CHECK(Lane.POLICY);

        private final Lane lane;

        Kind(Lane lane) {
            this.lane = lane;
        }

        public Lane lane() {
            return lane;
        }
    }

    /**
     * Jobs of one environment run one at a time, oldest first, within their lane; lanes proceed
     * independently, so a slow or rate-limited notification never holds up a deploy.
     */
    public enum Lane {
        /** Work on the cluster: deploy, teardown, route, retire. */
        CLUSTER,
        /** Calls to the outside world about an environment: GitHub, outbound webhooks. */
        OUTBOUND,
        /** Work on what the outside world sent us (webhook deliveries); such jobs have no environment. */
        INBOUND,
        /** Policy's periodic passes (the reaper, the pull-request check); bound to no environment. */
        POLICY
    }

    public enum State {
        QUEUED,
        RUNNING,
        DONE,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    /** Null for jobs bound to no environment; those are not serialised with any other job. */
    @Column(name = "environment_id", updatable = false)
    public UUID environmentId;

    @Column(name = "revision_id", updatable = false)
    public UUID revisionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Lane lane;

    /**
     * Orders jobs bound to no environment: jobs with the same key run one at a time per lane, oldest
     * first (e.g. the GitHub deliveries of one pull request); null for most kinds.
     */
    @Column(name = "serial_key", updatable = false)
    public String serialKey;

    /** What the job needs beyond its environment and revision, as JSON; null for most kinds. */
    @Column(updatable = false)
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "run_after", nullable = false)
    public Instant runAfter;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** The session key ({@code WorkerSession}) of the worker running it; its lock ends with that worker. */
    @Column(name = "lease_key")
    public Long leaseKey;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
