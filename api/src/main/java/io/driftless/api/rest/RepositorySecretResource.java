package io.driftless.api.rest;

import java.util.List;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.rest.Problem.FieldError;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.NotFoundProblem;
import io.driftless.api.service.RepositorySecrets;
import io.driftless.api.service.RepositorySecrets.SecretView;
import io.driftless.api.service.RepositorySecrets.Written;

/**
 * Repository secrets, which a stack refers to by name ({@code env: {STRIPE_KEY: {secret: STRIPE_TEST_KEY}}}).
 * Admins only; values are write-only: no answer ever holds one.
 */
@Path("/api/v1/repos/{owner}/{repo}/secrets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Repositories")
@RolesAllowed(Role.ADMIN)
public class RepositorySecretResource {

    private final RepositorySecrets secrets;
    private final Access access;

    public RepositorySecretResource(RepositorySecrets secrets, Access access) {
        this.secrets = secrets;
        this.access = access;
    }

    /** The body of a secret PUT; unknown fields are refused (quarkus.jackson.fail-on-unknown-properties). */
    @Schema(name = "SecretRequest")
    public record SecretRequest(
            @NotNull(message = "must be the secret's value, a string (it may be empty)")
            @Schema(description = "The value, at most 64 KiB in UTF-8; never shown again", required = true)
            String value) {
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a repository secret (a new version each time)",
            description = "201 when the name had no value, 200 when it had one. The answer has the name and "
                    + "version, never the value; a revision that uses the secret is made anew at the next deploy.")
    public Response put(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("name") String name, @Valid @NotNull(message = "must be a JSON object") SecretRequest body) {
        String repository = repository(owner, repo);
        if (!RepositorySecrets.isName(name)) {
            return Problem.invalid(List.of(new FieldError("name", RepositorySecrets.NAME_MESSAGE)));
        }
        if (!RepositorySecrets.fits(body.value())) {
            return Problem.invalid(List.of(new FieldError("value", RepositorySecrets.VALUE_MESSAGE)));
        }
        Written written = secrets.put(repository, name, body.value(), access.actor());
        return Response.status(written.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(written.secret()).build();
    }

    @GET
    @Operation(summary = "List the repository's secrets: names and versions, never values")
    public List<SecretView> list(@PathParam("owner") String owner, @PathParam("repo") String repo) {
        return secrets.list(repository(owner, repo));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a repository secret", description = "204; 404 when it has no value.")
    public Response delete(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("name") String name) {
        String repository = repository(owner, repo);
        if (!RepositorySecrets.isName(name)) {
            throw new NotFoundProblem("'" + name + "' is not a secret name: it " + RepositorySecrets.NAME_MESSAGE + ".");
        }
        secrets.delete(repository, name, access.actor());
        return Response.noContent().build();
    }

    private String repository(String owner, String repo) {
        return RepositoryNames.require(owner, repo, access);
    }
}
