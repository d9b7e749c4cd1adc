package io.driftless.worker.build;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.Build;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.BuildStore;
import io.driftless.api.service.BuildStore.BuildView;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.source.SourceHost;
import io.driftless.api.spec.StackSpec;
import io.driftless.worker.deploy.ClusterWrites;
import io.driftless.worker.deploy.Deployer;
import io.driftless.worker.jobs.Failures;
import io.driftless.worker.registry.ImageRegistry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Gets a stack revision the images of its built services, each by the content it is built from: an
 * image already in the registry for the service's cache key is reused (CACHED, no Job); a build of the
 * key already running is joined; otherwise a build Job is started in a build namespace of its own. Runs
 * as a step of the revision's DEPLOY job while it is BUILDING; the {@link BuildWatcher} asks for the next
 * step when a build ends.
 */
@ApplicationScoped
public class Builder {

    private static final Logger LOG = Logger.getLogger(Builder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Outcome {
        /** every built service has its image */
        DONE,
        /** a build runs; the watcher asks again when it ends */
        WAITING,
        /** a build failed or could not start: the revision is FAILED */
        FAILED
    }

    /** Stands for a build not started because {@code driftless.build.concurrency} builds run already. */
    private static final BuildView WAITING_FOR_SLOT = new BuildView(null, null, null, Build.Status.RUNNING, null,
            null, null, null, null, null, null, null);

    private final BuildStore store;
    private final SourceHost source;
    private final ImageRegistry registry;
    private final BuildConfig config;
    private final EnvironmentService environments;
    private final RevisionLifecycle lifecycle;
    private final ClusterWrites writes;

    public Builder(BuildStore store, SourceHost source, ImageRegistry registry, BuildConfig config,
            EnvironmentService environments, RevisionLifecycle lifecycle, ClusterWrites writes) {
        this.store = store;
        this.source = source;
        this.registry = registry;
        this.config = config;
        this.environments = environments;
        this.lifecycle = lifecycle;
        this.writes = writes;
    }

    /** Whether the revision has services whose images are built from its commit. */
    public static boolean builds(DeployTarget target) {
        return target.isStack() && !target.spec().stack().builtServices().isEmpty();
    }

    /**
     * @param target a revision QUEUED (its first try, or asked for again: a failed build is tried again)
     *               or BUILDING
     */
    public Outcome ensure(DeployTarget target) {
        String headRepository = target.headRepository();
        boolean retry = target.phase() == RevisionPhase.QUEUED;
        boolean waiting = false;
        for (StackSpec.ServiceSpec service : target.spec().stack().builtServices()) {
            if (target.pinnedImages().containsKey(service.name())) {
                continue;
            }
            Optional<BuildView> linked = store.linked(target.revisionId(), service.name());
            if (linked.isPresent() && retry && (linked.get().status() == Build.Status.FAILED
                    || linked.get().status() == Build.Status.CANCELLED)) {
                linked = Optional.empty(); // asked for again: its failed build is tried again
            }
            if (linked.isEmpty()) {
                Optional<BuildView> started = startOrReuse(target, headRepository, service);
                if (started.isEmpty()) {
                    return Outcome.FAILED;
                }
                linked = started;
            }
            BuildView build = linked.get();
            if (build == WAITING_FOR_SLOT) {
                waiting = true;
                continue;
            }
            switch (build.status()) {
                case SUCCEEDED, CACHED -> environments.recordPinnedImage(target.revisionId(), service.name(),
                        build.image());
                case RUNNING -> waiting = true;
                case FAILED, CANCELLED -> {
                    lifecycle.moveTo(target.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER,
                            "the build of " + service.name() + " " + build.status().name().toLowerCase()
                                    + (build.reason() == null ? "" : ": " + build.reason()));
                    return Outcome.FAILED;
                }
            }
        }
        return waiting ? Outcome.WAITING : Outcome.DONE;
    }

    /** The service's build: found in the registry, joined, or started now; empty when the revision FAILED. */
    private Optional<BuildView> startOrReuse(DeployTarget target, String headRepository,
            StackSpec.ServiceSpec service) {
        StackSpec.BuildSpec build = service.build();
        Optional<String> tree = source.treeId(headRepository, target.commit(), build.context());
        if (tree.isEmpty()) {
            lifecycle.moveTo(target.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER, "service " + service.name()
                    + ": the build context '" + build.context() + "' is not a directory of " + headRepository
                    + " at " + target.commit().substring(0, 7));
            return Optional.empty();
        }
        boolean fork = !headRepository.equals(target.repository());
        String key = BuildKey.of(tree.get(), build, config.builderImage());
        String destination = destination(target.repository(), headRepository, service.name(), key, fork);
        BuildStore.Inputs inputs = new BuildStore.Inputs(key, target.repository(), headRepository, service.name(),
                target.commit(), tree.get(), inputsJson(build), destination);
        Optional<String> found = registry.digestOf(destination);
        if (found.isPresent()) {
            LOG.infof("revision %s: service %s reuses %s@%s (key %s)", target.name(), service.name(), destination,
                    found.get(), key.substring(0, 12));
            return Optional.of(store.recordCached(target.revisionId(), inputs, destination + "@" + found.get(),
                    "reused: " + destination + " exists (" + found.get() + "), built before from the same tree "
                            + tree.get().substring(0, 12)));
        }
        String namespace = BuildInput.namespaceName(key, service.name());
        Optional<BuildStore.Started> slot = store.startOrJoin(target.revisionId(), inputs, namespace,
                "built: no image for key " + key.substring(0, 12) + " in " + config.registry(), config.concurrency());
        if (slot.isEmpty()) {
            LOG.infof("revision %s: service %s waits for a build slot (%d running, driftless.build.concurrency)",
                    target.name(), service.name(), config.concurrency());
            return Optional.of(WAITING_FOR_SLOT);
        }
        BuildStore.Started started = slot.get();
        if (started.started()) {
            LOG.infof("revision %s: building service %s (key %s) in %s", target.name(), service.name(),
                    key.substring(0, 12), namespace);
            if (!createBuild(target, started.build(), input(started.build(), target, headRepository, build, fork))) {
                return Optional.empty();
            }
        } else if (started.build().status() == Build.Status.RUNNING) {
            LOG.infof("revision %s: service %s joins build %s of key %s", target.name(), service.name(),
                    started.build().id(), key.substring(0, 12));
        }
        return Optional.of(started.build());
    }

    private BuildInput input(BuildView build, DeployTarget target, String headRepository,
            StackSpec.BuildSpec spec, boolean fork) {
        return BuildInput.of(build.id(), build.cacheKey(), target.repository(), headRepository, target.commit(),
                build.service(), spec, config.registry(), config.builderImage(), fork, config.timeout().toSeconds(),
                target.seal(), config.pushConfig().isPresent(), config.gitToken().isPresent());
    }

    /** The build namespace with its seal and Secrets, then the Job; false when the cluster refused for good. */
    private boolean createBuild(DeployTarget target, BuildView build, BuildInput input) {
        RenderedBuild rendered = BuildRenderer.render(input);
        List<HasMetadata> objects = new java.util.ArrayList<>(rendered.namespace());
        config.pushConfig().ifPresent(json -> objects.add(BuildRenderer.pushSecret(input, json)));
        if (!input.fork()) {
            config.gitToken().ifPresent(token -> objects.add(BuildRenderer.gitTokenSecret(input, token)));
        }
        objects.add(rendered.job());
        for (HasMetadata object : objects) {
            try {
                writes.createIfAbsent(object);
            } catch (KubernetesClientException e) {
                if (Failures.classify(e).passing()) {
                    throw e;
                }
                String reason = "could not start the build: " + Deployer.reasonOf(object, e);
                store.finish(build.id(), Build.Status.FAILED, null, reason, "");
                lifecycle.moveTo(target.revisionId(), RevisionPhase.FAILED, AuditEvent.WORKER,
                        "the build of " + build.service() + " failed: " + reason);
                return false;
            }
        }
        return true;
    }

    /** {@code <registry>/<repository>/<service>:key-<key>}; a fork's under {@code forks/<head repository>}. */
    String destination(String repository, String headRepository, String service, String key, boolean fork) {
        return BuildInput.imagePath(config.registry(), repository, headRepository, service, fork) + ":"
                + BuildInput.TAG_PREFIX + key;
    }

    private static String inputsJson(StackSpec.BuildSpec build) {
        try {
            return JSON.writeValueAsString(build);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings always serialises", e);
        }
    }
}
