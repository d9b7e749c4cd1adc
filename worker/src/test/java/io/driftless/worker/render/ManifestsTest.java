package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftless.api.spec.SealPolicy;

class ManifestsTest {

    static SealPolicy sealWithLabels(Map<String, String> labels) {
        return new SealPolicy(SealPolicy.defaults().quota(), SealPolicy.defaults().containerDefaults(), true, labels);
    }

    @Test
    void renderingTwiceGivesIdenticalBytes() {
        assertThat(Manifests.yaml(RevisionRenderer.render(RevisionRendererTest.input())))
                .isEqualTo(Manifests.yaml(RevisionRenderer.render(RevisionRendererTest.input())));
    }

    @Test
    void inputMapsInAnyOrderGiveIdenticalBytes() {
        Map<String, String> oneWay = new LinkedHashMap<>();
        oneWay.put("kubernetes.io/metadata.name", "ingress-nginx");
        oneWay.put("team", "edge");
        Map<String, String> otherWay = new LinkedHashMap<>();
        otherWay.put("team", "edge");
        otherWay.put("kubernetes.io/metadata.name", "ingress-nginx");

        assertThat(Manifests.yaml(RevisionRenderer.render(RevisionRendererTest.input(sealWithLabels(oneWay)))))
                .isEqualTo(Manifests.yaml(RevisionRenderer.render(RevisionRendererTest.input(sealWithLabels(otherWay)))));
    }

    @Test
    void everyDocumentCarriesTheSpecHash() {
        String yaml = Manifests.yaml(RevisionRenderer.render(RevisionRendererTest.input()));
        String[] documents = yaml.split("(?m)^---$");

        assertThat(documents).hasSize(RevisionRenderer.render(RevisionRendererTest.input()).size());
        assertThat(documents).allSatisfy(d -> assertThat(d).contains("driftless.io/spec-hash: "
                + RevisionRendererTest.SPEC_HASH));
    }

    @Test
    void keysAreSortedSoNoInsertionOrderLeaks() {
        String namespace = Manifests.yaml(java.util.List.of(RevisionRenderer.namespace(RevisionRendererTest.input())));

        assertThat(namespace.indexOf("apiVersion")).isLessThan(namespace.indexOf("kind"));
        assertThat(namespace.indexOf("kind")).isLessThan(namespace.indexOf("metadata"));
        assertThat(namespace.indexOf("annotations")).isLessThan(namespace.indexOf("labels"));
    }

    @Test
    void theRedactedViewShowsWhichSecretsARevisionGotButNeverTheirValues() {
        RevisionModel model = StackRendererTest.model();
        var secret = StackRenderer.secret(model);
        String encoded = secret.getData().get("STRIPE_KEY");

        String plain = Manifests.yaml(java.util.List.of(secret));
        String redacted = Manifests.yamlRedacted(StackRenderer.render(model).steadyState());

        assertThat(plain).contains(encoded);
        assertThat(redacted).contains("STRIPE_KEY: <redacted>", "DB_PASSWORD: <redacted>")
                .doesNotContain(encoded, "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "hunter2",
                        secret.getData().get("DB_PASSWORD"));
        // secret references in the workloads' environment name the key, not the value, and stay as they are
        assertThat(redacted).contains("key: STRIPE_KEY");
    }

    @Test
    void theRedactedViewOfObjectsWithoutSecretsIsTheManifestsThemselves() {
        assertThat(Manifests.yamlRedacted(RevisionRenderer.render(RevisionRendererTest.input())))
                .isEqualTo(Manifests.yaml(RevisionRenderer.render(RevisionRendererTest.input())));
        RenderedStack fork = StackRenderer.render(StackRendererTest.fork());
        assertThat(Manifests.yamlRedacted(fork.steadyState())).isEqualTo(Manifests.yaml(fork.steadyState()));
    }
}
