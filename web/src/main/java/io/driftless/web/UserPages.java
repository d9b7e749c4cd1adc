package io.driftless.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.security.Access;
import io.driftless.api.security.InvalidUserProblem;
import io.driftless.api.security.Role;
import io.driftless.api.security.UserAccounts;
import io.driftless.api.security.UserAccounts.UserView;
import io.driftless.api.security.UserAccounts.WithPassword;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;
import io.driftless.api.service.NotFoundProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Local users for admins: the list, a form that adds one and shows its generated password this once, a
 * password reset shown the same way, disabling, enabling and deleting. The same service and rules as
 * {@code /api/v1/users}.
 */
@Path("/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class UserPages {

    private final UserAccounts users;
    private final Access access;

    public UserPages(UserAccounts users, Access access) {
        this.users = users;
        this.access = access;
    }

    /** What the add form had typed in, kept when it is refused. */
    public record Typed(String username, String role, String repositories) {
        static final Typed EMPTY = new Typed("", Role.reviewer.name(), "");
    }

    /** A password shown once: whose, and why (added, or reset). */
    public record Shown(WithPassword issued, String what) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(List<UserView> users, List<Role> roles, Typed typed, Shown shown,
                List<String> problems, String me);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list() {
        return page(Typed.EMPTY, null, List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response add(@FormParam("username") String username, @FormParam("role") String role,
            @FormParam("repositories") String repositories) {
        Typed typed = new Typed(username == null ? "" : username.trim(), role, repositories == null ? "" : repositories);
        List<String> scope = Arrays.stream(typed.repositories().split("[,\\s]+")).filter(r -> !r.isBlank()).toList();
        return answer(typed, () -> new Shown(users.add(typed.username(), role, scope, access.actor()), "added"));
    }

    @POST
    @Path("{username}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response resetPassword(@PathParam("username") String username) {
        return answer(Typed.EMPTY, () -> new Shown(users.resetPassword(username, access.actor()), "reset"));
    }

    @POST
    @Path("{username}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response disable(@PathParam("username") String username) {
        return changed(() -> users.disable(username, access.actor()));
    }

    @POST
    @Path("{username}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response enable(@PathParam("username") String username) {
        return changed(() -> users.enable(username, access.actor()));
    }

    @POST
    @Path("{username}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response delete(@PathParam("username") String username) {
        return changed(() -> users.delete(username, access.actor()));
    }

    /** Carries out a change that shows nothing new, and goes back to the list. */
    private Response changed(Runnable change) {
        return answer(Typed.EMPTY, () -> {
            change.run();
            return null;
        });
    }

    /**
     * Carries out a change: a new password is shown on the page this once; any other change goes back to the
     * list (so a reload sends nothing again); a refused one is shown with why.
     */
    private Response answer(Typed typed, Supplier<Shown> change) {
        try {
            Shown shown = change.get();
            if (shown == null) {
                return Response.seeOther(URI.create("/users")).build();
            }
            return Response.ok(page(Typed.EMPTY, shown, List.of())).build();
        } catch (InvalidUserProblem e) {
            List<String> problems = e.errors().stream().map(UserPages::said).toList();
            return Response.status(Response.Status.BAD_REQUEST).entity(page(typed, null, problems)).build();
        } catch (ConflictProblem e) {
            return Response.status(Response.Status.CONFLICT).entity(page(typed, null, List.of(e.getMessage()))).build();
        } catch (NotFoundProblem e) {
            return Response.status(Response.Status.NOT_FOUND).entity(page(typed, null, List.of(e.getMessage())))
                    .build();
        }
    }

    private static String said(FieldProblem problem) {
        String field = switch (problem.field()) {
            case "username" -> "User name";
            case "role" -> "Role";
            default -> "Repositories";
        };
        return field + ": " + problem.message() + ".";
    }

    private TemplateInstance page(Typed typed, Shown shown, List<String> problems) {
        String actor = access.actor();
        // the viewer's own row is marked, so that an admin sees which user they are
        String me = actor.startsWith("user:") ? actor.substring("user:".length()) : "";
        return Templates.users(users.list(), UserAccounts.ROLES, typed, shown, problems, me);
    }
}
