package io.driftless.worker.deploy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.spec.StackSpec;
import io.driftless.worker.jobs.Failures;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.Readiness;
import io.driftless.worker.render.RenderedStack;
import io.driftless.worker.render.StackRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * One step of a stack revision's deploy, run as a DEPLOY job each time the cluster shows progress:
 * render → create what every step needs (namespace, seal, Services, volumes, the Ingress) → see what
 * runs → start what {@link StackPlan} says is due → READY or FAILED when the plan says so. Each step is
 * idempotent: a step run twice, or taken over from a dead worker, creates nothing twice.
 */
@ApplicationScoped
public class StackDeployer {

    private static final Logger LOG = Logger.getLogger(StackDeployer.class);
    /** How many of a failed hook's last log lines become the revision's failure reason. */
    static final int LOG_LINES = 20;

    private final KubernetesClient client;
    private final ClusterWrites writes;
    private final RevisionLifecycle lifecycle;
    private final RevisionModels models;
    private final EdgeGuards guards;

    public StackDeployer(KubernetesClient client, ClusterWrites writes, RevisionLifecycle lifecycle,
            RevisionModels models, EdgeGuards guards) {
        this.guards = guards;
        this.client = client;
        this.writes = writes;
        this.lifecycle = lifecycle;
        this.models = models;
    }

    /**
     * Takes the next step of a DEPLOYING stack revision whose images are pinned.
     *
     * @param first whether this step just moved the revision from QUEUED: a revision asked for again after
     *              a hook failed runs that hook again, so its failed Job is removed first
     */
    public void step(DeployTarget target, boolean first) {
        RenderedStack rendered = StackRenderer.render(models.of(target));
        StackPlan.Observed observed = observe(target);
        if (first) {
            observed = withoutFailedHooks(target, observed);
        }
        if (observed.started().isEmpty() && observed.hooks().isEmpty()) {
            // nothing runs yet: this is the first step (or the first one got no further); every later step
            // finds the workloads that prove these objects were all created
            if (!create(target, guards.protect(target.repository(), rendered.base()))) {
                return;
            }
        }
        StackPlan.Step step = StackPlan.next(target.spec().stack(), observed);
        switch (step.outcome()) {
            case READY -> {
                lifecycle.moveTo(target.revisionId(), RevisionPhase.READY, AuditEvent.WORKER,
                        readyReason(target.spec().stack()));
                return;
            }
            case FAILED -> {
                lifecycle.moveTo(target.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER,
                        hookFailure(target, step.failedHook()));
                return;
            }
            case WAITING -> {
                // start what is due below
            }
        }
        for (String hook : step.run()) {
            Job job = rendered.hooks().stream()
                    .filter(j -> j.getMetadata().getName().equals(StackRenderer.HOOK_PREFIX + hook))
                    .findFirst().orElseThrow();
            if (!create(target, List.of(job))) {
                return;
            }
            LOG.debugf("revision %s: hook %s started", target.name(), hook);
        }
        for (String service : step.start()) {
            if (!create(target, List.of(rendered.workloads().get(service)))) {
                return;
            }
            LOG.debugf("revision %s: service %s started", target.name(), service);
        }
    }

    /** Why a stack revision is READY, in its history. */
    public static String readyReason(StackSpec stack) {
        return "every service ready" + (stack.hookList().isEmpty() ? "" : ", hooks done");
    }

    /** Creates the objects; false when the cluster refused one for good and the revision FAILED. */
    private boolean create(DeployTarget target, List<? extends HasMetadata> objects) {
        for (HasMetadata object : objects) {
            try {
                writes.createIfAbsent(object);
            } catch (KubernetesClientException e) {
                if (Failures.classify(e).passing()) {
                    throw e; // the job is tried again; objects created so far are kept
                }
                lifecycle.moveTo(target.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER,
                        Deployer.reasonOf(object, e));
                return false;
            }
        }
        return true;
    }

