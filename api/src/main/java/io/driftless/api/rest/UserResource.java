package io.driftless.api.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.security.UserAccounts;
import io.driftless.api.security.UserAccounts.UserView;
import io.driftless.api.security.UserAccounts.WithPassword;

/**
 * Local users, who log in to the UI with a password: added by an admin with a role and repositories, each
 * with a generated password shown once. Every change is audited.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access")
@RolesAllowed(Role.ADMIN)
public class UserResource {

    private final UserAccounts users;
    private final Access access;

    public UserResource(UserAccounts users, Access access) {
        this.users = users;
        this.access = access;
    }

    @Schema(name = "UserRequest")
    public record UserRequest(
            @Schema(description = "Lower-case letters, digits or . _ @ -; at most 100") String username,
            @Schema(description = "reviewer or admin") String role,
            @Schema(description = "owner/name repositories the user sees, or \"*\" for all") List<String> repositories) {
    }

    @Schema(name = "UserChange")
    public record UserChange(@Schema(description = "reviewer or admin") String role,
            @Schema(description = "owner/name repositories the user sees, or \"*\" for all") List<String> repositories) {
    }

    @GET
    @Operation(summary = "List the users (never their passwords)")
    public List<UserView> list() {
        return users.list();
    }

    @GET
    @Path("/{username}")
    @Operation(summary = "One user")
    public UserView get(@PathParam("username") String username) {
        return users.get(username);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a user", description = "201; the generated password is in this answer only.")
    public Response add(@NotNull(message = "must be a JSON object") UserRequest body) {
        WithPassword added = users.add(body.username(), body.role(), body.repositories(), access.actor());
        return Response.status(Response.Status.CREATED).entity(added).build();
    }

    @PUT
    @Path("/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user's role and repositories")
    public UserView change(@PathParam("username") String username,
            @NotNull(message = "must be a JSON object") UserChange body) {
        return users.change(username, body.role(), body.repositories(), access.actor());
    }

    @POST
    @Path("/{username}/password")
    @Operation(summary = "Reset a user's password",
            description = "The new generated password is in this answer only; the old one and the user's sessions stop working.")
    public WithPassword resetPassword(@PathParam("username") String username) {
        return users.resetPassword(username, access.actor());
    }

    @POST
    @Path("/{username}/disable")
    @Operation(summary = "Disable a user: no login, and its sessions end")
    public UserView disable(@PathParam("username") String username) {
        return users.disable(username, access.actor());
    }

    @POST
    @Path("/{username}/enable")
    @Operation(summary = "Enable a disabled user")
    public UserView enable(@PathParam("username") String username) {
        return users.enable(username, access.actor());
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete a user")
    public Response delete(@PathParam("username") String username) {
        users.delete(username, access.actor());
        return Response.noContent().build();
    }
}
