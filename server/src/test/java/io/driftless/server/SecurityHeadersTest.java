package io.driftless.server;

import static io.driftless.server.Requests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * The security headers on what Driftless answers (pages, API, the redirect to the login form), and which requests
 * may choose where a login lands. Chromium's view of the same is in {@link SecurityBrowserTest}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SecurityHeadersTest {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    @Test
    void aPageCarriesTheSecurityHeaders() {
        assertSecurityHeaders(Requests.logIn().given().get("/").then().statusCode(200));
        assertSecurityHeaders(RestAssured.given().redirects().follow(false).get("/login").then().statusCode(200));
    }

    @Test
    void anApiAnswerCarriesThemToo() {
        assertSecurityHeaders(given().get("/api/v1/environments").then().statusCode(200));
        assertSecurityHeaders(RestAssured.given().redirects().follow(false).get("/api/v1/environments").then().statusCode(401));
    }

    @Test
    void theRedirectToTheLoginFormCarriesThem() {
        assertSecurityHeaders(RestAssured.given().redirects().follow(false).accept("text/html").get("/")
                .then().statusCode(302).header("Location", endsWith("/login")));
    }

    @Test
    void overPlainHttpThereIsNoHsts() {
        RestAssured.given().redirects().follow(false).get("/login").then().header("Strict-Transport-Security", nullValue());
        // nor on a client's word for it: X-Forwarded-Proto counts only with proxy-address-forwarding on
        RestAssured.given().redirects().follow(false).header("X-Forwarded-Proto", "https").get("/login").then()
                .header("Strict-Transport-Security", nullValue());
    }

    @Test
    void theAssetsTheLoginFormLoadsNeedNoLogin() {
        for (String asset : new String[] { "/driftless.css", "/driftless.js", "/webjars/htmx.org/dist/htmx.min.js" }) {
            RestAssured.given().redirects().follow(false).get(asset).then().statusCode(200);
        }
        // a missing icon is a plain 404, not a login form that would remember it as the page asked for
        Response icon = RestAssured.given().redirects().follow(false).get("/favicon.ico");
        assertThat(icon.statusCode()).isNotEqualTo(302);
        assertThat(icon.cookies()).doesNotContainKey(LANDING);
    }

    @Test
    void onlyANavigationIsRememberedAsThePageToLandOn() {
        // a person opening a page: remembered
        assertThat(challenge(RestAssured.given().redirects().follow(false).header("Sec-Fetch-Dest", "document").accept("text/html")
                .get("/approvals")).cookie(LANDING)).endsWith("/approvals");
        assertThat(challenge(RestAssured.given().redirects().follow(false).accept("text/html,application/xhtml+xml").get("/tokens"))
                .cookie(LANDING)).endsWith("/tokens");
        // a script's fetch, an image, htmx's poll, a form post: sent to the login form, but not remembered
        assertThat(challenge(RestAssured.given().redirects().follow(false).header("Sec-Fetch-Dest", "empty").accept("text/html")
                .get("/fragments/environments")).cookies()).doesNotContainKey(LANDING);
        assertThat(challenge(RestAssured.given().redirects().follow(false).header("Sec-Fetch-Dest", "image").get("/icon.png")).cookies())
                .doesNotContainKey(LANDING);
        assertThat(challenge(RestAssured.given().redirects().follow(false).header("HX-Request", "true").accept("text/html")
                .get("/fragments/environments")).cookies()).doesNotContainKey(LANDING);
        assertThat(challenge(RestAssured.given().redirects().follow(false).accept("text/html").post("/logout")).cookies())
                .doesNotContainKey(LANDING);
    }

    /** The cookie naming where a login lands. */
    private static final String LANDING = "quarkus-redirect-location";

    private static Response challenge(Response answer) {
        answer.then().statusCode(302).header("Location", endsWith("/login"));
        return answer;
    }

    private static void assertSecurityHeaders(ValidatableResponse answer) {
        answer.header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Strict-Transport-Security", nullValue());
    }
}
