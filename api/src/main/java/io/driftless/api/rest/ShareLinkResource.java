package io.driftless.api.rest;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftless.api.edge.EdgeConfig;
import io.driftless.api.edge.ShareLinks;
import io.driftless.api.edge.ShareLinks.LinkView;
import io.driftless.api.policy.PolicyDuration;
import io.driftless.api.rest.Problem.FieldError;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.NotFoundProblem;

/** Share links of an environment's preview (policy access: link): made by reviewers and admins, shown once. */
@Path("/api/v1/environments/{id}/share-links")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Environments")
@RolesAllowed({ Role.REVIEWER, Role.ADMIN })
public class ShareLinkResource {

    private final ShareLinks links;
    private final Access access;
    private final EdgeConfig config;

    public ShareLinkResource(ShareLinks links, Access access, EdgeConfig config) {
        this.links = links;
        this.access = access;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a share link", description = "201; the URL (holding the secret) is in this answer only. "
            + "Body: {\"expiresIn\": \"7d\"} (default driftless.edge.share-link-default-lifetime).")
    public Response create(@PathParam("id") String id, JsonNode body) {
        UUID environment = environmentId(id);
        access.requireRepository(links.repositoryOf(environment));
        Duration lifetime = config.shareLinkDefaultLifetime();
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                return Problem.invalid(List.of(new FieldError("body", "must be a JSON object such as {\"expiresIn\": \"7d\"}")));
            }
            for (var names = body.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals("expiresIn")) {
                    return Problem.invalid(List.of(new FieldError(name, "is not a field; the only one is expiresIn")));
                }
            }
            JsonNode expiresIn = body.get("expiresIn");
            if (expiresIn != null && !expiresIn.isNull()) {
                if (!expiresIn.isTextual()) {
                    return Problem.invalid(List.of(new FieldError("expiresIn", PolicyDuration.MESSAGE)));
                }
                try {
                    lifetime = PolicyDuration.parse(expiresIn.asText());
                } catch (IllegalArgumentException e) {
                    return Problem.invalid(List.of(new FieldError("expiresIn", e.getMessage())));
                }
            }
        }
        if (lifetime.compareTo(config.shareLinkMaxLifetime()) > 0) {
            return Problem.invalid(List.of(new FieldError("expiresIn", "must be at most "
                    + PolicyDuration.format(config.shareLinkMaxLifetime()) + " (driftless.edge.share-link-max-lifetime)")));
        }
        return Response.status(Response.Status.CREATED).entity(links.create(environment, lifetime, access.actor()))
                .build();
    }

    @GET
    @Operation(summary = "List an environment's share links (never their secrets)")
    public List<LinkView> list(@PathParam("id") String id) {
        UUID environment = environmentId(id);
        access.requireRepository(links.repositoryOf(environment));
        return links.list(environment);
    }

    @DELETE
    @Path("/{linkId}")
    @Operation(summary = "Revoke a share link", description = "It stops opening the preview within "
            + "driftless.edge.cache-ttl.")
    public LinkView revoke(@PathParam("id") String id, @PathParam("linkId") String linkId) {
        UUID environment = environmentId(id);
        access.requireRepository(links.repositoryOf(environment));
        UUID link;
        try {
            link = UUID.fromString(linkId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("The environment " + id + " has no share link " + linkId + ".");
        }
        return links.revoke(environment, link, access.actor());
    }

    private static UUID environmentId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("No environment has the id " + id + ".");
        }
    }
}
