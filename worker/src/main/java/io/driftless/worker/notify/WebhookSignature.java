package io.driftless.worker.notify;

/**
 * The {@code X-Driftless-Signature-256} header, made as GitHub makes {@code X-Hub-Signature-256}:
 * {@code sha256=} and the hex HMAC-SHA256 of the raw body under the shared secret, so that receivers can
 * reuse their GitHub verification code.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Driftless-Signature-256";

    private WebhookSignature() {
    }

    /** The same signature GitHub makes, so one function makes both (see the api module's). */
    public static String sign(byte[] body, String secret) {
        return io.driftless.api.github.WebhookSignature.sign(secret, body);
    }
}
