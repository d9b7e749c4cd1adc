package io.driftless.api.policy;

import java.time.Instant;

/**
 * What an environment's fate depends on besides its policy.
 *
 * @param latestRevisionNumber its newest revision, null before the first
 * @param latestRevisionAt     when the newest revision was asked for: the last activity so far
 * @param extendedUntil        the latest extension, null if never extended
 * @param extensionForced      an admin extended it past its maximum lifetime
 * @param pin                  its pin, null when not pinned
 * @param pullRequestClosedAt  when its pull request was closed, null while open (or with none)
 * @param lastRequestAt        the last request to its preview that the edge check let pass (the activity
 *                             clock, recorded to within {@code driftless.edge.activity-flush}), null if none
 */
public record EnvironmentFacts(String branch, Instant createdAt, Integer latestRevisionNumber,
        Instant latestRevisionAt, Instant extendedUntil, boolean extensionForced, Pin pin,
        Instant pullRequestClosedAt, Instant lastRequestAt) {

    /** @param until null: pinned until unpinned */
    public record Pin(String by, String reason, Instant at, Instant until) {

        public boolean activeAt(Instant now) {
            return until == null || until.isAfter(now);
        }
    }

    /** The last thing that kept it alive: a request to its preview, its newest revision, or its creation. */
    public Instant lastActivity() {
        Instant revisionOrCreation = latestRevisionAt != null && latestRevisionAt.isAfter(createdAt) ? latestRevisionAt
                : createdAt;
        return requestedLast() ? lastRequestAt : revisionOrCreation;
    }

    /** Whether the last activity is a request to its preview rather than a revision or its creation. */
    public boolean requestedLast() {
        return lastRequestAt != null && lastRequestAt.isAfter(createdAt)
                && (latestRevisionAt == null || lastRequestAt.isAfter(latestRevisionAt));
    }
}
