package io.driftless.api.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a revision stands. QUEUED → (BUILDING, when a service is built from the commit) → DEPLOYING →
 * READY | FAILED; a BUILDING one whose environment was asked for a newer revision first → SUPERSEDED; a READY or FAILED one that retention
 * retires → SUPERSEDED; any of them → TEARING_DOWN → TORN_DOWN. A FAILED revision asked for again goes
 * back to QUEUED. A READY revision whose objects the resync had to recreate goes back to DEPLOYING
 * until the cluster says it is available again. An idle READY revision is put to sleep (SLEEPING: its
 * Deployments scaled to zero, its objects otherwise as rendered) and woken (WAKING, scaled back up) until
 * it is READY again; a sleeping revision can still be superseded or torn down.
 */
public enum RevisionPhase {
    QUEUED,
    BUILDING,
    DEPLOYING,
    READY,
    SLEEPING,
    WAKING,
    FAILED,
    SUPERSEDED,
    TEARING_DOWN,
    TORN_DOWN;

    /** The phase named by {@code name}, in any case and ignoring surrounding blanks; empty if none is. */
    public static Optional<RevisionPhase> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.name().equals(wanted)).findFirst();
    }

    /** The phases this one may move to. */
    public Set<RevisionPhase> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(BUILDING, DEPLOYING, FAILED, TEARING_DOWN);
            case BUILDING -> EnumSet.of(DEPLOYING, FAILED, SUPERSEDED, TEARING_DOWN);
            case DEPLOYING -> EnumSet.of(READY, FAILED, TEARING_DOWN);
            case READY -> EnumSet.of(DEPLOYING, SLEEPING, FAILED, SUPERSEDED, TEARING_DOWN);
            case SLEEPING -> EnumSet.of(WAKING, SUPERSEDED, TEARING_DOWN);
            case WAKING -> EnumSet.of(READY, FAILED, TEARING_DOWN);
            case FAILED -> EnumSet.of(QUEUED, SUPERSEDED, TEARING_DOWN);
            case SUPERSEDED -> EnumSet.of(TEARING_DOWN);
            case TEARING_DOWN -> EnumSet.of(TORN_DOWN);
            case TORN_DOWN -> EnumSet.noneOf(RevisionPhase.class);
        };
    }

    public boolean canMoveTo(RevisionPhase target) {
        return next().contains(target);
    }

    /**
     * Asleep or waking: the objects are as rendered but the Deployments' replicas are Driftless's own
     * (zero, or on their way back), and the alias routes to the wake page.
     */
    public boolean isAsleep() {
        return this == SLEEPING || this == WAKING;
    }

    /** Phases in which the revision's objects may exist in the cluster. */
    public boolean isLive() {
        return this != TORN_DOWN;
    }
}
