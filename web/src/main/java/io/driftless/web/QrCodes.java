package io.driftless.web;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.NotFoundProblem;

/**
 * The QR code of an environment's stable URL, so a reviewer at a desk can open the preview on a phone.
 * Only for who may open the environment page.
 */
@Path("/environments/{id}/qr.svg")
@RolesAllowed({ Role.REVIEWER, Role.ADMIN })
public class QrCodes {

    static final String SVG = "image/svg+xml";

    /**
     * An environment's stable URL never changes (it is made from its name), so the image is kept a day; kept
     * by the browser only ({@code private}), since it is shown only to who may see the environment.
     */
    static final int MAX_AGE_SECONDS = 86_400;

    private final EnvironmentService environments;
    private final Access access;

    public QrCodes(EnvironmentService environments, Access access) {
        this.environments = environments;
        this.access = access;
    }

    @GET
    @Produces(SVG)
    @Operation(hidden = true)
    public Response qr(@PathParam("id") String id) {
        UUID environment;
        try {
            environment = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("No environment has the id " + id + ".");
        }
        access.requireRepository(environments.repositoryOf(environment));
        String url = environments.get(environment).url();
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setMaxAge(MAX_AGE_SECONDS);
        return Response.ok(QrSvg.of(url, "QR code of " + url), SVG).cacheControl(cache).build();
    }
}
