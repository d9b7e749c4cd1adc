package io.driftless.api.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.github.ForkApprovals;
import io.driftless.api.github.ForkApprovals.Pending;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;

/** The fork commits waiting for an admin's approval, across repositories. */
@Path("/api/v1/approvals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Repositories")
public class ApprovalResource {

    static final int LIMIT = 200;

    private final ForkApprovals approvals;
    private final Access access;

    public ApprovalResource(ForkApprovals approvals, Access access) {
        this.approvals = approvals;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Fork commits waiting for approval, newest first (at most 200)",
            description = "Approve one with POST /api/v1/repos/{owner}/{repo}/pulls/{number}/approvals.")
    public List<Pending> pending() {
        return approvals.pending(access.visibleRepositories(), LIMIT);
    }
}
