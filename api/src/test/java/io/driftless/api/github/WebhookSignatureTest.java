package io.driftless.api.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** GitHub's documented test vector (docs: "Validating webhook deliveries"). */
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void signsGitHubsTestVectorAsGitHubDocumentsIt() {
        assertThat(WebhookSignature.sign(SECRET, PAYLOAD)).isEqualTo(EXPECTED);
        assertThat(WebhookSignature.verify(SECRET, PAYLOAD, EXPECTED)).isTrue();
    }

    @Test
    void refusesAMissingMalformedOrWrongSignature() {
        assertThat(WebhookSignature.verify(SECRET, PAYLOAD, null)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, PAYLOAD, "")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, PAYLOAD, EXPECTED.substring("sha256=".length()))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, PAYLOAD, "sha1=" + EXPECTED.substring(7))).isFalse();
        assertThat(WebhookSignature.verify("another secret", PAYLOAD, EXPECTED)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), EXPECTED))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping", "pull_request.opened", "pull_request.closed", "pull_request.labeled",
            "pull_request.reopened", "pull_request.synchronize", "push"})
    void verifiesEveryFixtureOverItsRawBytesAndRefusesItOneByteChanged(String name) throws IOException {
        byte[] body = fixture(name);
        String signature = WebhookSignature.sign(SECRET, body);
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, body, signature)).isTrue();
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, tampered, signature)).isFalse();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = WebhookSignatureTest.class.getResourceAsStream("/github-webhooks/" + name + ".json")) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
