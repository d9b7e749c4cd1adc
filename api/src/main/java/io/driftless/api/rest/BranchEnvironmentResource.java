package io.driftless.api.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.driftless.api.rest.Problem.FieldError;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.BranchEnvironments;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.NotFoundProblem;

/**
 * The bot API: a branch's environment addressed by what a CI job knows (repository, branch, commit)
 * rather than by an id it would have to keep. PUT is idempotent: the same commit answers the same
 * revision.
 *
 * <p>Branch names contain '/', so the branch is one path segment URL-encoded ({@code feature%2Flogin})
 * or, equally, left as it is ({@code feature/login}): the template takes everything up to the final
 * {@code /environment}, and Quarkus REST hands the parameter over decoded.
 */
@Path("/api/v1/repos/{owner}/{repo}/branches/{branch: .+}/environment")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bot API")
public class BranchEnvironmentResource {

    private final EnvironmentService environments;
    private final BranchEnvironments branches;
    private final Access access;

    public BranchEnvironmentResource(EnvironmentService environments, BranchEnvironments branches, Access access) {
        this.environments = environments;
        this.branches = branches;
        this.access = access;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.BOT, Role.ADMIN })
    @Operation(summary = "Make the branch's environment run a commit",
            description = "Creates the environment or adds a revision: 202 with a new revision, 200 when this "
                    + "commit (with this spec) was asked for before. Same answer as POST /api/v1/environments.")
    public Response put(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @Parameter(description = "The branch, URL-encoded (feature%2Flogin) or not") @PathParam("branch")
            String branch,
            @Valid @NotNull(message = "must be a JSON object") BranchEnvironmentRequest body, @Context UriInfo uri) {
        String repository = owner + "/" + repo;
        check(repository, branch, null);
        access.requireRepository(repository);
        return EnvironmentResource.accepted(
                environments.request(body.toNewRevision(repository, branch), access.actor()), uri);
    }

    @GET
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "The branch's environment with its revisions",
            description = "The live environment, or the last one once torn down; 404 when the branch never had one.")
    public Response get(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("branch") String branch, @QueryParam("headRepository") String headRepository) {
        UUID id = find(owner + "/" + repo, branch, headRepository);
        return Response.ok(environments.get(id)).build();
    }

    @DELETE
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Tear the branch's environment down", description = "202; it then reaches TORN_DOWN.")
    public Response delete(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("branch") String branch, @QueryParam("headRepository") String headRepository) {
        UUID id = find(owner + "/" + repo, branch, headRepository);
        return Response.accepted(environments.teardown(id, access.actor())).build();
    }

    private UUID find(String repository, String branch, String headRepository) {
        check(repository, branch, headRepository);
        access.requireRepository(repository);
        String head = headRepository == null ? repository : headRepository;
        return branches.find(repository, head, branch).orElseThrow(() -> new NotFoundProblem(
                repository + " branch '" + branch + "'" + (head.equals(repository) ? "" : " of " + head)
                        + " has no environment."));
    }

    /** Path and query parts are checked like the body's fields, all errors at once. */
    private static void check(String repository, String branch, String headRepository) {
        List<FieldError> errors = new ArrayList<>();
        if (!repository.matches(Patterns.REPOSITORY)) {
            errors.add(new FieldError("repository", Patterns.REPOSITORY_MESSAGE));
        }
        if (!GitBranch.Validator.isValid(branch)) {
            errors.add(new FieldError("branch", GitBranch.MESSAGE));
        }
        if (headRepository != null && !headRepository.matches(Patterns.REPOSITORY)) {
            errors.add(new FieldError("headRepository", Patterns.REPOSITORY_MESSAGE));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors);
        }
    }

    /** A path or query part that does not fit; answered as a problem naming each field. */
    static final class InvalidRequest extends RuntimeException {
        private final transient List<FieldError> errors;

        InvalidRequest(List<FieldError> errors) {
            super("invalid request", null, false, false);
            this.errors = errors;
        }
    }

    @ServerExceptionMapper
    Response invalid(InvalidRequest e) {
        return Problem.invalid(e.errors);
    }
}
