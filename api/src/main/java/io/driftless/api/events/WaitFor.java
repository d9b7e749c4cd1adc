package io.driftless.api.events;

import io.driftless.api.domain.RevisionPhase;

/**
 * What a long poll waits for: the phase named, or any phase at or past its stage of the lifecycle. READY
 * and FAILED are the two outcomes of one deploy, so waiting for either ends at whichever comes; waiting
 * for DEPLOYING ends at DEPLOYING, READY, FAILED or later; waiting for TORN_DOWN ends only there. A sleeping
 * or waking revision is on its way back to READY: waiting for READY waits for its wake to complete. Waiting for
 * SLEEPING or WAKING ends at that phase, or when the revision is gone.
 */
public record WaitFor(RevisionPhase wanted) {

    public boolean isReachedBy(RevisionPhase current) {
        if (wanted.isAsleep()) {
            return current == wanted || stage(current) >= stage(RevisionPhase.SUPERSEDED);
        }
        return stage(current) >= stage(wanted);
    }

    private static int stage(RevisionPhase phase) {
        return switch (phase) {
            case QUEUED -> 0;
            case BUILDING -> 1;
            case DEPLOYING, SLEEPING, WAKING -> 2;
            case READY, FAILED -> 3;
            case SUPERSEDED -> 4;
            case TEARING_DOWN -> 5;
            case TORN_DOWN -> 6;
        };
    }
}
