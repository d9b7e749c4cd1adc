package io.driftless.worker.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.naming.Names;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.RouteTarget;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.AliasInput;
import io.driftless.worker.render.AliasRenderer;
import io.driftless.worker.render.EdgeGuard;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Keeps each environment's alias (its stable URL) pointing at the revision the database says: creates
 * the alias objects the first time, and afterwards moves them with one merge patch of one field. While
 * that revision sleeps, the alias points at Driftless's wake page instead, and so does the revision's own
 * host, through its Ingress's default backend ({@link AliasRenderer#DEFAULT_BACKEND}).
 */
@ApplicationScoped
public class Router {

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final AuditLog audit;
    private final WorkerConfig config;
    private final ClusterWrites writes;
    private final EdgeGuards guards;

    public Router(KubernetesClient client, EnvironmentService environments, AuditLog audit, WorkerConfig config,
            ClusterWrites writes, EdgeGuards guards) {
        this.guards = guards;
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
        Optional<EdgeGuard> guard = guards.of(target.repository());
        Service alias = client.services().inNamespace(config.routingNamespace()).withName(target.environmentName())
                .get();
        boolean moved = true;
        if (alias == null) {
            EdgeGuard.protect(AliasRenderer.render(in), guard).forEach(writes::createIfAbsent);
        } else if (!target.revisionId().toString()
                .equals(alias.getMetadata().getAnnotations().get(AliasRenderer.TARGET_REVISION))
                || !AliasRenderer.service(in).getSpec().getExternalName().equals(alias.getSpec().getExternalName())) {
            client.services().inNamespace(config.routingNamespace()).withName(target.environmentName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), AliasRenderer.repoint(in));
        } else {
            moved = false; // already there
        }
        if (moved) {
            audit.record(environmentId, target.revisionId(), AuditEvent.WORKER, AuditLog.ALIAS_MOVED,
                    target.host() + (target.asleep() ? " now serves the wake page (namespace " + target.namespace()
                            + " is asleep)" : " now serves namespace " + target.namespace()));
        }
        applyAccess(in, guard, target.asleep() ? Optional.of(target.namespace()) : Optional.empty());
    }

    /**
     * Brings every preview Ingress of the environment (the alias's and each revision's own) to what its access
     * says, and its {@code /_driftless/} routes with them. Access is policy, not spec (ADR 0010): only the
     * {@link EdgeGuard#KEYS} annotations change, the spec hash and every other field stay as rendered, and
     * drift detection does not compare those annotations. Idempotent: a ROUTE job with nothing to change
     * changes nothing.
     *
     * <p>The Ingresses of a sleeping revision ({@code asleep}, its namespace) also get
     * {@link AliasRenderer#DEFAULT_BACKEND}, naming a {@link AliasRenderer#wakeBackend} Service made for the
     * sleep: with its pods scaled to zero, its host serves the wake page, as the alias does. Both go when it
     * wakes. An annotation the rendered object lacks is not drift, so the revision stays as it was sealed.
     */
    void applyAccess(AliasInput in, Optional<EdgeGuard> guard, Optional<String> asleep) {
        String routing = config.routingNamespace();
        String edgeName = Names.edgeRoutes(in.environmentName());
        SortedSet<String> hosts = new TreeSet<>();
        List<String> changed = new ArrayList<>();
        asleep.ifPresent(namespace -> writes.createIfAbsent(
                AliasRenderer.wakeBackend(namespace, config.wakeService(), config.wakeNamespace())));
        Ingress edge = null; // the environment's /_driftless/ routes: labelled as its Ingresses are, so in this list
        for (Ingress ingress : client.network().v1().ingresses().inAnyNamespace()
                .withLabel(Labels.ENVIRONMENT, in.environmentId().toString()).list().getItems()) {
            ObjectMeta meta = ingress.getMetadata();
            if (routing.equals(meta.getNamespace()) && edgeName.equals(meta.getName())) {
                edge = ingress;
                continue;
            }
            ingress.getSpec().getRules().forEach(rule -> hosts.add(rule.getHost()));
            Map<String, String> annotations = EdgeGuard.wanted(ingress, guard);
            boolean sleeping = asleep.filter(meta.getNamespace()::equals).isPresent();
            if (sleeping) {
                annotations.put(AliasRenderer.DEFAULT_BACKEND, AliasRenderer.WAKE_BACKEND);
            } else {
                annotations.remove(AliasRenderer.DEFAULT_BACKEND);
            }
            Map<String, String> live = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
            if (!annotations.equals(live)) {
                boolean woken = live.containsKey(AliasRenderer.DEFAULT_BACKEND) && !sleeping;
                boolean accessChanged = EdgeGuard.KEYS.stream()
                        .anyMatch(k -> !Objects.equals(live.get(k), annotations.get(k)));
                meta.setAnnotations(annotations);
                client.resource(ingress).update(); // a PUT at the resourceVersion read: a concurrent change conflicts
                if (accessChanged) {
                    changed.add(meta.getNamespace() + "/" + meta.getName());
                }
                if (woken) {
                    client.services().inNamespace(meta.getNamespace()).withName(AliasRenderer.WAKE_BACKEND).delete();
                }
            }
        }
        if (guard.isPresent()) {
            writes.createIfAbsent(AliasRenderer.edgeService(routing, guard.get()));
            Ingress routes = AliasRenderer.edgeRoutes(in, hosts);
            if (edge == null) {
                writes.createIfAbsent(routes);
            } else if (!hostsOf(edge).equals(hosts)) {
                writes.replace(routes, edge);
            }
        } else if (edge != null) {
            client.resource(edge).delete();
        }
        if (!changed.isEmpty()) {
            audit.record(in.environmentId(), null, AuditEvent.WORKER, AuditLog.PREVIEW_ACCESS_APPLIED,
                    (guard.isPresent() ? "behind /edge/check: " : "open to anyone: ") + String.join(", ", changed));
        }
    }

    private static SortedSet<String> hostsOf(Ingress ingress) {
        SortedSet<String> hosts = new TreeSet<>();
        ingress.getSpec().getRules().forEach(rule -> hosts.add(rule.getHost()));
        return hosts;
    }

    /** Deletes an environment's alias objects and waits until the cluster confirms them gone. */
    public void removeAlias(EnvironmentView environment) {
        String namespace = config.routingNamespace();
        writes.deleteAndConfirm(client.network().v1().ingresses().inNamespace(namespace).withName(environment.name()));
        writes.deleteAndConfirm(client.network().v1().ingresses().inNamespace(namespace)
                .withName(Names.edgeRoutes(environment.name())));
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
