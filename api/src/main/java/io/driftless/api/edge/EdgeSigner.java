package io.driftless.api.edge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the small texts the edge hands out: sign-in tokens and preview hosts' cookies.
 * Written on the JDK's HMAC-SHA256 ({@code javax.crypto}): a JWT library would bring algorithm choice
 * and key formats that nothing here needs, and the format is read only by Driftless itself.
 *
 * <p>A signed text is {@code base64url(purpose|payload).base64url(hmac)}; the purpose is inside the
 * signature, so a sign-in token cannot be used as a cookie or the other way round.
 */
public final class EdgeSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param key at least 32 bytes */
    public EdgeSigner(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the edge key must have at least 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** From a base64 key as configured. */
    public static EdgeSigner of(String base64Key) {
        return new EdgeSigner(Base64.getDecoder().decode(base64Key.trim()));
    }

    /** A signer with a fresh random key (a single process with no key configured). */
    public static EdgeSigner random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new EdgeSigner(bytes);
    }

    public String sign(String purpose, String payload) {
        byte[] body = (purpose + "|" + payload).getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(body) + "." + B64.encodeToString(mac(body));
    }

    /** The payload, when {@code signed} was made by {@link #sign} with this key and purpose. */
    public Optional<String> verify(String purpose, String signed) {
        if (signed == null) {
            return Optional.empty();
        }
        int dot = signed.indexOf('.');
        if (dot <= 0 || dot != signed.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] body;
        byte[] given;
        try {
            body = UNB64.decode(signed.substring(0, dot));
            given = UNB64.decode(signed.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(body), given)) {
            return Optional.empty();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String prefix = purpose + "|";
        return text.startsWith(prefix) ? Optional.of(text.substring(prefix.length())) : Optional.empty();
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
