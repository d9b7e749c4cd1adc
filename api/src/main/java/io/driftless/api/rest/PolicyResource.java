package io.driftless.api.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftless.api.policy.InvalidPolicyProblem;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.policy.PolicyService.PolicyView;
import io.driftless.api.policy.Reaper;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;

/**
 * Expiry and cleanup policy: the global policy (each repository's override is
 * {@link RepositoryPolicyResource}), a preview of what a
 * proposed policy would tear down, and the reaper's pause switch. Everyone may read; admins change.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policies")
public class PolicyResource {

    private static final java.util.regex.Pattern REPOSITORY = java.util.regex.Pattern.compile(Patterns.REPOSITORY);

    private final PolicyService policies;
    private final Lifecycle lifecycle;
    private final Reaper reaper;
    private final Access access;

    public PolicyResource(PolicyService policies, Lifecycle lifecycle, Reaper reaper, Access access) {
        this.policies = policies;
        this.lifecycle = lifecycle;
        this.reaper = reaper;
        this.access = access;
    }

    @GET
    @Path("/policy")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "The global expiry and cleanup policy, every field")
    public PolicyView global() {
        return policies.globalView();
    }

    @PUT
    @Path("/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Change the global policy",
            description = "The fields given replace theirs; the others keep their values. 400 naming each bad "
                    + "field, and nothing changes. Applies to existing environments at once; recorded as "
                    + "POLICY_CHANGED with the fields before and after.")
    public PolicyView putGlobal(JsonNode body) {
        return policies.putGlobal(PolicyDocument.parse(body, true), access.actor());
    }

    @POST
    @Path("/policy/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "What a proposed policy would tear down, without saving it",
            description = "The body is a policy as for PUT; with ?repository=owner/name it is that repository's "
                    + "override, else the global policy's changed fields. Answers the environments it would tear "
                    + "down now and within 24 hours.")
    public Lifecycle.Preview preview(@QueryParam("repository") String repository, JsonNode body) {
        if (repository != null && !repository.isBlank()) {
            if (!REPOSITORY.matcher(repository).matches()) {
                throw new InvalidPolicyProblem(List.of(new FieldProblem("repository", Patterns.REPOSITORY_MESSAGE)));
            }
            access.requireRepository(repository);
            return lifecycle.preview(repository, PolicyDocument.parse(body, false));
        }
        return lifecycle.preview(null, PolicyDocument.parse(body, true));
    }

    @GET
    @Path("/policy/reaper")
    @RolesAllowed({ Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Whether the reaper is paused, why, and when it last ran")
    public Reaper.ReaperState reaperState() {
        return reaper.state();
    }

    @POST
    @Path("/policy/reaper/resume")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Resume a reaper paused past its deletion budget",
            description = "409 when it is not paused. Its budget counts afresh from now.")
    public Reaper.ReaperState resume() {
        return reaper.resume(access.actor());
    }
}
