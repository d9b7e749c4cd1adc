package io.driftless.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.driftless.api.service.RepositorySettingsService;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void mapsDockerHubNamesToItsRegistryAndTheLibrary() {
        ImageReference nginx = ImageReference.parse("nginx:1.27").orElseThrow();
        assertThat(nginx.registry()).isEqualTo("registry-1.docker.io");
        assertThat(nginx.repository()).isEqualTo("library/nginx");
        assertThat(nginx.tag()).contains("1.27");
        assertThat(nginx.manifestReference()).isEqualTo("1.27");

        ImageReference user = ImageReference.parse("bitnami/redis").orElseThrow();
        assertThat(user.registry()).isEqualTo("registry-1.docker.io");
        assertThat(user.repository()).isEqualTo("bitnami/redis");
        assertThat(user.manifestReference()).isEqualTo("latest");

        assertThat(ImageReference.parse("docker.io/nginx").orElseThrow().repository()).isEqualTo("library/nginx");
    }

    @Test
    void keepsARegistryHostAndPort() {
        ImageReference ghcr = ImageReference.parse("ghcr.io/acme/shop:abc123").orElseThrow();
        assertThat(ghcr.registry()).isEqualTo("ghcr.io");
        assertThat(ghcr.repository()).isEqualTo("acme/shop");
        ImageReference local = ImageReference.parse("localhost:5000/shop:1").orElseThrow();
        assertThat(local.registry()).isEqualTo("localhost:5000");
        assertThat(local.repository()).isEqualTo("shop");
    }

    @Test
    void knowsADigestAndPinsATagKeepingItAsANote() {
        ImageReference pinned = ImageReference.parse("ghcr.io/acme/shop@" + DIGEST).orElseThrow();
        assertThat(pinned.pinned()).isTrue();
        assertThat(pinned.digest()).contains(DIGEST);
        ImageReference tagged = ImageReference.parse("ghcr.io/acme/shop:v1").orElseThrow();
        assertThat(tagged.pinned()).isFalse();
        assertThat(tagged.pinnedTo(DIGEST)).isEqualTo("ghcr.io/acme/shop:v1@" + DIGEST);
        assertThat(ImageReference.parse(tagged.pinnedTo(DIGEST)).orElseThrow().pinned()).isTrue();
    }

    @Test
    void refusesWhatIsNotAReference() {
        assertThat(ImageReference.parse("Shop:1")).isEqualTo(Optional.empty());
        assertThat(ImageReference.parse("ghcr.io/acme/shop:")).isEmpty();
        assertThat(ImageReference.parse("ghcr.io/acme/shop@sha256:abc")).isEmpty();
        assertThat(ImageReference.parse("ghcr.io/acme/shop:a b")).isEmpty();
        assertThat(ImageReference.parse("")).isEmpty();
    }

    @Test
    void checksImageTemplates() {
        assertThat(RepositorySettingsService.problemsOf("ghcr.io/acme/shop:{sha}")).isEmpty();
        assertThat(RepositorySettingsService.problemsOf("ghcr.io/acme/shop:pr-{sha}")).isEmpty();
        assertThat(RepositorySettingsService.problemsOf("ghcr.io/acme/shop:latest"))
                .singleElement().asString().contains("{sha}");
        assertThat(RepositorySettingsService.problemsOf("ghcr.io/ACME/shop:{sha}"))
                .singleElement().asString().contains("valid image reference");
        assertThat(RepositorySettingsService.fill("ghcr.io/acme/shop:{sha}", "abc")).isEqualTo("ghcr.io/acme/shop:abc");
    }
}
