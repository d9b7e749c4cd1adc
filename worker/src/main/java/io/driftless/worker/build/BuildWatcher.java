package io.driftless.worker.build;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.Build;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.metrics.Meters;
import io.driftless.api.service.BuildStore;
import io.driftless.api.service.BuildStore.BuildView;
import io.driftless.api.service.DeploySteps;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.worker.deploy.CountedReconnects;
import io.driftless.worker.deploy.StackDeployer;
import io.driftless.worker.deploy.StackPlan;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Follows build Jobs: an informer records a build's end (its digest, or why it failed, and its log) and
 * takes the revisions waiting for it a step further; every second the logs of running builds are copied
 * to the database (so people can follow them), an end whose signal was lost is picked up from the
 * informer's cache, and a build no revision waits for any more (a newer commit superseded them) is
 * cancelled. A finished build's namespace goes with its Secrets.
 */
@ApplicationScoped
public class BuildWatcher implements ResourceEventHandler<Job> {

    private static final Logger LOG = Logger.getLogger(BuildWatcher.class);
    /** How many of a failed build's last log lines its revision's failure reason quotes. */
    static final int REASON_LINES = 20;

    private final KubernetesClient client;
    private final BuildStore store;
    private final BuildOutcomes outcomes;
    private final DeploySteps steps;
    private final RevisionLifecycle lifecycle;
    private final RolesConfig roles;
    private final Meters meters;
    private SharedIndexInformer<Job> informer;

    public BuildWatcher(KubernetesClient client, BuildStore store, BuildOutcomes outcomes, DeploySteps steps,
            RevisionLifecycle lifecycle, RolesConfig roles, Meters meters) {
        this.meters = meters;
        this.client = client;
        this.store = store;
        this.outcomes = outcomes;
        this.steps = steps;
        this.lifecycle = lifecycle;
        this.roles = roles;
    }

    void start(@Observes StartupEvent event) {
        if (!roles.has(RolesConfig.Role.worker)) {
            return;
        }
        informer = client.batch().v1().jobs().inAnyNamespace().withLabel(Labels.BUILD)
                .runnableInformer(60_000);
        informer.addEventHandler(this);
        informer.exceptionHandler(CountedReconnects.of(meters, "build-jobs"));
        informer.start().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.errorf("cannot watch build Jobs (%s); builds end only when this worker can", error.getMessage());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    @Override
    public void onAdd(Job job) {
        ended(job);
    }

    @Override
    public void onUpdate(Job before, Job after) {
        ended(after);
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
    }

    private void ended(Job job) {
        StackPlan.HookState state = StackDeployer.hookState(job);
        if (state == StackPlan.HookState.RUNNING) {
            return;
        }
        try {
            finish(job, state == StackPlan.HookState.SUCCEEDED);
        } catch (RuntimeException e) {
            LOG.warnf("could not record the end of build %s: %s (the next look tries again)",
                    job.getMetadata().getLabels().get(Labels.BUILD), e.getMessage());
        }
    }

    private void finish(Job job, boolean succeeded) {
        UUID id = UUID.fromString(job.getMetadata().getLabels().get(Labels.BUILD));
        BuildView build = store.get(id);
        if (build.status().done()) {
            return;
        }
        String log = outcomes.log(job);
        String seconds = build.startedAt() == null ? "" : " in "
                + java.time.Duration.between(build.startedAt(), java.time.Instant.now()).toSeconds() + " s";
        List<UUID> waiting;
        if (succeeded) {
            var digest = outcomes.digest(job);
            if (digest.isEmpty()) {
                waiting = store.finish(id, Build.Status.FAILED, null, "the build ended without a pushed digest", log);
                fail(waiting, build, "it ended without a pushed digest");
            } else {
                waiting = store.finish(id, Build.Status.SUCCEEDED, build.destination() + "@" + digest.get(),
                        build.reason() + "; pushed " + digest.get() + seconds, log);
                waiting.forEach(steps::request);
                LOG.infof("build %s of %s pushed %s%s", id, build.service(), digest.get(), seconds);
            }
        } else {
            String why = jobFailure(job);
            String reason = why + tail(log);
            waiting = store.finish(id, Build.Status.FAILED, null, reason, log);
            fail(waiting, build, reason);
        }
        removeNamespace(build);
    }

    private void fail(List<UUID> waiting, BuildView build, String reason) {
        for (UUID revision : waiting) {
            lifecycle.moveTo(revision, RevisionPhase.FAILED, AuditEvent.WORKER,
                    "the build of " + build.service() + " failed: " + reason);
        }
    }

    /**
     * The safety net and the log follower: what a lost signal left RUNNING is ended from the informer's
     * cache, the logs of the others are copied, and builds nobody waits for are cancelled.
     */
    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void follow() {
        if (informer == null) {
            return;
        }
        try {
            // a revision waiting for a build slot (or whose builds all ended meanwhile) takes its next step
            store.buildingWithoutRunningBuild().forEach(steps::request);
            for (BuildView build : store.running()) {
                Job job = informer.getIndexer().getByKey(build.namespace() + "/" + BuildRenderer.JOB);
                if (job != null && StackDeployer.hookState(job) != StackPlan.HookState.RUNNING) {
                    ended(job);
                } else if (store.waiting(build.id()).isEmpty()) {
                    cancel(build, job);
                } else if (job != null) {
                    store.log(build.id(), outcomes.log(job));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not follow running builds: %s", e.getMessage());
        }
    }

    /**
     * The revision no longer waits (a newer commit superseded it, or it is being removed): its running
     * builds that nobody else waits for are cancelled now rather than at the next look.
     */
    public void abandoned(UUID revisionId) {
        for (BuildView build : store.ofRevision(revisionId)) {
            if (build.status() == Build.Status.RUNNING && store.waiting(build.id()).isEmpty()) {
                Job job = informer == null ? null
                        : informer.getIndexer().getByKey(build.namespace() + "/" + BuildRenderer.JOB);
                cancel(build, job);
            }
        }
    }

    /** No revision waits for the build any more: its Job and namespace go, and it is CANCELLED. */
    private void cancel(BuildView build, Job job) {
        String log = job == null ? "" : outcomes.log(job);
        store.finish(build.id(), Build.Status.CANCELLED, null,
                "cancelled: no revision waits for it any more (a newer commit was asked for)", log);
        removeNamespace(build);
        LOG.infof("build %s of %s cancelled: no revision waits for it", build.id(), build.service());
    }

    private void removeNamespace(BuildView build) {
        if (build.namespace() != null) {
            client.namespaces().withName(build.namespace()).delete();
        }
    }

    private static String jobFailure(Job job) {
        if (job.getStatus() != null && job.getStatus().getConditions() != null) {
            return job.getStatus().getConditions().stream()
                    .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst()
                    .map(c -> "the build Job failed (" + (c.getReason() == null ? "Failed" : c.getReason())
                            + (c.getMessage() == null ? "" : ": " + c.getMessage()) + ")")
                    .orElse("the build Job failed");
        }
        return "the build Job failed";
    }

    /** The log's last lines, for a failure reason. */
    static String tail(String log) {
        if (log == null || log.isBlank()) {
            return "; it left no log";
        }
        List<String> lines = log.strip().lines().toList();
        return "; its last log lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - REASON_LINES),
                lines.size()));
    }
}
