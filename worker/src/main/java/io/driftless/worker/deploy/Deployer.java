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
import io.driftless.worker.build.Builder;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.jobs.Failures;
import io.driftless.worker.registry.ImageNotResolvable;
import io.driftless.worker.registry.ImagePinning;
import io.driftless.worker.render.RenderInput;
import io.driftless.worker.render.RenderedStack;
import io.driftless.worker.render.StackRenderer;
import io.driftless.worker.render.RevisionRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Puts one revision into the cluster: mark DEPLOYING → pin its images to digests → render → create
 * each object → check readiness. It does not wait: if the Deployment is not available yet, the {@link ReadinessWatcher}
 * finishes the revision when the cluster says so. A stack (spec version 3) deploys in steps
 * ({@link StackDeployer}), one DEPLOY job each, asked for by the watcher as its services come up.
 */
@ApplicationScoped
public class Deployer {

    private static final Logger LOG = Logger.getLogger(Deployer.class);

    private final EnvironmentService environments;
    private final RevisionLifecycle lifecycle;
    private final Urls urls;
    private final WorkerConfig config;
    private final ClusterWrites writes;
    private final ImagePinning pinning;
    private final StackDeployer stacks;
    private final RevisionModels models;
    private final Builder builder;
    private final EdgeGuards guards;
    private final ReadinessWatcher readiness;

    public Deployer(EnvironmentService environments, RevisionLifecycle lifecycle, Urls urls,
            WorkerConfig config, ClusterWrites writes, ImagePinning pinning, StackDeployer stacks,
            RevisionModels models, Builder builder, EdgeGuards guards, ReadinessWatcher readiness) {
        this.guards = guards;
        this.readiness = readiness;
        this.builder = builder;
        this.stacks = stacks;
        this.models = models;
        this.writes = writes;
        this.pinning = pinning;
        this.environments = environments;
        this.lifecycle = lifecycle;
        this.urls = urls;
        this.config = config;
    }

    public void deploy(UUID revisionId) {
        DeployTarget target = environments.deployTarget(revisionId);
        boolean first = target.phase() == RevisionPhase.QUEUED;
        if (Builder.builds(target) && (first || target.phase() == RevisionPhase.BUILDING)) {
            if (first && !lifecycle.moveTo(revisionId, RevisionPhase.BUILDING, AuditEvent.WORKER, null)) {
                return;
            }
            if (builder.ensure(target) != Builder.Outcome.DONE) {
                return; // a build runs (the build watcher asks for the next step when it ends), or it FAILED
            }
            if (!lifecycle.moveTo(revisionId, RevisionPhase.DEPLOYING, AuditEvent.WORKER,
                    "every image built or found")) {
                return;
            }
            target = environments.deployTarget(revisionId);
        }
        if (!startDeploying(target)) {
            return;
        }
        try {
            target = pinning.pin(target);
        } catch (ImageNotResolvable e) {
            lifecycle.moveTo(revisionId, RevisionPhase.FAILED, AuditEvent.WORKER, e.getMessage());
            return;
        }
        if (target.isStack()) {
            try {
                stacks.step(target, first);
            } catch (RevisionModels.MissingSecret e) {
                lifecycle.moveTo(revisionId, RevisionPhase.FAILED, AuditEvent.WORKER, e.getMessage());
            }
            return;
        }
        List<HasMetadata> objects = guards.protect(target.repository(), RevisionRenderer.render(renderInput(target)));
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
        // from the readiness informer's cache, not a GET: a Deployment just created is hardly ever available
        // yet, and when it becomes so the watcher finishes the revision anyway
        if (readiness.cachedAvailable(target.name(), RevisionRenderer.APP)) {
            lifecycle.moveTo(revisionId, RevisionPhase.READY, AuditEvent.WORKER, "Deployment available");
        }
    }

    /**
     * What must exist while the revision is READY, as rendered and as drift detection and the resync
     * compare it: a stack's namespace, seal, volumes, services and their workloads, or a single-image
     * revision's objects. Not a stack's hooks (they ran once) nor its Secret (the worker may create a
     * Secret but never read one back, ADR 0006).
     */
    public List<HasMetadata> rendered(DeployTarget target) {
        if (!target.isStack()) {
            return guards.protect(target.repository(), RevisionRenderer.render(renderInput(target)));
        }
        return guards.protect(target.repository(), StackRenderer.render(models.withoutSecretValues(target))
                .steadyState().stream().filter(o -> !(o instanceof Secret)).toList());
    }

    /**
     * Everything a READY revision's namespace holds, for putting a namespace deleted by hand back: what
     * {@link #rendered} gives, and a stack's Secret after the seal and before the workloads that use it.
     */
    public List<HasMetadata> restorable(DeployTarget target) {
        if (!target.isStack()) {
            return guards.protect(target.repository(), RevisionRenderer.render(renderInput(target)));
        }
        return guards.protect(target.repository(), StackRenderer.render(models.of(target)).steadyState());
    }

    /** Everything a revision's deploy creates, hooks included: what the manifests view shows. */
    public List<HasMetadata> renderedWithHooks(DeployTarget target) {
        if (!target.isStack()) {
            return guards.protect(target.repository(), RevisionRenderer.render(renderInput(target)));
        }
        RenderedStack stack = StackRenderer.render(models.withoutSecretValues(target));
        List<HasMetadata> all = new java.util.ArrayList<>(stack.steadyState());
        all.addAll(stack.hooks());
        return guards.protect(target.repository(), all);
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
    public static String reasonOf(HasMetadata object, KubernetesClientException e) {
        String what = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        String where = object.getMetadata().getNamespace() == null ? object.getMetadata().getName()
                : object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        String answer = e.getCode() > 0 ? "HTTP " + e.getCode() : "no answer";
        return "Could not create " + object.getKind() + " " + where + " (" + answer + "): " + what;
    }
}
