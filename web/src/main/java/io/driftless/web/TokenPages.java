package io.driftless.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

import io.driftless.api.rest.Patterns;
import io.driftless.api.security.Access;
import io.driftless.api.security.AuthConfig;
import io.driftless.api.security.Caller;
import io.driftless.api.security.Role;
import io.driftless.api.security.TokenService;
import io.driftless.api.security.TokenService.Issued;
import io.driftless.api.security.TokenService.TokenView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * API tokens for admins: the list (never a secret), a form that issues one and shows its secret this
 * once, and revocation. The same service and rules as {@code /api/v1/tokens}.
 */
@Path("/tokens")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class TokenPages {

    private final TokenService tokens;
    private final Access access;
    private final AuthConfig config;

    public TokenPages(TokenService tokens, Access access, AuthConfig config) {
        this.tokens = tokens;
        this.access = access;
        this.config = config;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(List<TokenView> tokens, List<Role> roles, long defaultDays,
                Issued issued, List<String> problems);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list() {
        return page(null, List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response issue(@FormParam("name") String name, @FormParam("role") String role,
            @FormParam("repositories") String repositories, @FormParam("days") String days) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 100) {
            problems.add("Name the token (at most 100 characters), e.g. after the bot that uses it.");
        }
        Optional<Role> parsed = Role.parse(role);
        if (parsed.isEmpty()) {
            problems.add("Choose a role: bot, reviewer or admin.");
        }
        List<String> scope = Arrays.stream(String.valueOf(repositories).split("[,\\s]+"))
                .filter(r -> !r.isBlank()).toList();
        if (scope.isEmpty()) {
            problems.add("List the repositories (owner/name), or * for all.");
        }
        for (String repository : scope) {
            if (!repository.equals(Caller.ALL) && !repository.matches(Patterns.REPOSITORY)) {
                problems.add("'" + repository + "' is not of the form owner/name.");
            }
        }
        Instant expires = null;
        try {
            long d = Long.parseLong(String.valueOf(days).trim());
            if (d < 1 || Duration.ofDays(d).compareTo(config.tokenMaxLifetime()) > 0) {
                throw new NumberFormatException();
            }
            expires = Instant.now().plus(Duration.ofDays(d));
        } catch (NumberFormatException e) {
            problems.add("Expires in: a whole number of days from 1 to " + config.tokenMaxLifetime().toDays() + ".");
        }
        if (!problems.isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(page(null, problems)).build();
        }
        Issued issued = tokens.issue(name, parsed.get(), scope, Optional.of(expires), access.actor());
        return Response.ok(page(issued, List.of())).build();
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response revoke(@PathParam("id") UUID id) {
        tokens.revoke(id, access.actor());
        return Response.seeOther(java.net.URI.create("/tokens")).build();
    }

    private TemplateInstance page(Issued issued, List<String> problems) {
        return Templates.tokens(tokens.list(), List.of(Role.values()), config.tokenLifetime().toDays(), issued,
                problems);
    }
}
