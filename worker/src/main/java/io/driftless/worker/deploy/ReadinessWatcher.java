package io.driftless.worker.deploy;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.Readiness;
import io.driftless.worker.render.RevisionRenderer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Learns readiness from the cluster: an informer on every managed Deployment marks its revision READY
 * the moment it becomes available. A periodic reconcile catches a signal that could not be recorded and
 * fails a revision that is still not available after the readiness timeout.
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
    private SharedIndexInformer<Deployment> informer;

    public ReadinessWatcher(KubernetesClient client, RevisionLifecycle lifecycle, EnvironmentService environments,
            WorkerConfig config, RolesConfig roles) {
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
        informer.start().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.errorf("cannot watch Deployments in the cluster (%s); revisions stay DEPLOYING until it can",
                        error.getMessage());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    @Override
    public void onAdd(Deployment deployment) {
        if (Readiness.isAvailable(deployment)) {
            markReady(deployment);
        }
    }

    @Override
    public void onUpdate(Deployment before, Deployment after) {
        if (Readiness.isAvailable(after) && !Readiness.isAvailable(before)) {
            markReady(after);
        }
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
        Instant deadline = Instant.now().minus(config.readinessTimeout());
        try {
            for (EnvironmentService.Deploying revision : environments.deploying()) {
                Deployment deployment = informer.getIndexer().getByKey(revision.namespace() + "/" + RevisionRenderer.APP);
                if (Readiness.isAvailable(deployment)) {
                    markReady(deployment);
                } else if (revision.since().isBefore(deadline)) {
                    lifecycle.moveTo(revision.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER,
                            "The Deployment was not available within " + config.readinessTimeout().toSeconds() + " s");
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not reconcile deploying revisions: %s", e.getMessage());
        }
    }
}
