package io.driftless.worker.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.driftless.api.spec.SealPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

/**
 * What seals a revision's namespace, rendered purely from its {@link SealPolicy}: Pod Security labels,
 * its own token-less ServiceAccount, a ResourceQuota and LimitRange, and NetworkPolicies that deny
 * everything but what a preview needs.
 */
public final class SealRenderer {

    public static final String SERVICE_ACCOUNT = "app";
    public static final String DEFAULT_DENY = "default-deny";
    public static final String ALLOW_INGRESS_CONTROLLER = "allow-ingress-controller";
    public static final String ALLOW_SAME_NAMESPACE = "allow-same-namespace";
    public static final String ALLOW_DNS = "allow-dns";
    public static final String ALLOW_INTERNET_EGRESS = "allow-internet-egress";

    /** Private, link-local and metadata ranges: never reachable through the internet allowance. */
    static final List<String> NOT_INTERNET = List.of("10.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.168.0.0/16");

    private SealRenderer() {
    }

    /** Pod Security Admission at its strictest level: enforced, audited and warned. */
    public static Map<String, String> podSecurityLabels() {
        return podSecurityLabels("restricted", "restricted");
    }

    /**
     * Pod Security Admission labels: {@code enforced} is refused, {@code reported} audited and warned about.
     * Revisions enforce what they report; a build namespace enforces less than it reports (ADR 0008).
     */
    public static Map<String, String> podSecurityLabels(String enforced, String reported) {
        Map<String, String> labels = new TreeMap<>();
        for (String mode : List.of("enforce", "audit", "warn")) {
            labels.put("pod-security.kubernetes.io/" + mode, mode.equals("enforce") ? enforced : reported);
            labels.put("pod-security.kubernetes.io/" + mode + "-version", "latest");
        }
        return labels;
    }

    /** What every pod of a revision runs as: never root, under the runtime's default seccomp profile. */
    public static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** What every container of a revision runs with: no privilege escalation, no capabilities. */
    public static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    /** A single-image revision's seal: the ingress controller reaches every pod of it, on its one port. */
    public static List<HasMetadata> render(RenderInput in) {
        return render(in, in.seal(), Labels.selector(in), in.port());
    }

