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
}
