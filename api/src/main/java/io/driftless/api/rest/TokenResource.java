package io.driftless.api.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import io.driftless.api.security.AuthConfig;
import io.driftless.api.security.Caller;
import io.driftless.api.security.Role;
import io.driftless.api.security.TokenService;
import io.driftless.api.security.TokenService.Issued;
import io.driftless.api.security.TokenService.TokenView;
import io.driftless.api.service.NotFoundProblem;

/** API tokens: issued by an admin, shown once, scoped to repositories, with an expiry. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access")
@RolesAllowed(Role.ADMIN)
public class TokenResource {

    private final TokenService tokens;
    private final Access access;
    private final AuthConfig config;

    public TokenResource(TokenService tokens, Access access, AuthConfig config) {
        this.tokens = tokens;
        this.access = access;
        this.config = config;
    }

    @Schema(name = "TokenRequest")
    public record TokenRequest(
            @NotBlank(message = "must name the token, e.g. after the bot that uses it")
            @Size(max = 100, message = "must be at most 100 characters") String name,
            @NotNull(message = "must be one of [bot, reviewer, admin]") String role,
            @NotEmpty(message = "must list owner/name repositories, or \"*\" for all")
            List<@NotNull String> repositories,
            @Schema(description = "When the token stops working; default 90 days from now") Instant expiresAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an API token", description = "201; the secret is in this answer only.")
    public Response issue(@Valid @NotNull(message = "must be a JSON object") TokenRequest body) {
        List<FieldError> errors = new ArrayList<>();
        Optional<Role> role = Role.parse(body.role());
        if (role.isEmpty()) {
            errors.add(new FieldError("role", "must be one of [bot, reviewer, admin]"));
        }
        for (String repository : body.repositories()) {
            if (!repository.equals(Caller.ALL) && !repository.matches(Patterns.REPOSITORY)) {
                errors.add(new FieldError("repositories", "'" + repository + "' " + Patterns.REPOSITORY_MESSAGE
                        + ", or \"*\" for all"));
            }
        }
        Instant now = Instant.now();
        if (body.expiresAt() != null && !body.expiresAt().isAfter(now)) {
            errors.add(new FieldError("expiresAt", "must be in the future"));
        } else if (body.expiresAt() != null && body.expiresAt().isAfter(now.plus(config.tokenMaxLifetime()))) {
            errors.add(new FieldError("expiresAt", "must be within " + config.tokenMaxLifetime().toDays()
                    + " days (driftless.auth.token-max-lifetime)"));
        }
        if (!errors.isEmpty()) {
            return Problem.invalid(errors);
        }
        Issued issued = tokens.issue(body.name(), role.get(), body.repositories(),
                Optional.ofNullable(body.expiresAt()), access.actor());
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @GET
    @Operation(summary = "List API tokens (never their secrets)")
    public List<TokenView> list() {
        return tokens.list();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API token at once")
    public TokenView revoke(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("No token has the id " + id + ".");
        }
        return tokens.revoke(uuid, access.actor());
    }
}
