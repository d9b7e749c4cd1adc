package io.driftless.api.config;

import java.util.Map;
import java.util.TreeMap;

import io.driftless.api.spec.SealPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code driftless.policy}: the global policy every environment gets. Resolved into each revision's
 * spec when it is asked for, so changing it affects new revisions only.
 */
@ConfigMapping(prefix = "driftless.policy")
public interface PolicyConfig {

    /** {@code revisions-kept}: the alias target plus this many minus one earlier revisions stay running. */
    @WithDefault("3")
    int revisionsKept();

    /**
     * {@code sleep-after}: the global {@code sleepAfter} a fresh installation starts with (like
     * revisions-kept, only a seed: from then on the Policies page or the policy API decides).
     */
    @WithDefault("2h")
    String sleepAfter();

    /** {@code internet-egress}: may revisions of the repository's own branches reach the internet. */
    @WithDefault("true")
    boolean internetEgress();

    /** {@code fork-internet-egress}: may revisions of forks reach the internet (off: forks are untrusted). */
    @WithDefault("false")
    boolean forkInternetEgress();

    /** {@code ingress-controller-namespace}: labels of the ingress controller's namespace, as k=v,k2=v2. */
    @WithDefault("kubernetes.io/metadata.name=ingress-nginx")
    String ingressControllerNamespace();

    Quota quota();

    ContainerDefaults containerDefaults();

    interface Quota {
        @WithDefault("2")
        String requestsCpu();

        @WithDefault("2Gi")
        String requestsMemory();

        @WithDefault("4")
        String limitsCpu();

        @WithDefault("4Gi")
        String limitsMemory();

        @WithDefault("20")
        int pods();

        @WithDefault("10")
        int services();

        @WithDefault("5")
        int persistentVolumeClaims();
    }

    interface ContainerDefaults {
        @WithDefault("100m")
        String requestCpu();

        @WithDefault("128Mi")
        String requestMemory();

        @WithDefault("1")
        String limitCpu();

        @WithDefault("512Mi")
        String limitMemory();
    }

    /** The seal a revision gets; a fork's may not reach the internet unless policy says so. */
    default SealPolicy seal(boolean fork) {
        Quota q = quota();
        ContainerDefaults d = containerDefaults();
        return new SealPolicy(
                new SealPolicy.Quota(q.requestsCpu(), q.requestsMemory(), q.limitsCpu(), q.limitsMemory(), q.pods(),
                        q.services(), q.persistentVolumeClaims()),
                new SealPolicy.ContainerDefaults(d.requestCpu(), d.requestMemory(), d.limitCpu(), d.limitMemory()),
                fork ? forkInternetEgress() : internetEgress(),
                labels(ingressControllerNamespace()));
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        for (String pair : text.split(",")) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("driftless.policy.ingress-controller-namespace: '" + trimmed
                        + "' is not key=value");
            }
            labels.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return labels;
    }
}
