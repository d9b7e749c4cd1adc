package io.driftless.worker.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.DriftEvent;
import io.driftless.api.metrics.Meters;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.AliasRenderer;
import io.driftless.worker.render.Drift;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.RevisionRenderer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps READY revisions exactly as rendered. Informers report every change in the cluster at once;
 * an object of a sealed namespace that was edited by hand, deleted by hand, or added without
 * Driftless's labels is recorded as drift and, unless {@code driftless.worker.drift=report}, healed:
 * reverted to its rendered state, recreated, or removed.
 */
@ApplicationScoped
public class DriftWatcher {

    private static final Logger LOG = Logger.getLogger(DriftWatcher.class);

    /**
     * The kinds a revision is made of, plus ConfigMaps a person might add by hand. Not Secrets: a worker
     * that may read every Secret of the cluster would be a worse risk than the drift it could see.
     */
    private static final List<Class<? extends HasMetadata>> WATCHED = List.of(Deployment.class, Service.class,
            Ingress.class, ServiceAccount.class, ResourceQuota.class, LimitRange.class, NetworkPolicy.class,
            ConfigMap.class);

    /** What Kubernetes itself puts in every namespace: not drift. */
    private static final Set<String> CLUSTER_MADE = Set.of("ConfigMap/kube-root-ca.crt", "ServiceAccount/default");

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final Deployer deployer;
    private final ClusterWrites writes;
    private final WorkerConfig config;
    private final RolesConfig roles;

    /** Sealed namespace → its revision, from an informer on managed namespaces. */
    private final Map<String, UUID> sealed = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Meters meters;

    public DriftWatcher(KubernetesClient client, EnvironmentService environments, Deployer deployer,
            ClusterWrites writes, WorkerConfig config, RolesConfig roles, Meters meters) {
        this.meters = meters;
        this.client = client;
        this.environments = environments;
        this.deployer = deployer;
        this.writes = writes;
        this.config = config;
        this.roles = roles;
    }

    void start(@Observes StartupEvent event) {
        if (!roles.has(RolesConfig.Role.worker)) {
            return;
        }
        SharedIndexInformer<Namespace> namespaces = client.namespaces().withLabel(Labels.MANAGED_BY, Labels.DRIFTLESS)
                .runnableInformer(0);
        namespaces.addEventHandler(new Handler<>() {
            @Override
            public void onAdd(Namespace namespace) {
                revisionOf(namespace).ifPresent(r -> sealed.put(namespace.getMetadata().getName(), r));
            }

            @Override
            public void onUpdate(Namespace before, Namespace after) {
                if (!after.getMetadata().getResourceVersion().equals(before.getMetadata().getResourceVersion())) {
                    check(after);
                }
            }

            @Override
            public void onDelete(Namespace namespace, boolean finalStateUnknown) {
                String name = namespace.getMetadata().getName();
                UUID revision = sealed.remove(name);
                if (revision != null) {
                    deleted(revision, namespace);
                }
            }
        });
        namespaces.exceptionHandler(CountedReconnects.of(meters, "namespaces"));
        namespaces.start();
        informers.add(namespaces);
        for (Class<? extends HasMetadata> kind : WATCHED) {
            informers.add(watch(kind));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        informers.forEach(SharedIndexInformer::close);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> watch(Class<T> kind) {
        SharedIndexInformer<T> informer = client.resources(kind).inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new Handler<>() {
            @Override
            public void onAdd(T object) {
                check(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                if (!after.getMetadata().getResourceVersion().equals(before.getMetadata().getResourceVersion())) {
                    check(after);
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                UUID revision = sealed.get(object.getMetadata().getNamespace());
                if (revision != null && isManaged(object) && !isRouting(object)) {
                    deleted(revision, object);
                }
            }
        });
        informer.exceptionHandler(CountedReconnects.of(meters, kind.getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        informer.start();
        return informer;
    }

    /** Compares a live object of a sealed namespace with what its revision rendered. */
    private void check(HasMetadata live) {
        UUID revision = sealed.get(live instanceof Namespace ? live.getMetadata().getName()
                : live.getMetadata().getNamespace());
        if (revision == null || CLUSTER_MADE.contains(live.getKind() + "/" + live.getMetadata().getName())
                || isRouting(live)) {
            return;
        }
        // empty while the revision deploys, sleeps or goes, and when the database does not know it (the sweep's)
        Optional<DeployTarget> target = environments.readyTarget(revision);
        if (target.isEmpty()) {
            return;
        }
        Optional<HasMetadata> desired = rendered(target.get(), live);
        if (desired.isEmpty()) {
            long id = record(revision, DriftEvent.Kind.UNMANAGED, live, "not part of the revision");
            if (healing()) {
                client.resource(live).delete();
                environments.recordHealed(id, "removed");
            }
            return;
        }
        List<String> differences = Drift.differences(desired.get(), live);
        if (!differences.isEmpty()) {
            long id = record(revision, DriftEvent.Kind.EDITED, live, String.join("; ", differences));
            if (healing()) {
                writes.replace(desired.get(), live);
                environments.recordHealed(id, "reverted to the rendered state");
            }
        }
    }

    /** A managed object (or a whole sealed namespace) of a READY revision was deleted. */
    private void deleted(UUID revision, HasMetadata gone) {
        Optional<DeployTarget> target = environments.readyTarget(revision);
        if (target.isEmpty()) {
            return; // being torn down or retired: deletions are expected
        }
        long id = record(revision, DriftEvent.Kind.DELETED, gone, "deleted by hand");
        if (healing()) {
            List<HasMetadata> objects = deployer.rendered(target.get());
            if (gone instanceof Namespace) {
                deployer.restorable(target.get()).forEach(writes::createIfAbsent);
            } else {
                writes.createIfAbsent(objects.get(0)); // its namespace, in case it went too
                rendered(target.get(), gone).ifPresent(writes::createIfAbsent);
            }
            environments.recordHealed(id, "recreated");
        }
    }

    private Optional<HasMetadata> rendered(DeployTarget target, HasMetadata like) {
        return deployer.rendered(target).stream()
                .filter(o -> o.getKind().equals(like.getKind())
                        && o.getMetadata().getName().equals(like.getMetadata().getName()))
                .findFirst();
    }

    private long record(UUID revision, DriftEvent.Kind kind, HasMetadata object, String detail) {
        String name = object.getMetadata().getNamespace() == null ? object.getMetadata().getName()
                : object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        LOG.warnf("drift in revision %s: %s %s %s (%s)", revision, kind, object.getKind(), name, detail);
        return environments.recordDrift(revision, kind, object.getKind(), name, detail);
    }

    private boolean healing() {
        return config.drift() == WorkerConfig.DriftMode.heal;
    }

    private static boolean isManaged(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && Labels.DRIFTLESS.equals(labels.get(Labels.MANAGED_BY));
    }

    /**
     * The Router's own objects in a revision's namespace (the wake backend of a sleeping revision,
     * {@link AliasRenderer#wakeBackend}): routing, not part of the revision, so neither drift when they come
     * nor when they go.
     */
    private static boolean isRouting(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && labels.containsKey(AliasRenderer.ROLE);
    }

    private static Optional<UUID> revisionOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String revision = labels == null ? null : labels.get(Labels.REVISION);
        try {
            return revision == null ? Optional.empty() : Optional.of(UUID.fromString(revision));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Handlers override only what they need. */
    private abstract static class Handler<T> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T object) {
        }

        @Override
        public void onUpdate(T before, T after) {
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
        }
    }
}
