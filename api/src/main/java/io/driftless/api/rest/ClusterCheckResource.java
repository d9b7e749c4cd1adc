package io.driftless.api.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.preflight.ClusterReport;
import io.driftless.api.preflight.ClusterReports;
import io.driftless.api.security.Role;
import io.driftless.api.service.NotFoundProblem;

/**
 * The preflight for operators: what Driftless needs from its cluster and whether it has it, as the newest worker
 * check found (workers check at start and every {@code driftless.worker.preflight-interval}).
 */
@Path("/api/v1/cluster/check")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
@RolesAllowed(Role.ADMIN)
public class ClusterCheckResource {

    private final ClusterReports reports;

    public ClusterCheckResource(ClusterReports reports) {
        this.reports = reports;
    }

    @GET
    @Operation(summary = "What Driftless needs from the cluster, and whether it has it",
            description = "Each check's name, status (ok, missing or unknown) and a sentence saying what was found "
                    + "and what to do about it. 404 until a worker has checked.")
    public ClusterReport latest() {
        return reports.latest().orElseThrow(() -> new NotFoundProblem(
                "No worker has checked the cluster yet: a worker checks at start and then every minute."));
    }
}
