package io.driftless.api.events;

import java.util.Optional;
import java.util.UUID;

import io.driftless.api.domain.RevisionPhase;

/**
 * A revision entered a phase, as told to every process over PostgreSQL NOTIFY on {@link #CHANNEL}:
 * the payload is {@code <revisionId>:<environmentId>:<phase>}.
 */
public record RevisionNotice(UUID revisionId, UUID environmentId, RevisionPhase phase) {

    public static final String CHANNEL = "driftless_revisions";

    public String payload() {
        return revisionId + ":" + environmentId + ":" + phase.name();
    }

    /** The notice a payload carries; empty for one that does not fit (another version, a hand-made NOTIFY). */
    public static Optional<RevisionNotice> parse(String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        String[] parts = payload.split(":", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            UUID revision = UUID.fromString(parts[0]);
            UUID environment = UUID.fromString(parts[1]);
            return RevisionPhase.parse(parts[2]).map(phase -> new RevisionNotice(revision, environment, phase));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
