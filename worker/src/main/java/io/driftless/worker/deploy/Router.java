package io.driftless.worker.deploy;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.RouteTarget;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.AliasInput;
import io.driftless.worker.render.AliasRenderer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Keeps each environment's alias (its stable URL) pointing at the revision the database says: creates
 * the alias objects the first time, and afterwards moves them with one merge patch of one field. While
 * that revision sleeps, the alias points at Driftless's wake page instead.
 */
@ApplicationScoped
public class Router {

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final AuditLog audit;
    private final WorkerConfig config;
    private final ClusterWrites writes;

    public Router(KubernetesClient client, EnvironmentService environments, AuditLog audit, WorkerConfig config,
            ClusterWrites writes) {
        this.writes = writes;
        this.client = client;
        this.environments = environments;
        this.audit = audit;
        this.config = config;
    }

    public void route(UUID environmentId) {
        Optional<RouteTarget> wanted = environments.routeTarget(environmentId);
        if (wanted.isEmpty()) {
            return; // torn down, or no READY revision: nothing to point at
        }
        RouteTarget target = wanted.get();
        AliasInput in = aliasInput(target);
        Service alias = client.services().inNamespace(config.routingNamespace()).withName(target.environmentName())
                .get();
        if (alias == null) {
            AliasRenderer.render(in).forEach(writes::createIfAbsent);
        } else if (!target.revisionId().toString()
                .equals(alias.getMetadata().getAnnotations().get(AliasRenderer.TARGET_REVISION))
                || !AliasRenderer.service(in).getSpec().getExternalName().equals(alias.getSpec().getExternalName())) {
            client.services().inNamespace(config.routingNamespace()).withName(target.environmentName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), AliasRenderer.repoint(in));
        } else {
            return; // already there
        }
        audit.record(environmentId, target.revisionId(), AuditEvent.WORKER, AuditLog.ALIAS_MOVED,
                target.host() + (target.asleep() ? " now serves the wake page (namespace " + target.namespace()
                        + " is asleep)" : " now serves namespace " + target.namespace()));
    }

    /** Deletes an environment's alias objects and waits until the cluster confirms them gone. */
    public void removeAlias(EnvironmentView environment) {
        String namespace = config.routingNamespace();
        writes.deleteAndConfirm(client.network().v1().ingresses().inNamespace(namespace).withName(environment.name()));
        writes.deleteAndConfirm(client.services().inNamespace(namespace).withName(environment.name()));
    }

    /**
     * The alias of the target: its revision's exposed Service, or Driftless's own while the revision is asleep
     * (the wake page answers every path of the host). The target revision's note stays the same either way.
     */
    public AliasInput aliasInput(RouteTarget target) {
        return new AliasInput(target.environmentId(), target.environmentName(), target.host(),
                config.routingNamespace(), target.asleep() ? config.wakeNamespace() : target.namespace(),
                target.revisionId(), config.ingressClass(), target.repository(),
                target.asleep() ? config.wakeService() : target.service());
    }
}
