package io.driftless.worker.deploy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.worker.jobs.JobHandler;
import io.driftless.worker.render.Readiness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Carries out a sleep or a wake that the database has recorded already (SLEEPING or WAKING). Only the
 * replicas of the revision's Deployments change: zero while asleep, their rendered count once woken, so the
 * rendered objects, the manifests and the spec hash stay what they were and nothing else needs storing. A
 * sleep also routes the alias to the wake page; a wake's Deployments becoming available make the revision
 * READY ({@link ReadinessWatcher}), which routes it back.
 */
@ApplicationScoped
public class Sleeper implements JobHandler {

    private static final Logger LOG = Logger.getLogger(Sleeper.class);

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final Deployer deployer;
    private final Router router;
    private final RevisionLifecycle lifecycle;

    public Sleeper(KubernetesClient client, EnvironmentService environments, Deployer deployer, Router router,
            RevisionLifecycle lifecycle) {
        this.client = client;
        this.environments = environments;
        this.deployer = deployer;
        this.router = router;
        this.lifecycle = lifecycle;
    }

    @Override
    public Set<Job.Kind> kinds() {
        return EnumSet.of(Job.Kind.SLEEP, Job.Kind.WAKE);
    }

    @Override
    public void run(Job job) {
        switch (job.kind) {
            case SLEEP -> sleep(job.revisionId);
            case WAKE -> wake(job.revisionId);
            default -> throw new IllegalArgumentException("not a sleep or wake job: " + job.kind);
        }
    }

    /** Scales the revision's Deployments to zero, then shows the wake page on its alias. */
    void sleep(UUID revisionId) {
        DeployTarget target = environments.deployTarget(revisionId);
        if (target.phase() != RevisionPhase.SLEEPING) {
            LOG.debugf("revision %s is %s: no sleep to carry out", target.name(), target.phase());
            return; // woken (a WAKE job follows) or gone meanwhile
        }
        for (Deployment d : deployments(target)) {
            scale(d, 0);
        }
        router.route(target.environmentId());
    }

    /**
     * Scales the revision's Deployments back to their rendered replicas. If they are available at once (the
     * sleep never took effect), it is READY now; otherwise the readiness watcher hears them become available.
     */
    void wake(UUID revisionId) {
        DeployTarget target = environments.deployTarget(revisionId);
        if (target.phase() != RevisionPhase.WAKING) {
            return;
        }
        List<Deployment> rendered = deployments(target);
        for (Deployment d : rendered) {
            scale(d, replicas(d));
        }
        boolean available = rendered.stream().allMatch(d -> Readiness.isAvailable(client.apps().deployments()
                .inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName()).get()));
        if (available) {
            lifecycle.moveTo(revisionId, RevisionPhase.READY, AuditEvent.WORKER, "woken: Deployments available");
        }
    }

    private List<Deployment> deployments(DeployTarget target) {
        return deployer.rendered(target).stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .toList();
    }

    static int replicas(Deployment rendered) {
        return rendered.getSpec().getReplicas() == null ? 1 : rendered.getSpec().getReplicas();
    }

    private void scale(Deployment d, int replicas) {
        var live = client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName());
        if (live.get() == null) {
            LOG.warnf("Deployment %s/%s is missing; the resync recreates it once the revision is READY",
                    d.getMetadata().getNamespace(), d.getMetadata().getName());
            return;
        }
        live.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }
}
