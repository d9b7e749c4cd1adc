package io.driftless.worker.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.metrics.Meters;
import io.driftless.api.service.DeploySteps;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.spec.StackSpec;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.Readiness;
import io.driftless.worker.render.RevisionRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Learns readiness from the cluster: an informer on every managed Deployment marks a single-image
 * revision READY the moment it becomes available; for a stack, a Deployment becoming available or a
 * hook Job finishing asks for the stack's next deploy step ({@link DeploySteps}). A periodic reconcile
 * catches a signal that could not be recorded (from the informers' caches, no API call) and fails a
 * revision that is still not ready after its readiness timeout.
 */
@ApplicationScoped
public class ReadinessWatcher implements ResourceEventHandler<Deployment> {

    private static final Logger LOG = Logger.getLogger(ReadinessWatcher.class);
    private static final long RESYNC_MILLIS = 60_000;

    private final KubernetesClient client;
    private final RevisionLifecycle lifecycle;
    private final EnvironmentService environments;
    private final WorkerConfig config;
    private final RolesConfig roles;
    private final DeploySteps steps;
    private final Meters meters;
    private SharedIndexInformer<Deployment> informer;
    private SharedIndexInformer<Job> hooks;

    public ReadinessWatcher(KubernetesClient client, RevisionLifecycle lifecycle, EnvironmentService environments,
            WorkerConfig config, RolesConfig roles, DeploySteps steps, Meters meters) {
        this.meters = meters;
        this.steps = steps;
        this.client = client;
        this.lifecycle = lifecycle;
        this.environments = environments;
        this.config = config;
        this.roles = roles;
    }

    void start(@Observes StartupEvent event) {
        if (!roles.has(RolesConfig.Role.worker)) {
            return;
        }
        informer = client.apps().deployments().inAnyNamespace()
                .withLabel(Labels.MANAGED_BY, Labels.DRIFTLESS)
                .runnableInformer(RESYNC_MILLIS);
        informer.addEventHandler(this);
        informer.exceptionHandler(CountedReconnects.of(meters, "deployments"));
        informer.start().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.errorf("cannot watch Deployments in the cluster (%s); revisions stay DEPLOYING until it can",
                        error.getMessage());
            }
        });
        hooks = client.batch().v1().jobs().inAnyNamespace()
                .withLabel(Labels.MANAGED_BY, Labels.DRIFTLESS)
                .runnableInformer(RESYNC_MILLIS);
        hooks.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                if (StackDeployer.hookState(job) != StackPlan.HookState.RUNNING) {
                    nextStep(job);
                }
            }

            @Override
            public void onUpdate(Job before, Job after) {
                if (StackDeployer.hookState(after) != StackDeployer.hookState(before)) {
                    nextStep(after);
                }
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
            }
        });
        hooks.exceptionHandler(CountedReconnects.of(meters, "jobs"));
        hooks.start().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.errorf("cannot watch Jobs in the cluster (%s); stacks with hooks stay DEPLOYING until it can",
                        error.getMessage());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
        if (hooks != null) {
            hooks.close();
        }
    }

    @Override
    public void onAdd(Deployment deployment) {
        if (Readiness.isAvailable(deployment)) {
            available(deployment);
        }
    }

    @Override
    public void onUpdate(Deployment before, Deployment after) {
        if (Readiness.isAvailable(after) && !Readiness.isAvailable(before)) {
            available(after);
        }
    }

    /** A stack's service is one step further (or a waking stack is awake); a single-image revision is READY. */
    private void available(Deployment deployment) {
        if (deployment.getMetadata().getLabels().containsKey(Labels.SERVICE)) {
            nextStep(deployment);
            wokenStack(deployment);
        } else {
            markReady(deployment);
        }
    }

    /**
     * A stack's service became ready or a hook finished: when the informers' caches show the whole stack
     * ready, it is READY at once (no job round trip); when they show something due to start or a hook
     * failed, the next deploy step is asked for; otherwise it waits for the next signal.
     */
    private void nextStep(HasMetadata object) {
        String revision = object.getMetadata().getLabels().get(Labels.REVISION);
        if (revision == null) {
            return;
        }
        try {
            environments.deploying(UUID.fromString(revision)).filter(d -> d.spec() != null).ifPresent(d -> {
                StackPlan.Step step = StackPlan.next(d.spec().stack(), cached(d));
                if (step.outcome() == StackPlan.Outcome.READY) {
                    lifecycle.moveTo(d.revisionId(), RevisionPhase.READY, AuditEvent.WORKER,
                            StackDeployer.readyReason(d.spec().stack()));
                } else if (step.outcome() == StackPlan.Outcome.FAILED || !step.start().isEmpty()
                        || !step.run().isEmpty()) {
                    steps.request(d.revisionId());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not take revision %s a step further: %s", revision, e.getMessage());
        }
    }

    /**
     * A waking stack is READY once every Deployment of it is available again: its hooks ran when it was first
     * deployed and are not run again, so there is no step to take but this one.
     */
    private void wokenStack(Deployment deployment) {
        String revision = deployment.getMetadata().getLabels().get(Labels.REVISION);
        String namespace = deployment.getMetadata().getNamespace();
        if (revision == null || !informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .filter(d -> revision.equals(d.getMetadata().getLabels().get(Labels.REVISION)))
                .allMatch(Readiness::isAvailable)) {
            return;
        }
        try {
            UUID id = UUID.fromString(revision);
            if (environments.deployTarget(id).phase() == RevisionPhase.WAKING) {
                lifecycle.moveTo(id, RevisionPhase.READY, AuditEvent.WORKER, "woken: every service available");
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not record revision %s as woken: %s", revision, e.getMessage());
        }
    }

    /**
     * Whether the informer's cache shows the Deployment available: no API call. False before the informer
     * has synced or seen it; the watcher then marks the revision READY when the event arrives, and
     * {@link #reconcileDeploying} catches a signal that came before the revision was DEPLOYING.
     */
    boolean cachedAvailable(String namespace, String name) {
        return informer != null && Readiness.isAvailable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    /** What the informers' caches show of a stack revision: no API call. */
    private StackPlan.Observed cached(EnvironmentService.Deploying revision) {
        Set<String> started = new TreeSet<>();
        Set<String> ready = new TreeSet<>();
        for (Deployment d : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, revision.namespace())) {
            String service = d.getMetadata().getLabels().get(Labels.SERVICE);
            boolean ours = revision.revisionId().toString().equals(d.getMetadata().getLabels().get(Labels.REVISION));
            if (service != null && ours) {
                started.add(service);
                if (Readiness.isAvailable(d)) {
                    ready.add(service);
                }
            }
        }
        Map<String, StackPlan.HookState> hookStates = new HashMap<>();
        for (Job job : hooks.getIndexer().byIndex(Cache.NAMESPACE_INDEX, revision.namespace())) {
            String hook = job.getMetadata().getLabels().get(Labels.HOOK);
            if (hook != null) {
                hookStates.put(hook, StackDeployer.hookState(job));
            }
        }
        return new StackPlan.Observed(started, ready, hookStates);
    }

    @Override
    public void onDelete(Deployment deployment, boolean finalStateUnknown) {
        // deletions are the teardown's business; drift detection comes with sealed revisions
    }

    private void markReady(Deployment deployment) {
        String revision = deployment.getMetadata().getLabels().get(Labels.REVISION);
        if (revision == null) {
            return;
        }
        try {
            lifecycle.moveTo(UUID.fromString(revision), RevisionPhase.READY, AuditEvent.WORKER, "Deployment available");
        } catch (RuntimeException e) {
            LOG.warnf("could not record revision %s as READY: %s", revision, e.getMessage());
        }
    }

    /**
     * The safety net under the informer: a readiness signal lost to a database outage is picked up from
     * the informer's cache (no API call), and a revision still not available after the readiness
     * timeout is FAILED.
     */
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileDeploying() {
        if (informer == null) {
            return;
        }
        Instant now = Instant.now();
        try {
            for (EnvironmentService.Deploying revision : environments.deploying()) {
                if (revision.spec() != null) {
                    reconcileStack(revision, now);
                    continue;
                }
                Deployment deployment = informer.getIndexer().getByKey(revision.namespace() + "/" + RevisionRenderer.APP);
                if (Readiness.isAvailable(deployment)) {
                    markReady(deployment);
                } else if (revision.since().isBefore(now.minus(config.readinessTimeout()))) {
                    lifecycle.moveTo(revision.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER,
                            "The Deployment was not available within " + config.readinessTimeout().toSeconds() + " s");
                }
            }
            for (EnvironmentService.Deploying revision : environments.waking()) {
                reconcileWaking(revision, now);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not reconcile deploying revisions: %s", e.getMessage());
        }
    }

    /**
     * A waking revision whose Deployments the cache shows available is READY (its signal was lost); one not
     * available after its timeout (as for a deploy) is FAILED, naming what did not come back, so that the wake
     * page and a bot waiting with {@code ?wait=READY} get an answer instead of waiting for ever.
     */
    private void reconcileWaking(EnvironmentService.Deploying revision, Instant now) {
        List<Deployment> deployments = informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, revision.namespace())
                .stream().filter(d -> revision.revisionId().toString().equals(d.getMetadata().getLabels()
                        .get(Labels.REVISION)))
                .toList();
        Duration timeout = revision.spec() == null ? config.readinessTimeout() : stackTimeout(revision.spec().stack());
        wakeOutcome(deployments, revision.since(), now, timeout).ifPresent(outcome -> lifecycle
                .moveTo(revision.revisionId(), outcome.phase(), AuditEvent.WORKER, outcome.reason()));
    }

    /** Where a wake stands: READY, FAILED with why, or empty while it may still come. */
    record WakeOutcome(RevisionPhase phase, String reason) {
    }

    /**
     * Pure: a wake is done when every Deployment of the revision is scaled back and available (0 of 0 is the
     * WAKE job not having run yet, not a wake), and has failed when {@code timeout} passed since it began.
     */
    static Optional<WakeOutcome> wakeOutcome(List<Deployment> deployments, Instant since, Instant now,
            Duration timeout) {
        SortedSet<String> waiting = new TreeSet<>();
        for (Deployment d : deployments) {
            if (!Readiness.isAvailable(d) || Integer.valueOf(0).equals(d.getSpec().getReplicas())) {
                waiting.add(d.getMetadata().getName());
            }
        }
        if (!deployments.isEmpty() && waiting.isEmpty()) {
            return Optional.of(new WakeOutcome(RevisionPhase.READY, "woken: every Deployment available"));
        }
        if (since.isBefore(now.minus(timeout))) {
            return Optional.of(new WakeOutcome(RevisionPhase.FAILED, "did not wake within " + timeout.toSeconds()
                    + " s: " + (deployments.isEmpty() ? "no Deployment of the revision is left"
                            : "Deployments " + String.join(", ", waiting) + " not available")));
        }
        return Optional.empty();
    }

    /**
     * A stack whose cached state allows a step that nobody asked for (its signal was lost) gets one; a
     * stack still not ready after its timeout (the readiness timeout, or its longest health timeout if
     * that is longer) is FAILED, naming the services not ready.
     */
    private void reconcileStack(EnvironmentService.Deploying revision, Instant now) {
        StackSpec stack = revision.spec().stack();
        StackPlan.Observed observed = cached(revision);
        StackPlan.Step step = StackPlan.next(stack, observed);
        if (step.outcome() != StackPlan.Outcome.WAITING || !step.start().isEmpty() || !step.run().isEmpty()) {
            steps.request(revision.revisionId());
            return;
        }
        Set<String> ready = observed.ready();
        Duration timeout = stackTimeout(stack);
        if (revision.since().isBefore(now.minus(timeout))) {
            Set<String> waiting = new TreeSet<>(stack.services().keySet());
            waiting.removeAll(ready);
            lifecycle.moveTo(revision.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER,
                    "not ready within " + timeout.toSeconds() + " s: " + (waiting.isEmpty()
                            ? "its hooks did not finish" : "services " + String.join(", ", waiting)));
        }
    }

    private Duration stackTimeout(StackSpec stack) {
        Duration longest = config.readinessTimeout();
        for (StackSpec.ServiceSpec service : stack.services().values()) {
            if (service.health() != null) {
                Duration timeout = Duration.ofSeconds(service.health().timeoutSeconds());
                longest = timeout.compareTo(longest) > 0 ? timeout : longest;
            }
        }
        return longest;
    }
}
