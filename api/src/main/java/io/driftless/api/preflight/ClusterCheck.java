package io.driftless.api.preflight;

import java.util.Objects;

/**
 * One thing Driftless needs from its cluster, and whether it has it: a name ({@code permissions},
 * {@code ingress-class}…), a status, and a sentence saying what was found and what to do about it.
 */
public record ClusterCheck(String name, Status status, String detail) {

    /** Lower case, as the API shows them. */
    public enum Status {
        /** Found, and as Driftless needs it. */
        ok,
        /** Absent or refused: something to fix. */
        missing,
        /** Could not be told from the cluster's API; the detail says why. */
        unknown
    }

    public ClusterCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static ClusterCheck ok(String name, String detail) {
        return new ClusterCheck(name, Status.ok, detail);
    }

    public static ClusterCheck missing(String name, String detail) {
        return new ClusterCheck(name, Status.missing, detail);
    }

    public static ClusterCheck unknown(String name, String detail) {
        return new ClusterCheck(name, Status.unknown, detail);
    }
}
