package io.driftless.worker.render;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import io.driftless.api.naming.Names;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;

/**
 * Renders an environment's alias: an Ingress for the stable host, routing to an ExternalName Service
 * whose {@code externalName} is the current revision's Service, both in a routing namespace outside
 * every revision.
 *
 * <p>Why this shape: an Ingress may only route to a Service in its own namespace. The ExternalName
 * Service lets the alias point across namespaces, so moving it (a new READY revision, a rollback) is
 * one merge patch of one field of one object, and no revision's objects are ever touched.
 */
public final class AliasRenderer {

    public static final String TARGET_REVISION = "driftless.io/target-revision";
    public static final String ROLE = "driftless.io/role";

    private AliasRenderer() {
    }

    /** In creation order: the routing namespace, the Service, the Ingress. */
    public static List<HasMetadata> render(AliasInput in) {
        return List.of(routingNamespace(in.routingNamespace()), service(in), ingress(in));
    }

    public static Namespace routingNamespace(String name) {
        return new NamespaceBuilder().withMetadata(routingMeta(name, null, "routing")).build();
    }

    public static Service service(AliasInput in) {
        return externalName(meta(in), target(in), RevisionRenderer.SERVICE_PORT);
    }

    /** A Service that is only a DNS name (an Ingress's way to reach another namespace), on one {@code http} port. */
    private static Service externalName(ObjectMeta meta, String host, int port) {
        return new ServiceBuilder()
                .withMetadata(meta)
                .withNewSpec()
                    .withType("ExternalName")
                    .withExternalName(host)
                    .addNewPort()
                        .withName(RevisionRenderer.HTTP)
                        .withPort(port)
                        .withTargetPort(new IntOrString(port))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }

    /** The labels of Driftless's own routing objects, by their {@link #ROLE}. */
    private static ObjectMeta routingMeta(String name, String namespace, String role) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.MANAGED_BY, Labels.DRIFTLESS);
        labels.put(Labels.PART_OF, Labels.DRIFTLESS);
        labels.put(ROLE, role);
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build();
    }

    public static Ingress ingress(AliasInput in) {
        return RevisionRenderer.ingress(meta(in), in.ingressClass(), in.host(), in.environmentName());
    }

    /**
     * The alias's Ingress as policy wants it: guarded ({@link EdgeGuard}) when the environment's access is not
     * public, exactly {@link #ingress} when it is.
     */
    public static Ingress ingress(AliasInput in, java.util.Optional<EdgeGuard> guard) {
        Ingress ingress = ingress(in);
        return guard.map(g -> g.protect(ingress)).orElse(ingress);
    }

    /**
     * The ExternalName Service, in the routing namespace, that names Driftless's own api Service: an Ingress
     * routes only to a Service of its namespace, so the {@code /_driftless/} routes reach Driftless through it,
     * as the alias reaches a revision. One for every environment.
     */
    public static Service edgeService(String routingNamespace, EdgeGuard guard) {
        return externalName(routingMeta(Names.EDGE_SERVICE, routingNamespace, "edge"), guard.serviceHost(),
                guard.servicePort());
    }

    /**
     * The Ingress that sends {@link EdgeGuard#EDGE_PATH} on each of {@code hosts} (the alias host and the hosts
     * of the environment's revisions) to Driftless, without the auth annotations: the sign-in and share-link
     * callbacks must be reachable before the browser holds the host's cookie. A path of its own, so it never
     * overlaps the {@code /} of a preview's Ingress (ingress-nginx refuses two Ingresses with one host and path).
     */
    public static Ingress edgeRoutes(AliasInput in, SortedSet<String> hosts) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.MANAGED_BY, Labels.DRIFTLESS);
        labels.put(Labels.PART_OF, Labels.DRIFTLESS);
        labels.put(Labels.ENVIRONMENT, in.environmentId().toString());
        labels.put(Labels.REPOSITORY, Labels.repositoryValue(in.repository()));
        labels.put(ROLE, "edge");
        List<IngressRule> rules = hosts.stream().map(host -> new IngressRuleBuilder()
                .withHost(host)
                .withNewHttp()
                    .addNewPath()
                        .withPath(EdgeGuard.EDGE_PATH)
                        .withPathType("Prefix")
                        .withNewBackend()
                            .withNewService()
                                .withName(Names.EDGE_SERVICE)
                                .withNewPort().withName(RevisionRenderer.HTTP).endPort()
                            .endService()
                        .endBackend()
                    .endPath()
                .endHttp()
                .build()).toList();
        return new IngressBuilder()
                .withNewMetadata().withName(Names.edgeRoutes(in.environmentName())).withNamespace(in.routingNamespace())
                .withLabels(labels).endMetadata()
                .withNewSpec()
                    .withIngressClassName(in.ingressClass().orElse(null))
                    .withRules(rules)
                .endSpec()
                .build();
    }

    /** The JSON merge patch that moves an existing alias to {@code in}'s target: one field and its note. */
    public static String repoint(AliasInput in) {
        return "{\"metadata\":{\"annotations\":{\"" + TARGET_REVISION + "\":\"" + in.targetRevisionId()
                + "\"}},\"spec\":{\"externalName\":\"" + target(in) + "\"}}";
    }

    /** The cluster DNS name of the target revision's exposed Service. */
    /**
     * The annotation that makes ingress-nginx send a host's requests to another Service of the Ingress's
     * namespace while the Service of its rule has no ready endpoint: how a sleeping revision's own host reaches
     * the wake page with no rendered field of its Ingress changed (an extra annotation is not drift).
     */
    public static final String DEFAULT_BACKEND = "nginx.ingress.kubernetes.io/default-backend";
    /** The Service, in a sleeping revision's namespace, that {@link #DEFAULT_BACKEND} names. */
    public static final String WAKE_BACKEND = "driftless-wake";

    /**
     * The ExternalName Service in a sleeping revision's {@code namespace} that names Driftless's own Service (as
     * the alias does while asleep): an Ingress's default backend must be a Service of its own namespace. It
     * lives only while the revision sleeps.
     */
    public static Service wakeBackend(String namespace, String wakeService, String wakeNamespace) {
        return externalName(routingMeta(WAKE_BACKEND, namespace, "wake"),
                wakeService + "." + wakeNamespace + ".svc.cluster.local", RevisionRenderer.SERVICE_PORT);
    }

    static String target(AliasInput in) {
        return in.targetService() + "." + in.targetNamespace() + ".svc.cluster.local";
    }

    private static ObjectMeta meta(AliasInput in) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.MANAGED_BY, Labels.DRIFTLESS);
        labels.put(Labels.PART_OF, Labels.DRIFTLESS);
        labels.put(Labels.ENVIRONMENT, in.environmentId().toString());
        labels.put(Labels.REPOSITORY, Labels.repositoryValue(in.repository()));
        labels.put(ROLE, "alias");
        return new ObjectMetaBuilder()
                .withName(in.environmentName())
                .withNamespace(in.routingNamespace())
                .withLabels(labels)
                .withAnnotations(new TreeMap<>(Map.of(TARGET_REVISION, in.targetRevisionId().toString())))
                .build();
    }
}
