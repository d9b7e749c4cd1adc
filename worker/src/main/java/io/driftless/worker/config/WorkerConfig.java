package io.driftless.worker.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a worker takes and does its jobs. */
@ConfigMapping(prefix = "driftless.worker")
public interface WorkerConfig {

    /** {@code driftless.worker.id}: names this worker in job leases; default host name and process id. */
    Optional<String> id();

    /** {@code driftless.worker.concurrency}: jobs run at once by this process. */
    @WithDefault("4")
    int concurrency();

    /** {@code driftless.worker.poll-interval}: how often the queue is read when nothing woke the worker. */
    @WithDefault("1s")
    Duration pollInterval();

    /** {@code driftless.worker.lease}: how long a claimed job is this worker's before another may take it. */
    @WithDefault("2m")
    Duration lease();

    Retry retry();

    /** {@code driftless.worker.retry.*}: how jobs that failed for a passing reason are tried again. */
    interface Retry {
        /** {@code base}: the first delay's upper bound; each try doubles it, with full jitter. */
        @WithDefault("500ms")
        Duration base();

        /** {@code cap}: no delay is longer, except a longer Retry-After. */
        @WithDefault("30s")
        Duration cap();

        /** {@code max-attempts}: tries in all before the job gives up. */
        @WithDefault("6")
        int maxAttempts();
    }

    /** {@code driftless.worker.readiness-timeout}: a revision not available by then is FAILED. */
    @WithDefault("5m")
    Duration readinessTimeout();

    /** {@code driftless.worker.teardown-timeout}: how long to wait for the cluster to confirm a namespace gone. */
    @WithDefault("2m")
    Duration teardownTimeout();

    /** {@code driftless.worker.routing-namespace}: where the alias objects (stable URLs) live. */
    @WithDefault("driftless-routing")
    String routingNamespace();

    /** {@code driftless.worker.drift}: heal (revert drift to the rendered state) or report (record only). */
    @WithDefault("heal")
    DriftMode drift();

    enum DriftMode {
        heal,
        report
    }

    /**
     * {@code driftless.worker.resync-interval}: how often the whole cluster is compared with the
     * database (also at every worker's start); between workers, about once per interval.
     */
    @WithDefault("10m")
    Duration resyncInterval();

    /**
     * {@code driftless.worker.preflight-interval}: how often the worker checks what it needs from the cluster
     * (also at its start); a worker missing a permission is not ready until a check finds it granted.
     */
    @WithDefault("60s")
    Duration preflightInterval();

    /** {@code driftless.worker.sweep-interval}: how often managed objects the database does not know are removed. */
    @WithDefault("60s")
    Duration sweepInterval();

    /**
     * {@code driftless.worker.wake-service} and {@code wake-namespace}: Driftless's own Service (answering on
     * port 80), which a sleeping environment's alias routes to so that the first request gets the wake page.
     * The chart sets them; on the simulated cluster nothing is routed and the same process answers.
     */
    @WithDefault("driftless")
    String wakeService();

    @WithDefault("driftless")
    String wakeNamespace();

    /** {@code driftless.worker.ingress-class}: the IngressClass of preview Ingresses; the cluster default if unset. */
    Optional<String> ingressClass();

    /** {@code driftless.worker.edge.*}: where ingress-nginx reaches Driftless for protected previews (ADR 0010). */
    Edge edge();

    interface Edge {

        /**
         * {@code service-host} (env {@code DRIFTLESS_WORKER_EDGE_SERVICE_HOST}): the cluster DNS name of
         * Driftless's api Service. ingress-nginx asks {@code http://<it>/edge/check} on every request to a
         * protected preview, and the {@code /_driftless/} path of preview hosts is routed to it. The chart sets
         * it to its own Service; the default is the chart's with release and namespace {@code driftless}.
         */
        @WithDefault("driftless.driftless.svc.cluster.local")
        String serviceHost();

        /** {@code service-port}: that Service's port (the chart's {@code service.port}). */
        @WithDefault("80")
        int servicePort();
    }
}
