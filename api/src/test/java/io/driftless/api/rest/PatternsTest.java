package io.driftless.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatternsTest {

    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @ParameterizedTest
    @ValueSource(strings = { "shop", "acme/shop", "registry.example.com/shop", "localhost:5000/acme/shop",
            "ghcr.io/acme/shop-web", "ghcr.io/acme/shop:1.2.3", "registry.example.com/a/b/c__d" })
    void acceptsImagesPinnedByDigest(String name) {
        assertThat((name + "@" + DIGEST).matches(Patterns.PINNED_IMAGE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "acme/shop", "acme/shop:latest", "acme/shop@sha256:abc", "acme/Shop@" + "sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "acme/shop@sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "" })
    void refusesImagesNotPinnedByDigest(String image) {
        assertThat(image.matches(Patterns.PINNED_IMAGE)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "acme/shop", "a/b", "Acme-Corp/shop.web_2", "x/.github" })
    void acceptsOwnerSlashName(String repository) {
        assertThat(repository.matches(Patterns.REPOSITORY)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "shop", "acme/", "/shop", "acme/shop/extra", "-acme/shop", "acme--x/shop", "acme/..",
            "acme/sh op" })
    void refusesAnythingElseAsRepository(String repository) {
        assertThat(repository.matches(Patterns.REPOSITORY)).isFalse();
    }
}
