package io.driftless.api.events;

import java.util.UUID;

import io.driftless.api.domain.RevisionPhase;

/**
 * A revision change as an event stream tells it: which environment (repository, fork, branch), which
 * revision, the phase it entered, and both URLs (the environment's stable one and the revision's own).
 */
public record RevisionEvent(UUID environmentId, UUID revisionId, int revisionNumber, String repository,
        String headRepository, String branch, Integer pullRequest, String commit, RevisionPhase phase, String url,
        String revisionUrl) {

    /** The name of the server-sent event. */
    public static final String NAME = "revision.changed";
}
