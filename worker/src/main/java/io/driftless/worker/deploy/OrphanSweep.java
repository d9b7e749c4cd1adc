package io.driftless.worker.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.metrics.Meters;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.EnvironmentService;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.scheduler.Scheduled;

/**
 * Removes managed objects the database does not know, or knows as torn down: revision namespaces
 * and alias objects left behind by a crash, a restore, or a hand-made copy. Each removal is recorded.
 */
@ApplicationScoped
public class OrphanSweep {

    private static final Logger LOG = Logger.getLogger(OrphanSweep.class);

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final AuditLog audit;
    private final WorkerConfig config;
    private final RolesConfig roles;
    private final Meters meters;

    public OrphanSweep(KubernetesClient client, EnvironmentService environments, AuditLog audit, WorkerConfig config,
            RolesConfig roles, Meters meters) {
        this.meters = meters;
        this.client = client;
        this.environments = environments;
        this.audit = audit;
        this.config = config;
        this.roles = roles;
    }

    @Scheduled(every = "${driftless.worker.sweep-interval:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (roles.has(RolesConfig.Role.worker)) {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warnf("orphan sweep failed, trying again next time: %s", e.getMessage());
            }
        }
    }

    /** One pass; returns the names of what was removed. */
    public List<String> sweep() {
        List<String> removed = new ArrayList<>();
        List<Namespace> namespaces = client.namespaces().withLabel(Labels.MANAGED_BY, Labels.DRIFTLESS).list()
                .getItems().stream().filter(n -> label(n, Labels.REVISION).isPresent()).toList();
        Map<UUID, RevisionPhase> phases = environments.phases(
                namespaces.stream().map(n -> label(n, Labels.REVISION).get()).toList());
        for (Namespace namespace : namespaces) {
            UUID revision = label(namespace, Labels.REVISION).get();
            RevisionPhase phase = phases.get(revision);
            if (phase == null || phase == RevisionPhase.TORN_DOWN) {
                client.namespaces().withName(namespace.getMetadata().getName()).delete();
                record(namespace, revision, "namespace " + namespace.getMetadata().getName() + " ("
                        + (phase == null ? "unknown revision" : "revision torn down") + ")");
                removed.add("Namespace/" + namespace.getMetadata().getName());
            }
        }
        List<HasMetadata> aliases = new ArrayList<>();
        aliases.addAll(client.services().inNamespace(config.routingNamespace())
                .withLabel(Labels.MANAGED_BY, Labels.DRIFTLESS).list().getItems());
        aliases.addAll(client.network().v1().ingresses().inNamespace(config.routingNamespace())
                .withLabel(Labels.MANAGED_BY, Labels.DRIFTLESS).list().getItems());
        Map<UUID, EnvironmentStatus> statuses = environments.statuses(aliases.stream()
                .map(a -> label(a, Labels.ENVIRONMENT)).flatMap(Optional::stream).distinct().toList());
        for (HasMetadata alias : aliases) {
            if (alias instanceof io.fabric8.kubernetes.api.model.Service
                    && io.driftless.api.naming.Names.EDGE_SERVICE.equals(alias.getMetadata().getName())) {
                continue; // Driftless's own Service, named for every protected environment's /_driftless/ route
            }
            Optional<UUID> environment = label(alias, Labels.ENVIRONMENT);
            EnvironmentStatus status = environment.map(statuses::get).orElse(null);
            if (status == null || status == EnvironmentStatus.TORN_DOWN) {
                client.resource(alias).delete();
                String what = alias.getKind() + " " + config.routingNamespace() + "/" + alias.getMetadata().getName();
                record(alias, null, "alias " + what);
                removed.add(alias.getKind() + "/" + alias.getMetadata().getName());
            }
        }
        meters.swept(removed.size());
        return removed;
    }

    private void record(HasMetadata object, UUID revision, String what) {
        LOG.infof("orphan sweep removed %s", what);
        Optional<UUID> environment = label(object, Labels.ENVIRONMENT);
        if (environment.isPresent() && environments.statuses(List.of(environment.get())).containsKey(environment.get())) {
            UUID knownRevision = revision != null && environments.phases(List.of(revision)).containsKey(revision)
                    ? revision : null;
            audit.record(environment.get(), knownRevision, AuditEvent.SWEEP, AuditLog.ORPHAN_SWEPT, what);
        }
    }

    private static Optional<UUID> label(HasMetadata object, String key) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String value = labels == null ? null : labels.get(key);
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
