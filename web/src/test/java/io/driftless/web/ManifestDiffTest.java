package io.driftless.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.driftless.web.ManifestDiff.Kind;
import io.driftless.web.ManifestDiff.Line;

class ManifestDiffTest {

    private static final String OLD = """
            ---
            kind: Deployment
            metadata:
              name: app
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                  - image: ghcr.io/acme/shop:1
                    name: app
            """;

    @Test
    void aChangedImageIsOneLineRemovedAndOneAddedWithItsContext() {
        ManifestDiff diff = ManifestDiff.of("revision 1", OLD, "revision 2", OLD.replace("shop:1", "shop:2"));
        assertThat(diff.isIdentical()).isFalse();
        assertThat(diff.added()).isEqualTo(1);
        assertThat(diff.removed()).isEqualTo(1);
        assertThat(diff.lines()).filteredOn(Line::isRemoved).extracting(Line::text)
                .containsExactly("-      - image: ghcr.io/acme/shop:1");
        assertThat(diff.lines()).filteredOn(Line::isAdded).extracting(Line::text)
                .containsExactly("+      - image: ghcr.io/acme/shop:2");
        assertThat(diff.lines().get(0).kind()).isEqualTo(Kind.HUNK);
        assertThat(diff.lines()).filteredOn(l -> l.kind() == Kind.CONTEXT).extracting(Line::text)
                .containsExactly("   template:", "     spec:", "       containers:", "         name: app");
    }

    @Test
    void aYamlDocumentSeparatorInTheContextIsNotTakenForARemovedLine() {
        String older = "---\na: 1\n---\nb: 1\n";
        ManifestDiff diff = ManifestDiff.of("revision 1", older, "revision 2", older.replace("b: 1", "b: 2"));
        assertThat(diff.removed()).isEqualTo(1);
        assertThat(diff.lines()).filteredOn(l -> l.kind() == Kind.CONTEXT).extracting(Line::text).contains(" ---");
    }

    @Test
    void theSameManifestsHaveNoDiff() {
        ManifestDiff diff = ManifestDiff.of("revision 1", OLD, "revision 2", OLD);
        assertThat(diff.isIdentical()).isTrue();
        assertThat(diff.lines()).isEmpty();
    }
}
