package io.driftless.server.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimulatedRegistryTest {

    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String OTHER = "sha256:" + "cd".repeat(32);

    private final SimulatedRegistry registry = new SimulatedRegistry();

    @Test
    void anImageIsThereOnceItWasPushedWithItsDigest() {
        assertThat(registry.digestOf("registry.local/acme/shop/web:key-1")).isEmpty();

        registry.pushed("registry.local/acme/shop/web:key-1", DIGEST);

        assertThat(registry.digestOf("registry.local/acme/shop/web:key-1")).contains(DIGEST);
        assertThat(registry.digestOf("registry.local/acme/shop/web@" + DIGEST)).contains(DIGEST);
        assertThat(registry.digestOf("registry.local/acme/shop/web:key-2")).isEmpty();
        assertThat(registry.digestOf("registry.local/acme/shop/api:key-1")).isEmpty();
        assertThat(registry.digestOf("other.local/acme/shop/web:key-1")).isEmpty();
    }

    @Test
    void aTagPushedAgainNamesTheNewDigest() {
        registry.pushed("registry.local/acme/shop/web:main", DIGEST);
        registry.pushed("registry.local/acme/shop/web:main", OTHER);

        assertThat(registry.digestOf("registry.local/acme/shop/web:main")).contains(OTHER);
        assertThat(registry.digestOf("registry.local/acme/shop/web@" + DIGEST)).contains(DIGEST);
    }

    @Test
    void referencesAreComparedAsTheRegistryApiSeesThem() {
        registry.pushed("nginx", DIGEST);

        assertThat(registry.digestOf("docker.io/library/nginx:latest")).contains(DIGEST);
    }

    @Test
    void whatIsNotAReferenceOrADigestIsRefused() {
        assertThatThrownBy(() -> registry.pushed("Not A Reference", DIGEST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.pushed("registry.local/acme/web:1", "latest"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.pushed("registry.local/acme/web@" + DIGEST, OTHER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.digestOf("Not A Reference")).isInstanceOf(IllegalArgumentException.class);
    }
}
