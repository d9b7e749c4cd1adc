package io.driftless.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RevisionSpecTest {

    static final SealPolicy SEAL = new SealPolicy(new SealPolicy.Quota("2", "2Gi", "4", "4Gi", 20, 10, 5),
            new SealPolicy.ContainerDefaults("100m", "128Mi", "1", "512Mi"), true,
            Map.of("kubernetes.io/metadata.name", "ingress-nginx"));

    static RevisionSpec spec(String commit, int port) {
        return spec(commit, port, SEAL);
    }

    static RevisionSpec spec(String commit, int port, SealPolicy seal) {
        return RevisionSpec.of("acme/shop", "acme/shop", "feature/login", commit, "ghcr.io/acme/shop@sha256:"
                + "ab".repeat(32), port, seal);
    }

    @Test
    void theCanonicalFormHasSortedKeysAtEveryLevelAndNoWhitespace() {
        assertThat(spec("a".repeat(40), 8080).canonicalJson()).isEqualTo(
                "{\"branch\":\"feature/login\",\"commit\":\"" + "a".repeat(40) + "\",\"headRepository\":\"acme/shop\","
                        + "\"image\":\"ghcr.io/acme/shop@sha256:" + "ab".repeat(32) + "\",\"port\":8080,"
                        + "\"repository\":\"acme/shop\",\"seal\":{\"containerDefaults\":{\"limitCpu\":\"1\","
                        + "\"limitMemory\":\"512Mi\",\"requestCpu\":\"100m\",\"requestMemory\":\"128Mi\"},"
                        + "\"ingressControllerNamespace\":{\"kubernetes.io/metadata.name\":\"ingress-nginx\"},"
                        + "\"internetEgress\":true,\"quota\":{\"limitsCpu\":\"4\",\"limitsMemory\":\"4Gi\","
                        + "\"persistentVolumeClaims\":5,\"pods\":20,\"requestsCpu\":\"2\",\"requestsMemory\":\"2Gi\","
                        + "\"services\":10}},\"version\":2}");
    }

    @Test
    void theHashIsTheSha256OfTheCanonicalFormAndStableAcrossRuns() {
        // pinned (computed independently): a change here changes every revision's identity, so it must be deliberate
        assertThat(spec("a".repeat(40), 8080).hash()).isEqualTo(PINNED);
    }

    static final String PINNED = "2b8213f920a0f01e680cb236936a58512e32212cac10885c79b6be84ad20ac8e";

    @Test
    void mapsInAnyInsertionOrderGiveTheSameHash() {
        Map<String, String> oneWay = new LinkedHashMap<>();
        oneWay.put("a", "1");
        oneWay.put("b", "2");
        Map<String, String> otherWay = new LinkedHashMap<>();
        otherWay.put("b", "2");
        otherWay.put("a", "1");
        SealPolicy first = new SealPolicy(SEAL.quota(), SEAL.containerDefaults(), true, oneWay);
        SealPolicy second = new SealPolicy(SEAL.quota(), SEAL.containerDefaults(), true, otherWay);

        assertThat(spec("a".repeat(40), 8080, first).hash()).isEqualTo(spec("a".repeat(40), 8080, second).hash());
    }

    @Test
    void anyChangeOfTheSpecChangesTheHash() {
        String base = spec("a".repeat(40), 8080).hash();

        assertThat(spec("b".repeat(40), 8080).hash()).isNotEqualTo(base);
        assertThat(spec("a".repeat(40), 8081).hash()).isNotEqualTo(base);
        assertThat(spec("a".repeat(40), 8080, new SealPolicy(SEAL.quota(), SEAL.containerDefaults(), false,
                SEAL.ingressControllerNamespace())).hash()).isNotEqualTo(base);
        assertThat(RevisionSpec.of("acme/shop", "alice/shop", "feature/login", "a".repeat(40),
                "ghcr.io/acme/shop@sha256:" + "ab".repeat(32), 8080, SEAL).hash()).isNotEqualTo(base);
    }

    @Test
    void aStoredSealReadsBackEqual() {
        assertThat(RevisionSpec.readSeal(RevisionSpec.canonicalJson(SEAL))).isEqualTo(SEAL);
    }
}
