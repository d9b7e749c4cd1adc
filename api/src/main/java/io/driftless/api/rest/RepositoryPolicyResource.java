package io.driftless.api.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.policy.PolicyService.PolicyView;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;

/**
 * A repository's override of the expiry and cleanup policy. A class of its own: a path under
 * {@code /api/v1/repos/{owner}/{repo}} is matched to the resource class with the longest literal path first.
 */
@Path("/api/v1/repos/{owner}/{repo}/policy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policies")
public class RepositoryPolicyResource {

    private final PolicyService policies;
    private final Access access;

    public RepositoryPolicyResource(PolicyService policies, Access access) {
        this.policies = policies;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "A repository's override and the policy in effect, each field with its source")
    public PolicyView repositoryPolicy(@PathParam("owner") String owner, @PathParam("repo") String repo) {
        return policies.repositoryView(repositoryName(owner, repo));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Set a repository's override",
            description = "Exactly the fields given override the global policy; the others inherit it.")
    public PolicyView putRepository(@PathParam("owner") String owner, @PathParam("repo") String repo,
            JsonNode body) {
        String repository = repositoryName(owner, repo);
        return policies.putRepository(repository, PolicyDocument.parse(body, false), access.actor());
    }

    @DELETE
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Remove a repository's override", description = "204; 404 when it has none.")
    public Response deleteRepository(@PathParam("owner") String owner, @PathParam("repo") String repo) {
        policies.deleteRepository(repositoryName(owner, repo), access.actor());
        return Response.noContent().build();
    }

    private String repositoryName(String owner, String repo) {
        return RepositoryNames.require(owner, repo, access);
    }
}
