package io.driftless.api.policy;

import java.time.Instant;
import java.util.UUID;

/**
 * An environment's fate changed in a way people are told of: fired synchronously in the transaction that
 * made the change, so that what is queued because of it (an outbound webhook, a pull-request comment
 * update) commits with it.
 *
 * @param latestRevisionId its newest revision, which its pull-request comment shows; null with none
 * @param expiresAt        its expiry after the change; null when it never expires
 */
public record FateChanged(UUID environmentId, UUID latestRevisionId, Kind kind, Instant expiresAt, String explanation) {

    public enum Kind {
        /** Within warnBefore of its expiry. */
        WARNED,
        EXTENDED,
        PINNED,
        UNPINNED,
        /** Torn down by policy: expired or evicted. */
        ENDED
    }
}
