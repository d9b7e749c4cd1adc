package io.driftless.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.Views.PhaseChangeView;

/**
 * A revision's phases as a timeline: how long it stayed in each one, which the recorded phase changes
 * (oldest first) only give as moments.
 */
final class Timeline {

    /** Phases a revision leaves by itself; the time in the last of them is counted up to now. */
    static final Set<RevisionPhase> PASSING = EnumSet.of(RevisionPhase.QUEUED, RevisionPhase.BUILDING,
            RevisionPhase.DEPLOYING, RevisionPhase.TEARING_DOWN);

    private Timeline() {
    }

    /**
     * @param took how long the revision was in this phase ("1.2 s", "3 min 4 s"); for the phase it is still
     *             in, "so far" is added when it passes by itself, and it is empty when it stays (READY…)
     */
    record Step(RevisionPhase phase, Instant at, String reason, String took, boolean current) {
    }

    static List<Step> of(List<PhaseChangeView> changes, Instant now) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            PhaseChangeView change = changes.get(i);
            boolean last = i == changes.size() - 1;
            String took;
            if (!last) {
                took = duration(Duration.between(change.at(), changes.get(i + 1).at()));
            } else if (PASSING.contains(change.phase())) {
                took = duration(Duration.between(change.at(), now)) + " so far";
            } else {
                took = "";
            }
            steps.add(new Step(change.phase(), change.at(), change.reason(), took, last));
        }
        return steps;
    }

    /** "0.4 s", "12.3 s", "3 min 4 s", "2 h 5 min", "3 d 4 h". */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86400 + " d " + seconds % 86400 / 3600 + " h";
    }
}
