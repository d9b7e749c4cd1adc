package io.driftless.api.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.security.Role;
import io.driftless.api.service.AuditQuery;
import io.driftless.api.service.AuditQuery.AuditView;
import io.driftless.api.service.Views.Page;

/** The audit trail, newest first, for admins. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    private final AuditQuery audit;

    public AuditResource(AuditQuery audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Audit events, newest first",
            description = "kind: an action such as POLICY_CHANGED, EXTENDED, EXPIRED; repository: owner/name (its "
                    + "environments' events and its own); actor: who acted. Changes carry before and after.")
    public Response list(@QueryParam("kind") String kind, @QueryParam("repository") String repository,
            @QueryParam("actor") String actor,
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "must be from 1 to 200")
            @Max(value = 200, message = "must be from 1 to 200") int size) {
        String action = blank(kind);
        if (action != null && !AuditQuery.KINDS.contains(action.toUpperCase(java.util.Locale.ROOT))) {
            return Problem.invalid(java.util.List.of(new Problem.FieldError("kind", "must be one of " + AuditQuery.KINDS)));
        }
        Page<AuditView> events = audit.list(action, blank(repository), blank(actor), page, size);
        return Response.ok(events).build();
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
