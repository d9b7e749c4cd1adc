package io.driftless.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.driftless.api.security.github.GitHubUnavailable;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * A user signed in with GitHub whose permissions GitHub cannot tell now (and none are cached) gets this 503
 * page with the reason on every page, until GitHub answers again. Their scope is empty meanwhile, so nothing
 * would show even without it.
 */
public class GitHubOutage {

    private final SecurityIdentity identity;

    public GitHubOutage(SecurityIdentity identity) {
        this.identity = identity;
    }

    @CheckedTemplate(basePath = "LoginPage")
    static class Templates {
        static native TemplateInstance githubUnavailable(String message);
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuse(ContainerRequestContext request) {
        String message = identity.getAttribute(GitHubUnavailable.ATTRIBUTE);
        if (message == null) {
            return null;
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.TEXT_HTML_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(Templates.githubUnavailable(message).render()).build();
    }
}
