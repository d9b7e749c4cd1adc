package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftless.api.spec.SealPolicy;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

class SealRendererTest {

    static final SealPolicy NO_INTERNET = new SealPolicy(SealPolicy.defaults().quota(),
            SealPolicy.defaults().containerDefaults(), false, Map.of("team", "edge"));

    static NetworkPolicy policy(List<NetworkPolicy> policies, String name) {
        return policies.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theNamespaceEnforcesRestrictedPodSecurityAndAuditsAndWarns() {
        Map<String, String> labels = RevisionRenderer.namespace(RevisionRendererTest.input()).getMetadata().getLabels();

        assertThat(labels)
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/enforce-version", "latest")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry(Labels.MANAGED_BY, "driftless");
    }

    @Test
    void theRevisionHasItsOwnServiceAccountWithNoToken() {
        assertThat(SealRenderer.serviceAccount(RevisionRendererTest.input()).getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void theQuotaAndContainerDefaultsComeFromThePolicy() {
        RenderInput in = RevisionRendererTest.input();
        var quota = SealRenderer.resourceQuota(in, in.seal()).getSpec().getHard();
        LimitRangeItem limits = SealRenderer.limitRange(in, in.seal()).getSpec().getLimits().get(0);

        assertThat(quota).containsEntry("requests.cpu", new Quantity("2")).containsEntry("limits.memory",
                new Quantity("4Gi")).containsEntry("pods", new Quantity("20")).containsEntry("services",
                new Quantity("10")).containsEntry("persistentvolumeclaims", new Quantity("5"));
        assertThat(limits.getType()).isEqualTo("Container");
        assertThat(limits.getDefaultRequest()).containsEntry("cpu", new Quantity("100m"));
        assertThat(limits.getDefault()).containsEntry("memory", new Quantity("512Mi"));
    }

    @Test
    void everythingIsDeniedByDefaultInBothDirections() {
        NetworkPolicy deny = policy(SealRenderer.networkPolicies(RevisionRendererTest.input()), "default-deny");

        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void onlyTheIngressControllersNamespaceReachesTheAppPort() {
        RenderInput in = RevisionRendererTest.input(NO_INTERNET);
        NetworkPolicy allow = policy(SealRenderer.networkPolicies(in), "allow-ingress-controller");

        var rule = allow.getSpec().getIngress().get(0);
        assertThat(rule.getFrom().get(0).getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("team", "edge"));
        assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
        assertThat(allow.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Labels.selector(in));
    }

    @Test
    void podsOfTheRevisionTalkToEachOtherAndToClusterDns() {
        List<NetworkPolicy> policies = SealRenderer.networkPolicies(RevisionRendererTest.input());
        NetworkPolicy same = policy(policies, "allow-same-namespace");
        NetworkPolicy dns = policy(policies, "allow-dns");

        assertThat(same.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()).isNotNull();
        assertThat(same.getSpec().getEgress().get(0).getTo().get(0).getPodSelector()).isNotNull();
        assertThat(dns.getSpec().getEgress().get(0).getPorts())
                .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53");
    }

    @Test
    void internetEgressExistsOnlyWhenPolicyAllowsItAndNeverReachesPrivateRanges() {
        List<NetworkPolicy> open = SealRenderer.networkPolicies(RevisionRendererTest.input());
        List<NetworkPolicy> closed = SealRenderer.networkPolicies(RevisionRendererTest.input(NO_INTERNET));

        var block = policy(open, "allow-internet-egress").getSpec().getEgress().get(0).getTo().get(0).getIpBlock();
        assertThat(block.getCidr()).isEqualTo("0.0.0.0/0");
        assertThat(block.getExcept()).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
        assertThat(closed).extracting(p -> p.getMetadata().getName()).doesNotContain("allow-internet-egress");
    }

    @Test
    void everySealObjectCarriesTheRevisionsLabelsAndSpecHash() {
        for (var object : SealRenderer.render(RevisionRendererTest.input())) {
            assertThat(object.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "driftless")
                    .containsKey(Labels.REVISION);
            assertThat(object.getMetadata().getAnnotations()).containsEntry(Labels.SPEC_HASH_ANNOTATION,
                    RevisionRendererTest.SPEC_HASH);
        }
    }
}