    /**
     * In creation order: identity and budget before the policies that fence the pods.
     *
     * @param exposedPods what selects the pods the ingress controller may reach
     * @param exposedPort the container port it may reach them on
     */
    public static List<HasMetadata> render(RevisionIdentity in, SealPolicy seal, Map<String, String> exposedPods,
            int exposedPort) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(serviceAccount(in));
        objects.add(resourceQuota(in, seal));
        objects.add(limitRange(in, seal));
        objects.addAll(networkPolicies(in, seal, exposedPods, exposedPort));
        return objects;
    }

    public static ServiceAccount serviceAccount(RevisionIdentity in) {
        return serviceAccount(RevisionRenderer.meta(in, SERVICE_ACCOUNT));
    }

    /** A ServiceAccount whose token is never mounted: what every pod of a sealed namespace runs as. */
    public static ServiceAccount serviceAccount(ObjectMeta meta) {
        return new ServiceAccountBuilder()
                .withMetadata(meta)
                .withAutomountServiceAccountToken(false)
                .build();
    }

    public static ResourceQuota resourceQuota(RevisionIdentity in, SealPolicy seal) {
        return resourceQuota(RevisionRenderer.meta(in, "quota"), seal.quota());
    }

    public static ResourceQuota resourceQuota(ObjectMeta meta, SealPolicy.Quota quota) {
        Map<String, Quantity> hard = new TreeMap<>();
        hard.put("limits.cpu", new Quantity(quota.limitsCpu()));
        hard.put("limits.memory", new Quantity(quota.limitsMemory()));
        hard.put("persistentvolumeclaims", new Quantity(String.valueOf(quota.persistentVolumeClaims())));
        hard.put("pods", new Quantity(String.valueOf(quota.pods())));
        hard.put("requests.cpu", new Quantity(quota.requestsCpu()));
        hard.put("requests.memory", new Quantity(quota.requestsMemory()));
        hard.put("services", new Quantity(String.valueOf(quota.services())));
        return new ResourceQuotaBuilder()
                .withMetadata(meta)
                .withNewSpec().withHard(hard).endSpec()
                .build();
    }

    public static LimitRange limitRange(RevisionIdentity in, SealPolicy seal) {
        return limitRange(RevisionRenderer.meta(in, "defaults"), seal.containerDefaults());
    }

    public static LimitRange limitRange(ObjectMeta meta, SealPolicy.ContainerDefaults defaults) {
        return new LimitRangeBuilder()
                .withMetadata(meta)
                .withNewSpec()
                    .addNewLimit()
                        .withType("Container")
                        .withDefaultRequest(new TreeMap<>(Map.of(
                                "cpu", new Quantity(defaults.requestCpu()),
                                "memory", new Quantity(defaults.requestMemory()))))
                        .withDefault(new TreeMap<>(Map.of(
                                "cpu", new Quantity(defaults.limitCpu()),
                                "memory", new Quantity(defaults.limitMemory()))))
                    .endLimit()
                .endSpec()
                .build();
    }

    public static List<NetworkPolicy> networkPolicies(RenderInput in) {
        return networkPolicies(in, in.seal(), Labels.selector(in), in.port());
    }

    /**
     * Deny all, then allow: the ingress controller to {@code exposedPods} on {@code exposedPort}, the
     * revision's pods to each other, DNS, and the internet when the policy says so.
     */
    public static List<NetworkPolicy> networkPolicies(RevisionIdentity in, SealPolicy seal,
            Map<String, String> exposedPods, int exposedPort) {
        List<NetworkPolicy> policies = new ArrayList<>();
        policies.add(defaultDeny(RevisionRenderer.meta(in, DEFAULT_DENY)));
        policies.add(new NetworkPolicyBuilder()
                .withMetadata(RevisionRenderer.meta(in, ALLOW_INGRESS_CONTROLLER))
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(exposedPods)).build())
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                        .withFrom(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(new LabelSelectorBuilder()
                                        .withMatchLabels(new TreeMap<>(seal.ingressControllerNamespace()))
                                        .build())
                                .build())
                        .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP")
                                .withPort(new IntOrString(exposedPort)).build())
                    .endIngress()
                .endSpec()
                .build());
        policies.add(new NetworkPolicyBuilder()
                .withMetadata(RevisionRenderer.meta(in, ALLOW_SAME_NAMESPACE))
                .withNewSpec()
                    .withPodSelector(all())
                    .withPolicyTypes("Ingress", "Egress")
                    .addNewIngress().withFrom(new NetworkPolicyPeerBuilder().withPodSelector(all()).build()).endIngress()
                    .addNewEgress().withTo(new NetworkPolicyPeerBuilder().withPodSelector(all()).build()).endEgress()
                .endSpec()
                .build());
        policies.add(allowDns(RevisionRenderer.meta(in, ALLOW_DNS)));
        if (seal.internetEgress()) {
            policies.add(allowInternetEgress(RevisionRenderer.meta(in, ALLOW_INTERNET_EGRESS)));
        }
        return policies;
    }

    /** Every pod of the namespace, nothing in, nothing out: what the other policies open holes in. */
    public static NetworkPolicy defaultDeny(ObjectMeta meta) {
        return new NetworkPolicyBuilder()
                .withMetadata(meta)
                .withNewSpec()
                    .withPodSelector(all())
                    .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /** Every pod of the namespace to the cluster's DNS (pods labelled {@code k8s-app=kube-dns}) on port 53. */
    public static NetworkPolicy allowDns(ObjectMeta meta) {
        return new NetworkPolicyBuilder()
                .withMetadata(meta)
                .withNewSpec()
                    .withPodSelector(all())
                    .withPolicyTypes("Egress")
                    .addNewEgress()
                        .withTo(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(all())
                                .withPodSelector(new LabelSelectorBuilder()
                                        .withMatchLabels(new TreeMap<>(Map.of("k8s-app", "kube-dns"))).build())
                                .build())
                        .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build(),
                                new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build())
                    .endEgress()
                .endSpec()
                .build();
    }

    /** Every pod of the namespace to any address but private, link-local and metadata ones. */
    public static NetworkPolicy allowInternetEgress(ObjectMeta meta) {
        return new NetworkPolicyBuilder()
                .withMetadata(meta)
                .withNewSpec()
                    .withPodSelector(all())
                    .withPolicyTypes("Egress")
                    .addNewEgress()
                        .withTo(new NetworkPolicyPeerBuilder()
                                .withNewIpBlock().withCidr("0.0.0.0/0").withExcept(NOT_INTERNET).endIpBlock()
                                .build())
                    .endEgress()
                .endSpec()
                .build();
    }

    /** The empty selector: every pod (or namespace). */
    private static LabelSelector all() {
        return new LabelSelectorBuilder().build();
    }
}
