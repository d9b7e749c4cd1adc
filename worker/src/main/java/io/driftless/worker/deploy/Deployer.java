package io.driftless.worker.deploy;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.naming.Urls;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.jobs.Failures;
import io.driftless.worker.registry.ImageNotResolvable;
import io.driftless.worker.registry.ImagePinning;
import io.driftless.worker.render.Readiness;
import io.driftless.worker.render.RenderInput;
import io.driftless.worker.render.RevisionRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Puts one revision into the cluster: mark DEPLOYING → pin its image to a digest → render → create
 * each object → check readiness. It does not wait: if the Deployment is not available yet, the {@link ReadinessWatcher}
 * finishes the revision when the cluster says so.
 */
@ApplicationScoped
public class Deployer {

    private static final Logger LOG = Logger.getLogger(Deployer.class);

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final RevisionLifecycle lifecycle;
    private final Urls urls;
    private final WorkerConfig config;
    private final ClusterWrites writes;
    private final ImagePinning pinning;

    public Deployer(KubernetesClient client, EnvironmentService environments, RevisionLifecycle lifecycle, Urls urls,
            WorkerConfig config, ClusterWrites writes, ImagePinning pinning) {
        this.writes = writes;
        this.pinning = pinning;
        this.client = client;
        this.environments = environments;
        this.lifecycle = lifecycle;
        this.urls = urls;
        this.config = config;
    }

    public void deploy(UUID revisionId) {
        DeployTarget target = environments.deployTarget(revisionId);
        if (!startDeploying(target)) {
            return;
        }
        try {
            target = pinning.pin(target);
        } catch (ImageNotResolvable e) {
            lifecycle.moveTo(revisionId, RevisionPhase.FAILED, AuditEvent.WORKER, e.getMessage());
            return;
        }
        List<HasMetadata> objects = RevisionRenderer.render(renderInput(target));
        for (HasMetadata object : objects) {
            try {
                writes.createIfAbsent(object);
            } catch (KubernetesClientException e) {
                if (Failures.classify(e).passing()) {
                    throw e; // the job is tried again; objects created so far are kept
                }
                lifecycle.moveTo(revisionId, RevisionPhase.FAILED, AuditEvent.WORKER, reasonOf(object, e));
                return;
            }
        }
        Deployment deployment = client.apps().deployments().inNamespace(target.name())
                .withName(RevisionRenderer.APP).get();
        if (Readiness.isAvailable(deployment)) {
            lifecycle.moveTo(revisionId, RevisionPhase.READY, AuditEvent.WORKER, "Deployment available");
        }
    }

    /** QUEUED moves to DEPLOYING; a DEPLOYING one (a job taken over from a dead worker) goes on. */
    private boolean startDeploying(DeployTarget target) {
        if (target.phase() == RevisionPhase.QUEUED) {
            return lifecycle.moveTo(target.revisionId(), RevisionPhase.DEPLOYING, AuditEvent.WORKER, null);
        }
        if (target.phase() != RevisionPhase.DEPLOYING) {
            LOG.debugf("revision %s is %s: nothing to deploy", target.name(), target.phase());
            return false;
        }
        return true;
    }

    public RenderInput renderInput(DeployTarget t) {
        return new RenderInput(t.environmentId(), t.revisionId(), t.repository(), t.branch(), t.commit(), t.specHash(),
                t.name(), urls.host(t.name()), t.deployImage(), t.port(), config.ingressClass(), t.seal());
    }

    /** A failure a person can act on: which object, what the cluster answered. */
    static String reasonOf(HasMetadata object, KubernetesClientException e) {
        String what = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        String where = object.getMetadata().getNamespace() == null ? object.getMetadata().getName()
                : object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        String answer = e.getCode() > 0 ? "HTTP " + e.getCode() : "no answer";
        return "Could not create " + object.getKind() + " " + where + " (" + answer + "): " + what;
    }
}
