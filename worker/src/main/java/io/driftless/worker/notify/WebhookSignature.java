package io.driftless.worker.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Driftless-Signature-256} header, made as GitHub makes {@code X-Hub-Signature-256}:
 * {@code sha256=} and the hex HMAC-SHA256 of the raw body under the shared secret, so that receivers can
 * reuse their GitHub verification code.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Driftless-Signature-256";

    private WebhookSignature() {
    }

    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every JDK has HmacSHA256, and any byte string is a valid HMAC key
            throw new IllegalStateException(e);
        }
    }
}
