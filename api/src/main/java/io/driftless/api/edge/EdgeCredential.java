package io.driftless.api.edge;

import java.time.Instant;
import java.util.Optional;

/**
 * What a preview host's cookie stands for: a subject, the one host it was set for, and when it stops
 * counting. Not the Driftless session: a cookie of one preview host opens nothing else, and the subject
 * is checked again against the database (a removed user, a revoked token or link) on each cache miss.
 *
 * @param subject {@code u:<user name>#<session stamp>} (a UI user), {@code t:<token id>} (an API token),
 *                {@code l:<share link id>}, or {@code c:<role>} (a caller Driftless keeps no record of:
 *                an OIDC login or the bootstrap admin token, trusted until the cookie expires)
 */
public record EdgeCredential(String subject, String host, Instant expiresAt) {

    static final String PURPOSE = "preview-cookie";

    public String sign(EdgeSigner signer) {
        return signer.sign(PURPOSE, subject + "|" + host + "|" + expiresAt.getEpochSecond());
    }

    /** The credential in a cookie value, when its signature holds; expiry and host are the caller's to check. */
    public static Optional<EdgeCredential> read(EdgeSigner signer, String cookie) {
        return signer.verify(PURPOSE, cookie).flatMap(payload -> {
            String[] parts = payload.split("\\|", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(new EdgeCredential(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2]))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public char kind() {
        return subject.charAt(0);
    }

    /** The part after the kind: a user name, a token or link id, a role. */
    public String id() {
        return subject.substring(2);
    }
}
