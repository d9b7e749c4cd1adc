package io.driftless.api.preflight;

import java.time.Instant;
import java.util.List;

/**
 * What one preflight found: when, by which worker, and each check in order.
 *
 * @param checkedBy the worker's id ({@code driftless.worker.id}, default host name and process id)
 */
public record ClusterReport(Instant checkedAt, String checkedBy, List<ClusterCheck> checks) {

    public ClusterReport {
        checks = List.copyOf(checks);
    }

    /** Whether every check is {@link ClusterCheck.Status#ok}. */
    public boolean allOk() {
        return checks.stream().allMatch(c -> c.status() == ClusterCheck.Status.ok);
    }
}
