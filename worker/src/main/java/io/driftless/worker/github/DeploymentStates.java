package io.driftless.worker.github;

import java.util.List;

import io.driftless.api.domain.RevisionPhase;

/**
 * How a revision's phase reads as a GitHub deployment state, and which statuses take a Deployment from
 * what GitHub was last told to where the revision stands now. A sync reads the phase when it runs, so a
 * backlog of changes is reported as one step, never replayed out of order; yet GitHub always sees
 * in_progress before a success or a first failure, as a deployment tool would report it.
 */
public final class DeploymentStates {

    public static final String IN_PROGRESS = "in_progress";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String INACTIVE = "inactive";

    private DeploymentStates() {
    }

    /** GitHub's state for a revision in {@code phase}. */
    public static String of(RevisionPhase phase) {
        return switch (phase) {
            case QUEUED, BUILDING, DEPLOYING -> IN_PROGRESS;
            case READY, SLEEPING, WAKING -> SUCCESS; // asleep, its URL still answers: the next request wakes it
            case FAILED -> FAILURE;
            case SUPERSEDED, TEARING_DOWN, TORN_DOWN -> INACTIVE;
        };
    }

    /**
     * The statuses to post, in order, to go from {@code reported} (null: nothing yet) to {@code target}.
     * Inactive is final: a revision torn down or superseded never comes back.
     */
    public static List<String> steps(String reported, String target) {
        if (target.equals(reported) || INACTIVE.equals(reported)) {
            return List.of();
        }
        boolean settled = SUCCESS.equals(target) || FAILURE.equals(target);
        boolean wasRunning = IN_PROGRESS.equals(reported);
        // a success always follows an in_progress; so does the first failure, and a success after a failure
        if (settled && !wasRunning && (reported == null || SUCCESS.equals(target))) {
            return List.of(IN_PROGRESS, target);
        }
        return List.of(target);
    }
}
