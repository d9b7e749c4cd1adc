package io.driftless.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevisionSpecTest {

    static RevisionSpec spec(String commit, int port) {
        return RevisionSpec.of("acme/shop", "acme/shop", "feature/login", commit, "ghcr.io/acme/shop@sha256:"
                + "ab".repeat(32), port);
    }

    @Test
    void theCanonicalFormHasSortedKeysAndNoWhitespace() {
        assertThat(spec("a".repeat(40), 8080).canonicalJson()).isEqualTo(
                "{\"branch\":\"feature/login\",\"commit\":\"" + "a".repeat(40) + "\",\"headRepository\":\"acme/shop\","
                        + "\"image\":\"ghcr.io/acme/shop@sha256:" + "ab".repeat(32) + "\",\"port\":8080,"
                        + "\"repository\":\"acme/shop\",\"version\":1}");
    }

    @Test
    void theHashIsTheSha256OfTheCanonicalFormAndStableAcrossRuns() {
        // pinned (computed independently): a change here changes every revision's identity, so it must be deliberate
        assertThat(spec("a".repeat(40), 8080).hash())
                .isEqualTo("b63c53f96d7e380419108cebe9003d7dc2289234ed20db373a82a323638f9a33");
    }

    @Test
    void anyChangeOfTheSpecChangesTheHash() {
        String base = spec("a".repeat(40), 8080).hash();

        assertThat(spec("b".repeat(40), 8080).hash()).isNotEqualTo(base);
        assertThat(spec("a".repeat(40), 8081).hash()).isNotEqualTo(base);
        assertThat(RevisionSpec.of("acme/shop", "alice/shop", "feature/login", "a".repeat(40),
                "ghcr.io/acme/shop@sha256:" + "ab".repeat(32), 8080).hash()).isNotEqualTo(base);
    }
}
