package io.driftless.api.rest;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.edge.EdgeCheck;
import io.driftless.api.edge.EdgeSignIn;
import io.driftless.api.edge.EdgeSignIn.Refused;
import io.driftless.api.edge.EdgeSignIn.Trade;
import io.driftless.api.edge.PreviewHosts;
import io.driftless.api.edge.ShareLinks;
import io.driftless.api.security.Access;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The edge: what the ingress controller asks on every request to a preview ({@code /edge/check}), the
 * sign-in it sends refused browsers to ({@code /edge/signin}), and the two paths every protected preview
 * Ingress routes to Driftless on the preview's own host ({@code /_driftless/callback},
 * {@code /_driftless/share}), where a cookie of that host can be set.
 */
@Path("/")
@Tag(name = "Edge")
public class EdgeResource {

    private final EdgeCheck check;
    private final EdgeSignIn signIn;
    private final ShareLinks links;
    private final PreviewHosts hosts;
    private final Access access;

    public EdgeResource(EdgeCheck check, EdgeSignIn signIn, ShareLinks links, PreviewHosts hosts, Access access) {
        this.check = check;
        this.signIn = signIn;
        this.links = links;
        this.hosts = hosts;
        this.access = access;
    }

    @GET
    @Path("edge/check")
    @PermitAll
    @Operation(summary = "External auth for the ingress controller",
            description = "200 when the request to X-Original-URL (ingress-nginx) or to the URL of X-Forwarded-Proto, "
                    + "X-Forwarded-Host and X-Forwarded-Uri (Traefik's forwardAuth) may pass, 401 otherwise.")
    public Uni<Response> check(@HeaderParam("X-Original-URL") String originalUrl,
            @HeaderParam("X-Forwarded-Proto") String forwardedProto,
            @HeaderParam("X-Forwarded-Host") String forwardedHost,
            @HeaderParam("X-Forwarded-Uri") String forwardedUri,
            @CookieParam(EdgeSignIn.COOKIE) String cookie) {
        String url = PreviewHosts.originalUrl(originalUrl, forwardedProto, forwardedHost, forwardedUri);
        // a cached decision is answered on the event loop; a miss reads the database on a worker thread
        return check.cached(url, cookie).map(decision -> Uni.createFrom().item(answer(decision)))
                .orElseGet(() -> Uni.createFrom().item(() -> answer(check.check(url, cookie)))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private static Response answer(EdgeCheck.Decision decision) {
        return Response.status(decision.allowed() ? 200 : 401).build();
    }

    @GET
    @Path("edge/signin")
    @Authenticated
    @Operation(summary = "Sign in to a preview host", description = "Redirects the signed-in browser to the "
            + "preview host's callback with a one-minute, single-use token.")
    public Response signIn(@QueryParam("rd") String rd) {
        try {
            return Response.status(Response.Status.FOUND).header("Location", signIn.start(access.caller(), rd))
                    .header("Cache-Control", "no-store").build();
        } catch (Refused refused) {
            return page(refused.status(), "Cannot open this preview", refused.getMessage());
        }
    }

    @GET
    @Path("_driftless/callback")
    @PermitAll
    @Operation(summary = "On a preview host: trade a sign-in token for that host's cookie")
    public Response callback(@QueryParam("token") String token, @QueryParam("rd") String rd,
            @HeaderParam("Host") String host) {
        try {
            return withCookie(signIn.trade(token, rd, PreviewHosts.withoutPort(host)));
        } catch (Refused refused) {
            return page(refused.status(), "Sign-in refused", refused.getMessage());
        }
    }

    @GET
    @Path("_driftless/share")
    @PermitAll
    @Operation(summary = "On a preview host: trade a share link's secret for that host's cookie")
    public Response share(@QueryParam("key") String key, @HeaderParam("Host") String host) {
        String h = PreviewHosts.withoutPort(host);
        return hosts.label(h).filter(label -> key != null && !key.isBlank())
                .flatMap(label -> links.usable(label, key))
                .flatMap(link -> signIn.share(link, h))
                .map(this::withCookie)
                .orElseGet(() -> page(401, "This share link does not open this preview",
                        "The link is unknown, expired or revoked, or was made for another preview. Ask whoever "
                                + "shared it for a new one."));
    }

    private Response withCookie(Trade trade) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), trade.expiresAt()).toSeconds());
        NewCookie cookie = new NewCookie.Builder(EdgeSignIn.COOKIE).value(trade.cookie()).path("/")
                .maxAge((int) Math.min(Integer.MAX_VALUE, maxAge)).httpOnly(true).secure(signIn.secureCookies())
                .sameSite(NewCookie.SameSite.LAX).build();
        return Response.status(Response.Status.FOUND).header("Location", trade.location()).cookie(cookie)
                .header("Cache-Control", "no-store").build();
    }

    /** A plain page saying what happened: the person reading it came from a link, not from the UI. */
    private static Response page(int status, String title, String message) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " · Driftless</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
                + "<body><main><h1>" + escape(title) + "</h1><p>" + escape(message) + "</p></main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html)
                .header("Cache-Control", "no-store").build();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
