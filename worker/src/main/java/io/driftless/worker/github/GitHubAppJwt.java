package io.driftless.worker.github;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON Web Token a GitHub App signs to ask for an installation token: RS256, issued 60 seconds in
 * the past (GitHub's advice against clock drift), expiring after 9 minutes (GitHub allows 10).
 *
 * <p>Written with the JDK rather than a JWT library: one fixed header, three claims and an RS256
 * signature are all GitHub needs, and {@link java.security.Signature} does the cryptography. The one
 * thing the JDK lacks is reading the PKCS#1 PEM GitHub issues ("BEGIN RSA PRIVATE KEY"); it is wrapped
 * into PKCS#8 by its fixed DER prefix below.
 */
public final class GitHubAppJwt {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** AlgorithmIdentifier { rsaEncryption, NULL } of a PKCS#8 RSA key. */
    private static final byte[] RSA_ALGORITHM = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };

    private GitHubAppJwt() {
    }

    /** A signed JWT for the App {@code appId}, valid from {@code now - 60 s} to {@code now + 9 min}. */
    public static String sign(String appId, PrivateKey key, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", now.minus(BACKDATE).getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        // a numeric App id is sent as a number, a client id (Iv1.…) as a string: GitHub takes either
        claims.put("iss", appId.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(appId) : appId);
        try {
            String signingInput = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("could not sign the GitHub App JWT: " + e.getMessage(), e);
        }
    }

    /** Reads an RSA private key from PEM: PKCS#1 ("RSA PRIVATE KEY", as GitHub issues it) or PKCS#8 ("PRIVATE KEY"). */
    public static PrivateKey readPrivateKey(String pem) {
        String text = pem.replace("\\n", "\n");
        boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
        if (!pkcs1 && !text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(
                    "the GitHub App private key must be PEM: -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the GitHub App private key cannot be read: " + e.getMessage(), e);
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] { 0x02, 0x01, 0x00 });
        content.writeBytes(RSA_ALGORITHM);
        content.write(0x04);
        content.writeBytes(derLength(pkcs1.length));
        content.writeBytes(pkcs1);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(0x30);
        info.writeBytes(derLength(content.size()));
        info.writeBytes(content.toByteArray());
        return info.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] { (byte) length };
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        byte[] encoded = new byte[bytes + 1];
        encoded[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i >= 1; i--) {
            encoded[i] = (byte) (length & 0xff);
            length >>>= 8;
        }
        return encoded;
    }
}
