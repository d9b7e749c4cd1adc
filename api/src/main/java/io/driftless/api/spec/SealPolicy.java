package io.driftless.api.spec;

import java.util.Map;
import java.util.TreeMap;

/**
 * What seals a revision: its resource budget, the defaults its containers get, and what traffic it
 * may send and receive. Resolved from policy when the revision is asked for and stored in its spec,
 * so a later policy change never alters an existing revision.
 *
 * @param quota          ResourceQuota hard limits
 * @param containerDefaults LimitRange defaults for containers that set none
 * @param internetEgress whether pods may open connections outside the cluster (never for untrusted forks)
 * @param ingressControllerNamespace labels selecting the ingress controller's namespace, the only
 *                       source of inbound traffic from outside the revision
 */
public record SealPolicy(Quota quota, ContainerDefaults containerDefaults, boolean internetEgress,
        Map<String, String> ingressControllerNamespace) {

    public SealPolicy {
        ingressControllerNamespace = new TreeMap<>(ingressControllerNamespace);
    }

    /** Quantities as Kubernetes writes them ("2", "500m", "1Gi"). */
    public record Quota(String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory, int pods,
            int services, int persistentVolumeClaims) {
    }

    public record ContainerDefaults(String requestCpu, String requestMemory, String limitCpu, String limitMemory) {
    }

    /** The defaults of a fresh install; see {@code driftless.policy.*}. */
    public static SealPolicy defaults() {
        return new SealPolicy(new Quota("2", "2Gi", "4", "4Gi", 20, 10, 5),
                new ContainerDefaults("100m", "128Mi", "1", "512Mi"), true,
                Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
    }
}
