package io.driftless.api.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.driftless.api.domain.Job;
import io.driftless.api.domain.RevisionPhase;

/**
 * Driftless's own meters, named in one place (the README lists them as Prometheus shows them at
 * {@code /q/metrics}). Whatever is recorded inside a transaction is recorded once it commits: a phase
 * change or a drift that was rolled back did not happen.
 *
 * <p>Timers publish fixed buckets rather than percentiles, so that Prometheus can aggregate them across
 * replicas, and few enough that a kind × outcome × bucket series count stays small.
 */
@ApplicationScoped
public class Meters implements MeterBinder {

    /** Buckets from 10 ms (a job picked up at once) to 30 min (a long build). */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30) };

    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final AtomicLong gitHubRemaining = new AtomicLong(-1);

    public Meters(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
        this.registry = registry;
        this.transactions = transactions;
    }

    /**
     * The gauges, bound when the application starts (so they are there before anything is counted); held
     * strongly, as a gauge's object is otherwise only weakly referenced by Micrometer.
     */
    @Override
    public void bindTo(MeterRegistry target) {
        Gauge.builder("driftless.github.rate.limit.remaining", gitHubRemaining, AtomicLong::get)
                .description("Calls GitHub said are left in the current rate-limit window (-1: not known yet)")
                .strongReference(true)
                .register(target);
    }

    /** A worker started a job: how long it waited since it was due (queued, or due again after a retry). */
    public void jobStarted(Job job, Duration waited) {
        timer("driftless.jobs.wait", "From a job being due to a worker starting it",
                "lane", lower(job.lane), "kind", lower(job.kind)).record(positive(waited));
    }

    /** A job's try ended: {@code outcome} is done, retry (a passing failure, tried again) or failed. */
    public void jobEnded(Job job, String outcome, Duration ran) {
        timer("driftless.jobs.run", "From a worker starting a job to the end of that try",
                "lane", lower(job.lane), "kind", lower(job.kind), "outcome", outcome).record(positive(ran));
    }

    /**
     * A revision left {@code from} for {@code to} after {@code spent} in it: queued, building, deploying,
     * tearing down... each phase's duration, once the change commits.
     */
    public void phaseChanged(RevisionPhase from, RevisionPhase to, Duration spent) {
        afterCommit(() -> timer("driftless.revision.phase", "Time a revision spent in a phase, by the phase it left for",
                "phase", lower(from), "next", lower(to)).record(positive(spent)));
    }

    /** A revision became READY for the first time, {@code took} after it was asked for. */
    public void firstReady(Duration took) {
        afterCommit(() -> timer("driftless.revision.ready", "From a revision being asked for to its first READY")
                .record(positive(took)));
    }

    /** Drift seen in a READY revision: {@code kind} edited, deleted or unmanaged; {@code cause} watch or resync. */
    public void drift(String kind, String cause) {
        afterCommit(() -> counter("driftless.drift.events", "Drift found in READY revisions",
                "kind", kind.toLowerCase(Locale.ROOT), "cause", cause.toLowerCase(Locale.ROOT)).increment());
    }

    /** A drift was healed (the rendered state put back). */
    public void healed() {
        afterCommit(() -> counter("driftless.drift.heals", "Drifts healed by putting the rendered state back").increment());
    }

    /** Objects the orphan sweep removed (namespaces and aliases the database no longer knows). */
    public void swept(int objects) {
        counter("driftless.orphans.swept", "Objects removed by the orphan sweep").increment(objects);
    }

    /** One call to GitHub's API: ok, refused (4xx), rate_limited, server_error (5xx) or unreachable. */
    public void gitHubCall(String outcome) {
        counter("driftless.github.calls", "Calls to GitHub's API by outcome", "outcome", outcome).increment();
    }

    /** What GitHub's last answer said is left of the rate limit. */
    public void gitHubRateLimitRemaining(long remaining) {
        gitHubRemaining.set(remaining);
    }

    /** A GitHub webhook received: {@code outcome} accepted, duplicate or refused. */
    public void gitHubWebhook(String event, String outcome) {
        counter("driftless.github.webhooks", "GitHub webhooks received",
                "event", event == null ? "unknown" : event, "outcome", outcome).increment();
    }

    /** One try to deliver an outbound webhook: delivered, retry or failed. */
    public void webhookDelivery(String outcome) {
        counter("driftless.webhooks.deliveries", "Outbound webhook delivery tries by outcome", "outcome", outcome)
                .increment();
    }

    /** A cluster watch of {@code informer} broke and is being opened again. */
    public void informerReconnect(String informer) {
        counter("driftless.informer.reconnects", "Kubernetes watches that broke and were opened again",
                "informer", informer).increment();
    }

    /** What the reaper did: expired, evicted, would_expire (dry run), warned, paused, resumed. */
    public void reaper(String action) {
        afterCommit(() -> counter("driftless.reaper.actions", "What the reaper did, by action", "action", action)
                .increment());
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Runs {@code record} once the current transaction commits; at once when there is none. */
    private void afterCommit(Runnable record) {
        if (transactions.getTransactionKey() == null) {
            record.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    record.run();
                }
            }
        });
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
