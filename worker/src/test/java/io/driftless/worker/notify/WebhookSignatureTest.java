package io.driftless.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example in GitHub's "Validating webhook deliveries": receivers' GitHub code accepts ours. */
    @Test
    void shouldSignLikeGitHub() {
        assertThat(WebhookSignature.sign("Hello, World!".getBytes(StandardCharsets.UTF_8), "It's a Secret to Everybody"))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void shouldSignTheRawBytesSoThatAnyChangeOrAnotherSecretChangesTheSignature() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(body, "s3cret");
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
        assertThat(WebhookSignature.sign(body, "s3cret")).isEqualTo(signature);
        assertThat(WebhookSignature.sign("{\"a\": 1}".getBytes(StandardCharsets.UTF_8), "s3cret")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(body, "s3cret2")).isNotEqualTo(signature);
    }
}
