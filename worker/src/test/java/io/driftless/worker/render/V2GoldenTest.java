package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Version-2 revisions already running are re-rendered to detect drift: any byte that changes in their
 * manifests reads as drift on every one of them. These files were written by the renderer before stacks
 * existed; a change here must be a deliberate new spec version, never a refactoring side effect.
 */
class V2GoldenTest {

    static String golden(String name) throws IOException {
        try (InputStream in = V2GoldenTest.class.getResourceAsStream("/render/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSingleImageRevisionRendersExactlyAsBeforeStacks() throws IOException {
        assertThat(Manifests.yaml(RevisionRenderer.render(RevisionRendererTest.input())))
                .isEqualTo(golden("v2-defaults.yaml"));
    }

    @Test
    void aSingleImageRevisionWithAnIngressClassAndNoInternetRendersExactlyAsBeforeStacks() throws IOException {
        RenderInput in = RevisionRendererTest.input(SealRendererTest.NO_INTERNET);
        RenderInput withClass = new RenderInput(in.environmentId(), in.revisionId(), in.repository(), in.branch(),
                in.commit(), in.specHash(), in.name(), in.host(), in.image(), in.port(), Optional.of("nginx"),
                in.seal());

        assertThat(Manifests.yaml(RevisionRenderer.render(withClass)))
                .isEqualTo(golden("v2-ingress-class-no-internet.yaml"));
    }
}
