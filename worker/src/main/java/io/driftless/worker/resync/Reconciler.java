package io.driftless.worker.resync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.DriftEvent;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.DesiredState;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.deploy.ClusterWrites;
import io.driftless.worker.deploy.Deployer;
import io.driftless.worker.deploy.Router;
import io.driftless.worker.render.AliasRenderer;
import io.driftless.worker.render.RevisionRenderer;
import io.driftless.worker.resync.Differences.Difference;
import io.driftless.worker.resync.Differences.Expected;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Brings one environment back to what the database says, in its cluster lane: reads its READY
 * revisions and its alias again, gets each object from the cluster, and for each difference records a
 * drift event ({@code found at resync}) and, unless {@code driftless.worker.drift=report}, heals it:
 * a missing object is created (a missing namespace with everything in it), an edited one is replaced by
 * its rendered state, the alias is pointed where the database says. A READY revision whose namespace or
 * Deployment had to be created again goes back to DEPLOYING and is READY only when the cluster says so.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final DesiredState desired;
    private final EnvironmentService environments;
    private final RevisionLifecycle lifecycle;
    private final Deployer deployer;
    private final Router router;
    private final ClusterWrites writes;
    private final WorkerConfig config;

    public Reconciler(KubernetesClient client, DesiredState desired, EnvironmentService environments,
            RevisionLifecycle lifecycle, Deployer deployer, Router router, ClusterWrites writes, WorkerConfig config) {
        this.client = client;
        this.desired = desired;
        this.environments = environments;
        this.lifecycle = lifecycle;
        this.deployer = deployer;
        this.router = router;
        this.writes = writes;
        this.config = config;
    }

    /** Returns the differences found (healed unless drift is only reported). */
    public List<Difference> reconcile(UUID environmentId) {
        List<Expected> expected = new ArrayList<>();
        Map<String, UUID> revisionNamespaces = new HashMap<>();
        Map<String, DeployTarget> targets = new HashMap<>();
        for (DeployTarget target : desired.ready(environmentId)) {
            revisionNamespaces.put(target.name(), target.revisionId());
            targets.put(target.name(), target);
            for (HasMetadata object : deployer.rendered(target)) {
                expected.add(new Expected(environmentId, target.revisionId(), object));
            }
        }
        environments.routeTarget(environmentId).ifPresent(alias -> AliasRenderer.render(router.aliasInput(alias))
                .forEach(object -> expected.add(new Expected(environmentId, alias.revisionId(), object))));
        List<Difference> differences = Differences.of(expected, read(expected));
        if (differences.isEmpty()) {
            return differences;
        }
        boolean heal = config.drift() == WorkerConfig.DriftMode.heal;
        if (heal) {
            // not READY until the cluster says so again: moved before the workload exists, so that the
            // readiness signal of the recreated Deployment cannot come first and be lost
            differences.stream().filter(d -> d.live().isEmpty())
                    .map(d -> workloadOf(d, revisionNamespaces)).flatMap(Optional::stream).distinct()
                    .forEach(revision -> lifecycle.moveTo(revision, RevisionPhase.DEPLOYING, AuditEvent.WORKER,
                            "objects recreated at resync; READY again once the Deployment is available"));
        }
        for (Difference difference : differences) {
            long drift = environments.recordDrift(difference.revisionId(), difference.kind(), difference.objectKind(),
                    difference.objectName(), difference.detail(), DriftEvent.Cause.RESYNC);
            if (!heal) {
                continue;
            }
            try {
                environments.recordHealed(drift, heal(difference, expected, targets));
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
                // changed again meanwhile (the drift watcher may be healing it too): the next look decides
                LOG.infof("%s %s changed while being healed; left to the watch and the next resync",
                        difference.objectKind(), difference.objectName());
            }
        }
        LOG.warnf("environment %s: %d differences found at resync%s", environmentId, differences.size(),
                heal ? ", healed" : " (reported only)");
        return differences;
    }

    /** Reads each expected object from the cluster; nothing is read inside a namespace found missing. */
    private LiveObjects read(List<Expected> expected) {
        LiveObjects live = new LiveObjects();
        Set<String> goneNamespaces = new HashSet<>();
        for (Expected want : expected) {
            String namespace = want.object().getMetadata().getNamespace();
            if (namespace != null && goneNamespaces.contains(namespace)) {
                continue;
            }
            HasMetadata found = client.resource(want.object()).get();
            if (found != null) {
                live.add(found);
            } else if (want.object() instanceof Namespace) {
                goneNamespaces.add(want.object().getMetadata().getName());
            }
        }
        return live;
    }

    /** Returns how it was healed, for the record. */
    private String heal(Difference difference, List<Expected> expected, Map<String, DeployTarget> targets) {
        if (difference.live().isPresent()) {
            writes.replace(difference.desired(), difference.live().get());
            return "reverted to the rendered state";
        }
        if (difference.desired() instanceof Namespace namespace) {
            // the namespace went with everything in it: create it and all that belongs in it again (a
            // stack's Secret too, which is never compared)
            String name = namespace.getMetadata().getName();
            DeployTarget revision = targets.get(name);
            if (revision != null) {
                deployer.restorable(revision).forEach(writes::createIfAbsent);
            } else {
                expected.stream().map(Expected::object)
                        .filter(o -> o == namespace || name.equals(o.getMetadata().getNamespace()))
                        .forEach(writes::createIfAbsent);
            }
            return "recreated with everything in it";
        }
        writes.createIfAbsent(difference.desired());
        return "recreated";
    }

    /**
     * The revision whose workload a missing object takes with it: its namespace or its Deployment. The
     * routing namespace and the alias belong to no revision's workload.
     */
    private static Optional<UUID> workloadOf(Difference missing, Map<String, UUID> revisionNamespaces) {
        HasMetadata object = missing.desired();
        if (object instanceof Namespace) {
            return Optional.ofNullable(revisionNamespaces.get(object.getMetadata().getName()));
        }
        if (object instanceof Deployment) {
            return Optional.ofNullable(revisionNamespaces.get(object.getMetadata().getNamespace()));
        }
        return Optional.empty();
    }
}
