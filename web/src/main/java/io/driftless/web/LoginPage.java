package io.driftless.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.security.AuthConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The UI's login form (Quarkus form authentication posts it to {@code j_security_check}) and logout,
 * which drops the session cookie.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    /** Quarkus OIDC's session cookie for the {@code github} tenant ({@code q_session_<tenant>}). */
    static final String GITHUB_SESSION_COOKIE = "q_session_github";

    private final String sessionCookie;
    private final AuthConfig auth;

    public LoginPage(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name",
            defaultValue = "quarkus-credential") String sessionCookie, AuthConfig auth) {
        this.sessionCookie = sessionCookie;
        this.auth = auth;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean failed, boolean loggedOut, boolean withProvider,
                boolean withGitHub);
    }

    @GET
    @Path("login")
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance login(@QueryParam("error") String error, @QueryParam("out") String out) {
        return Templates.login(error != null, out != null, auth.uiLogin() == AuthConfig.UiLogin.code,
                auth.uiLogin() == AuthConfig.UiLogin.github);
    }

    @POST
    @Path("logout")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response logout() {
        if (auth.uiLogin() == AuthConfig.UiLogin.code) {
            // the OIDC session ends at the provider too (quarkus.oidc.logout.path)
            return Response.seeOther(URI.create("/oidc/logout")).build();
        }
        if (auth.uiLogin() == AuthConfig.UiLogin.github) {
            // GitHub has no end-session endpoint: the session ends here, the GitHub login stays as it is
            NewCookie expired = new NewCookie.Builder(GITHUB_SESSION_COOKIE).path("/").maxAge(0).value("").build();
            return Response.seeOther(URI.create("/login?out=true")).cookie(expired).build();
        }
        NewCookie expired = new NewCookie.Builder(sessionCookie).path("/").maxAge(0).value("").build();
        return Response.seeOther(URI.create("/login?out=true")).cookie(expired).build();
    }
}
