package io.driftless.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps the page a login lands on a page a person asked for.
 *
 * <p>
 * Quarkus's form authentication answers every request that needs a login with a redirect to the login form and
 * a cookie ({@code quarkus.http.auth.form.location-cookie}) naming what was asked for; the login then lands
 * there. It does so for any request, not only for a page: the favicon Chromium fetches for the login form, a
 * script, an htmx poll of a page whose session ran out. Whichever came last won, so a login landed on
 * {@code /favicon.ico} (a 404). The assets are public now, so the login form's own requests never ask for a
 * login; and here, a redirect to the login form keeps its cookie only when it answers a navigation: a GET of a
 * document, by Fetch Metadata ({@code Sec-Fetch-Dest: document}) or, from a client that sends none, by asking
 * for HTML and not being htmx. Without the cookie the login lands on {@code quarkus.http.auth.form.landing-page}.
 * The form mechanism has no setting for this, and replacing it would mean re-implementing its session cookie.
 */
@ApplicationScoped
public class LoginLanding {

    private final String locationCookie;
    private final String loginPage;

    public LoginLanding(
            @ConfigProperty(name = "quarkus.http.auth.form.location-cookie",
                    defaultValue = "quarkus-redirect-location") String locationCookie,
            @ConfigProperty(name = "quarkus.http.auth.form.login-page", defaultValue = "/login.html") String loginPage) {
        this.locationCookie = locationCookie;
        this.loginPage = loginPage.startsWith("/") ? loginPage : "/" + loginPage;
    }

    void register(@Observes Filters filters) {
        // before authentication, whose challenge sets the cookie
        filters.register(this::watch, SecurityHeaders.PRIORITY - 1);
    }

    private void watch(RoutingContext context) {
        if (!isNavigation(context.request())) {
            context.addHeadersEndHandler(ignored -> {
                if (isRedirectToLogin(context)) {
                    context.response().removeCookie(locationCookie, false);
                }
            });
        }
        context.next();
    }

    private boolean isRedirectToLogin(RoutingContext context) {
        int status = context.response().getStatusCode();
        String location = context.response().headers().get(HttpHeaders.LOCATION);
        if (status < 300 || status >= 400 || location == null) {
            return false;
        }
        int query = location.indexOf('?');
        return (query < 0 ? location : location.substring(0, query)).endsWith(loginPage);
    }

    static boolean isNavigation(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || request.getHeader("HX-Request") != null) {
            return false;
        }
        String destination = request.getHeader("Sec-Fetch-Dest");
        if (destination != null) {
            return destination.equals("document");
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }
}
