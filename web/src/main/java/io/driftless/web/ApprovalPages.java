package io.driftless.web;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.github.ForkApprovals;
import io.driftless.api.github.ForkApprovals.Approval;
import io.driftless.api.github.ForkApprovals.Pending;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.NotFoundProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Fork pull requests waiting for approval: reviewers see them, admins approve one exact commit from
 * here (the same approval as the API's, recorded in the environment's history).
 */
@Path("/approvals")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.REVIEWER, Role.ADMIN })
public class ApprovalPages {

    static final int LIMIT = 200;

    private final ForkApprovals approvals;
    private final Access access;
    private final SecurityIdentity identity;

    public ApprovalPages(ForkApprovals approvals, Access access, SecurityIdentity identity) {
        this.approvals = approvals;
        this.access = access;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance approvals(List<Pending> pending, boolean mayApprove, String problem);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list() {
        return page(null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Role.ADMIN)
    @Operation(hidden = true)
    public Response approve(@FormParam("repository") String repository, @FormParam("pullRequest") int pullRequest,
            @FormParam("commit") String commit) {
        try {
            access.requireRepository(repository);
            Approval approval = approvals.approve(repository, pullRequest, commit, access.actor());
            return Response.seeOther(URI.create("/environments/" + approval.requested().environment().id())).build();
        } catch (ConflictProblem | NotFoundProblem e) {
            return Response.status(Response.Status.CONFLICT).entity(page(e.getMessage())).build();
        }
    }

    private TemplateInstance page(String problem) {
        return Templates.approvals(approvals.pending(access.visibleRepositories(), LIMIT),
                identity.hasRole(Role.ADMIN), problem);
    }
}
