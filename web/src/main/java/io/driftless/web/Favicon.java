package io.driftless.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /favicon.ico}, which browsers and other clients ask for whatever a page links: it sends them to the
 * SVG icon the pages link ({@code /favicon.svg}), so they get an icon, not the login form or a 404 page. A
 * redirect keeps one icon file rather than a second, binary copy in another format.
 */
@Path("/favicon.ico")
@PermitAll
public class Favicon {

    @GET
    @Operation(hidden = true)
    public Response ico() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/favicon.svg"))
                .header("Cache-Control", "public, max-age=86400").build();
    }
}