    /** Deletes the Jobs of failed hooks (and their pods) so that the plan runs them again. */
    private StackPlan.Observed withoutFailedHooks(DeployTarget target, StackPlan.Observed observed) {
        Map<String, StackPlan.HookState> hooks = new HashMap<>(observed.hooks());
        for (Map.Entry<String, StackPlan.HookState> hook : observed.hooks().entrySet()) {
            if (hook.getValue() == StackPlan.HookState.FAILED) {
                writes.deleteAndConfirm(client.batch().v1().jobs().inNamespace(target.name())
                        .withName(StackRenderer.HOOK_PREFIX + hook.getKey()));
                hooks.remove(hook.getKey());
                LOG.infof("revision %s: hook %s failed before; it runs again", target.name(), hook.getKey());
            }
        }
        return new StackPlan.Observed(observed.started(), observed.ready(), hooks);
    }

    /** Which services run and are ready, and where each hook stands: two list calls. */
    StackPlan.Observed observe(DeployTarget target) {
        String revision = target.revisionId().toString();
        Set<String> started = new HashSet<>();
        Set<String> ready = new HashSet<>();
        for (Deployment d : client.apps().deployments().inNamespace(target.name())
                .withLabel(Labels.REVISION, revision).list().getItems()) {
            String service = d.getMetadata().getLabels().get(Labels.SERVICE);
            if (service != null) {
                started.add(service);
                if (Readiness.isAvailable(d)) {
                    ready.add(service);
                }
            }
        }
        Map<String, StackPlan.HookState> hooks = new HashMap<>();
        for (Job job : client.batch().v1().jobs().inNamespace(target.name())
                .withLabel(Labels.REVISION, revision).list().getItems()) {
            String hook = job.getMetadata().getLabels().get(Labels.HOOK);
            if (hook != null) {
                hooks.put(hook, hookState(job));
            }
        }
        return new StackPlan.Observed(started, ready, hooks);
    }

    /** A Job succeeded, failed (it is never retried: backoffLimit 0), or still runs. */
    public static StackPlan.HookState hookState(Job job) {
        if (job.getStatus() == null) {
            return StackPlan.HookState.RUNNING;
        }
        List<JobCondition> conditions = job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
        if (conditions.stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))) {
            return StackPlan.HookState.FAILED;
        }
        if (conditions.stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))
                || (job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0)) {
            return StackPlan.HookState.SUCCEEDED;
        }
        return StackPlan.HookState.RUNNING;
    }

    /** The failure reason of a hook: what the Job says and the last lines its pod wrote. */
    private String hookFailure(DeployTarget target, String hook) {
        String jobName = StackRenderer.HOOK_PREFIX + hook;
        StringBuilder reason = new StringBuilder("hook " + hook + " failed");
        Job job = client.batch().v1().jobs().inNamespace(target.name()).withName(jobName).get();
        if (job != null && job.getStatus() != null && job.getStatus().getConditions() != null) {
            job.getStatus().getConditions().stream()
                    .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                    .findFirst()
                    .ifPresent(c -> reason.append(" (").append(c.getReason() == null ? "Failed" : c.getReason())
                            .append(c.getMessage() == null ? "" : ": " + c.getMessage()).append(')'));
        }
        String log = lastLogLines(target.name(), jobName);
        reason.append(log.isBlank() ? "; its pod left no log" : "; its last log lines:\n" + log);
        return reason.toString();
    }

    private String lastLogLines(String namespace, String jobName) {
        try {
            List<Pod> pods = client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
            if (pods.isEmpty()) {
                return "";
            }
            Pod newest = pods.get(pods.size() - 1);
            String log = client.pods().inNamespace(namespace).withName(newest.getMetadata().getName())
                    .tailingLines(LOG_LINES).getLog();
            return log == null ? "" : log.strip();
        } catch (KubernetesClientException e) {
            LOG.debugf("no log of hook %s/%s: %s", namespace, jobName, e.getMessage());
            return "";
        }
    }
}
