package io.driftless.worker.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

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
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.MANAGED_BY, Labels.DRIFTLESS);
        labels.put(Labels.PART_OF, Labels.DRIFTLESS);
        labels.put(ROLE, "routing");
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    public static Service service(AliasInput in) {
        return new ServiceBuilder()
                .withMetadata(meta(in))
                .withNewSpec()
                    .withType("ExternalName")
                    .withExternalName(target(in))
                    .addNewPort()
                        .withName(RevisionRenderer.HTTP)
                        .withPort(RevisionRenderer.SERVICE_PORT)
                        .withTargetPort(new IntOrString(RevisionRenderer.SERVICE_PORT))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }

    public static Ingress ingress(AliasInput in) {
        return RevisionRenderer.ingress(meta(in), in.ingressClass(), in.host(), in.environmentName());
    }

    /** The JSON merge patch that moves an existing alias to {@code in}'s target: one field and its note. */
    public static String repoint(AliasInput in) {
        return "{\"metadata\":{\"annotations\":{\"" + TARGET_REVISION + "\":\"" + in.targetRevisionId()
                + "\"}},\"spec\":{\"externalName\":\"" + target(in) + "\"}}";
    }

    /** The cluster DNS name of the target revision's exposed Service. */
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
