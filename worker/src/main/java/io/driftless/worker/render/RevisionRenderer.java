package io.driftless.worker.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

/**
 * Renders one revision into Kubernetes objects: a sealed namespace ({@link SealRenderer}) with the
 * app's Deployment, Service and Ingress. Pure: no I/O, no clock, no randomness; the same
 * input always gives equal objects, in the order they must be created.
 */
public final class RevisionRenderer {

    /** The name of the app's Deployment, Service and Ingress inside the revision's namespace. */
    public static final String APP = "app";
    public static final String HTTP = "http";
    public static final int SERVICE_PORT = 80;

    private RevisionRenderer() {
    }

    /** In creation order: the namespace, what seals it, then the app. */
    public static List<HasMetadata> render(RenderInput in) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(namespace(in));
        objects.addAll(SealRenderer.render(in));
        objects.add(deployment(in));
        objects.add(service(in));
        objects.add(ingress(in));
        return List.copyOf(objects);
    }

    /** The revision's namespace, sealed with Pod Security labels; the same for a single image and a stack. */
    public static Namespace namespace(RevisionIdentity in) {
        return new NamespaceBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(in.name())
                        .withLabels(namespaceLabels(in))
                        .withAnnotations(Labels.annotations(in))
                        .build())
                .build();
    }

    private static Map<String, String> namespaceLabels(RevisionIdentity in) {
        Map<String, String> labels = new TreeMap<>(Labels.of(in));
        labels.putAll(SealRenderer.podSecurityLabels());
        return labels;
    }

    public static Deployment deployment(RenderInput in) {
        return new DeploymentBuilder()
                .withMetadata(meta(in, APP))
                .withNewSpec()
                    .withReplicas(1)
                    .withRevisionHistoryLimit(0)
                    .withNewSelector().withMatchLabels(Labels.selector(in)).endSelector()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(Labels.of(in))
                            .withAnnotations(Labels.annotations(in))
                        .endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(SealRenderer.SERVICE_ACCOUNT)
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withSecurityContext(SealRenderer.podSecurityContext())
                            .addNewContainer()
                                .withName(APP)
                                .withImage(in.image())
                                .addNewPort().withName(HTTP).withContainerPort(in.port()).withProtocol("TCP").endPort()
                                .withNewReadinessProbe()
                                    .withNewTcpSocket().withPort(new IntOrString(HTTP)).endTcpSocket()
                                    .withPeriodSeconds(2)
                                .endReadinessProbe()
                                .withSecurityContext(SealRenderer.containerSecurityContext())
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    public static Service service(RenderInput in) {
        return new ServiceBuilder()
                .withMetadata(meta(in, APP))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Labels.selector(in))
                    .addNewPort()
                        .withName(HTTP)
                        .withPort(SERVICE_PORT)
                        .withTargetPort(new IntOrString(HTTP))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }

    public static Ingress ingress(RenderInput in) {
        return ingress(meta(in, APP), in.ingressClass(), in.host(), APP);
    }

    /** An Ingress sending every path of {@code host} to the {@code http} port of {@code service}. */
    static Ingress ingress(ObjectMeta meta, Optional<String> ingressClass, String host, String service) {
        return new IngressBuilder()
                .withMetadata(meta)
                .withNewSpec()
                    .withIngressClassName(ingressClass.orElse(null))
                    .addNewRule()
                        .withHost(host)
                        .withNewHttp()
                            .addNewPath()
                                .withPath("/")
                                .withPathType("Prefix")
                                .withNewBackend()
                                    .withNewService()
                                        .withName(service)
                                        .withNewPort().withName(HTTP).endPort()
                                    .endService()
                                .endBackend()
                            .endPath()
                        .endHttp()
                    .endRule()
                .endSpec()
                .build();
    }

    static ObjectMeta meta(RevisionIdentity in, String name) {
        return meta(in, name, Labels.of(in));
    }

    /** An object of the revision named {@code name} in its namespace, with {@code labels} and its annotations. */
    static ObjectMeta meta(RevisionIdentity in, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(in.name())
                .withLabels(labels)
                .withAnnotations(Labels.annotations(in))
                .build();
    }
}
