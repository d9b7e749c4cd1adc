package io.driftless.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.driftless.api.config.RolesConfig;

/**
 * A process without the api role serves no API, and one without the web role serves no pages: a
 * worker-only replica answers health and nothing else.
 */
public class RoleFilter {

    private final RolesConfig roles;

    public RoleFilter(RolesConfig roles) {
        this.roles = roles;
    }

    @ServerRequestFilter(preMatching = true)
    public Response filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean api = path.startsWith("/api/");
        if ((api && !roles.has(RolesConfig.Role.api)) || (!api && !roles.has(RolesConfig.Role.web))) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return null;
    }
}
