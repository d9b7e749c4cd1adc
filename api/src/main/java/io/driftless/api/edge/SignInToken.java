package io.driftless.api.edge;

import java.time.Instant;
import java.util.Optional;

/**
 * Carries a sign-in from Driftless's host to a preview host: short-lived, single-use (its nonce is
 * recorded when it is exchanged), bound to one host. It crosses in a URL, so it is worth nothing once
 * exchanged or after a minute; the cookie it becomes never appears in a URL.
 */
public record SignInToken(String nonce, String subject, String host, Instant expiresAt) {

    static final String PURPOSE = "sign-in";

    public String sign(EdgeSigner signer) {
        return signer.sign(PURPOSE, nonce + "|" + subject + "|" + host + "|" + expiresAt.getEpochSecond());
    }

    public static Optional<SignInToken> read(EdgeSigner signer, String token) {
        return signer.verify(PURPOSE, token).flatMap(payload -> {
            String[] parts = payload.split("\\|", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            try {
                return Optional.of(new SignInToken(parts[0], parts[1], parts[2],
                        Instant.ofEpochSecond(Long.parseLong(parts[3]))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
