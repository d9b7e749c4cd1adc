package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.api.edge.EdgeCredential;
import io.driftless.api.edge.EdgeSigner;
import io.driftless.server.rbac.ClusterAdmin;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;

/**
 * Who may open a preview, asked as ingress-nginx asks: {@code GET /edge/check} with the preview URL in
 * X-Original-URL and the browser's cookies. The sign-in and share-link trades are called with the
 * preview's host in the Host header, as the preview Ingress's {@code /_driftless/} route sends them.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PreviewAccessFlowTest {

    private static final String COOKIE = "driftless_preview";

    @Inject
    EdgeSigner signer;

    @Inject
    TestClock clock;

    @Test
    void aPublicPreviewPassesAndAnUnknownHostNever() {
        String repository = uniqueRepository();
        Response env = ready(repository, "main");

        assertThat(check(env.path("url"), null)).isEqualTo(200);
        assertThat(check(env.path("revisions[0].url"), null)).isEqualTo(200);
        assertThat(check("http://no-such-preview-0123456789.preview.localhost/", null)).isEqualTo(401);
        assertThat(check("http://example.com/", null)).isEqualTo(401);
        assertThat(RestAssured.given().get("/edge/check").statusCode()).as("no X-Original-URL").isEqualTo(401);
    }

    @Test
    void aLoginPreviewOpensToAReviewerOfItsRepositorySignedInOnItsHostOnly() {
        String repository = uniqueRepository();
        String other = uniqueRepository();
        Response env = ready(repository, "main");
        String url = env.path("url");
        String host = URI.create(url).getHost();
        String revisionHost = URI.create(env.<String>path("revisions[0].url")).getHost();
        setAccess(repository, "login");
        awaitCheck(url, null, 401);

        // a person signs in to Driftless, then to the preview host through its callback
        Requests.UiSession admin = Requests.logIn();
        Response start = admin.given().redirects().follow(false).queryParam("rd", url + "cart?item=7")
                .get("/edge/signin");
        start.then().statusCode(302);
        URI callback = URI.create(start.header("Location"));
        assertThat(callback.getHost()).isEqualTo(host);
        assertThat(callback.getPath()).isEqualTo("/_driftless/callback");
        Response traded = onHost(host).get(callback.getRawPath() + "?" + callback.getRawQuery());
        traded.then().statusCode(302).header("Location", equalTo("/cart?item=7"));
        Cookie cookie = traded.detailedCookie(COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualToIgnoringCase("Lax");
        assertThat(check(url, cookie.getValue())).isEqualTo(200);
        assertThat(check("http://" + revisionHost + "/", cookie.getValue())).as("a cookie opens its own host only")
                .isEqualTo(401);

        // the token is single-use, bound to its host, and cannot be forged
        onHost(host).get(callback.getRawPath() + "?" + callback.getRawQuery()).then().statusCode(400);
        Response second = admin.given().redirects().follow(false).queryParam("rd", url).get("/edge/signin");
        URI again = URI.create(second.header("Location"));
        onHost(revisionHost).get(again.getRawPath() + "?" + again.getRawQuery()).then().statusCode(400);
        String query = again.getRawQuery();
        String forged = query.replaceFirst("token=([^&.]+)", "token=$1x");
        onHost(host).get(again.getRawPath() + "?" + forged).then().statusCode(400);
        String otherKey = new EdgeSigner(new byte[32]).sign("sign-in", "n|u:admin|" + host + "|"
                + Instant.now().plusSeconds(60).getEpochSecond());
        onHost(host).get("/_driftless/callback?token=" + otherKey).then().statusCode(400);
        // no open redirect, at the start or at the callback
        admin.given().redirects().follow(false).queryParam("rd", "https://evil.example/").get("/edge/signin").then()
                .statusCode(400);
        onHost(host).get(again.getRawPath() + "?" + query.replaceFirst("rd=[^&]*", "rd=https%3A%2F%2Fevil.example%2F"))
                .then().statusCode(400);
        // and the unused token still works once
        onHost(host).get(again.getRawPath() + "?" + query).then().statusCode(302);

        // reviewers: of this repository yes, of another no
        String reviewer = tokenId(issue("edge-reviewer", "reviewer", repository));
        String otherReviewer = tokenId(issue("edge-other-reviewer", "reviewer", other));
        String bot = tokenId(issue("edge-bot", "bot", repository));
        assertThat(check(url, cookieFor("t:" + reviewer, host))).isEqualTo(200);
        assertThat(check(url, cookieFor("t:" + otherReviewer, host))).isEqualTo(401);
        assertThat(check(url, cookieFor("t:" + bot, host))).isEqualTo(401);
        assertThat(check(url, cookieFor("t:" + reviewer, host) + "x")).as("a tampered cookie").isEqualTo(401);
    }

    @Test
    void aLoginPreviewOpensToALocalUserWhoseScopeCoversItUntilTheUserIsDisabled() {
        String repository = uniqueRepository();
        String other = uniqueRepository();
        String url = ready(repository, "main").path("url");
        String host = URI.create(url).getHost();
        String otherUrl = ready(other, "main").path("url");
        setAccess(repository, "login");
        setAccess(other, "login");
        String name = "edge-" + UUID.randomUUID().toString().substring(0, 8);
        String password = given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "role", "reviewer", "repositories", List.of(repository)))
                .post("/api/v1/users").then().statusCode(201).extract().path("password");
        Map<String, String> session = Requests.postLogin(name, password, RestAssured.given()).then().statusCode(302)
                .extract().cookies();

        Response start = RestAssured.given().cookies(session).redirects().follow(false).queryParam("rd", url)
                .get("/edge/signin");
        start.then().statusCode(302);
        URI callback = URI.create(start.header("Location"));
        String cookie = onHost(host).get(callback.getRawPath() + "?" + callback.getRawQuery()).then().statusCode(302)
                .extract().cookie(COOKIE);
        awaitCheck(url, cookie, 200);
        // another repository's preview: no sign-in, and a cookie naming the user without its session opens nothing
        RestAssured.given().cookies(session).redirects().follow(false).queryParam("rd", otherUrl).get("/edge/signin")
                .then().statusCode(403);
        assertThat(check(url, cookieFor("u:" + name, host))).isEqualTo(401);

        given().contentType(ContentType.JSON).post("/api/v1/users/" + name + "/disable").then().statusCode(200);
        awaitCheck(url, cookie, 401);
    }

    @Test
    void aShareLinkOpensTheLinkPreviewUntilItExpiresOrIsRevoked() {
        String repository = uniqueRepository();
        Response env = ready(repository, "main");
        String id = env.path("id");
        String url = env.path("url");
        String host = URI.create(url).getHost();
        setAccess(repository, "link");
        awaitCheck(url, null, 401);
        String reviewer = issue("link-reviewer", "reviewer", repository).path("secret");

        Response created = bearer(reviewer).contentType(ContentType.JSON).body(Map.of("expiresIn", "7d"))
                .post("/api/v1/environments/" + id + "/share-links");
        created.then().statusCode(201).body("link.createdBy", equalTo("token:link-reviewer"))
                .body("link.usable", equalTo(true));
        String linkUrl = created.path("url");
        String linkId = created.path("link.id");
        assertThat(linkUrl).startsWith(url + "_driftless/share?key=");
        String listed = bearer(reviewer).get("/api/v1/environments/" + id + "/share-links").asString();
        assertThat(listed).contains(linkId).doesNotContain(linkUrl.substring(linkUrl.indexOf("key=") + 4));
        bearer(reviewer).get("/api/v1/environments/" + id + "/share-links").then()
                .body("[0]", not(hasKey("url")));

        String cookie = openShareLink(linkUrl, host);
        assertThat(check(url, cookie)).isEqualTo(200);
        onHost(host).get("/_driftless/share?key=not-a-key").then().statusCode(401);

        bearer(reviewer).delete("/api/v1/environments/" + id + "/share-links/" + linkId).then().statusCode(200)
                .body("usable", equalTo(false)).body("revokedBy", equalTo("token:link-reviewer"));
        awaitCheck(url, cookie, 401);
        onHost(host).get(URI.create(linkUrl).getRawPath() + "?" + URI.create(linkUrl).getRawQuery()).then()
                .statusCode(401);

        Response shortLived = bearer(reviewer).contentType(ContentType.JSON).body(Map.of("expiresIn", "1h"))
                .post("/api/v1/environments/" + id + "/share-links");
        String shortCookie = openShareLink(shortLived.path("url"), host);
        assertThat(check(url, shortCookie)).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        awaitCheck(url, shortCookie, 401);

        given().get("/api/v1/environments/" + id + "/events").then()
                .body("findAll { it.action == 'SHARE_LINK_CREATED' }.actor", hasItem("token:link-reviewer"))
                .body("findAll { it.action == 'SHARE_LINK_REVOKED' }.actor", hasItem("token:link-reviewer"));
    }

    @Test
    void aShareLinkRequestWithABadOrTooLongLifetimeIsRefusedNamingTheField() {
        String id = ready(uniqueRepository(), "main").path("id");
        for (Object bad : List.of("soon", "-1h", "31d", 7)) {
            given().contentType(ContentType.JSON).body(Map.of("expiresIn", bad))
                    .post("/api/v1/environments/" + id + "/share-links").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("expiresIn"));
        }
        given().contentType(ContentType.JSON).body(Map.of("ttl", "1h"))
                .post("/api/v1/environments/" + id + "/share-links").then().statusCode(400)
                .body("errors[0].field", equalTo("ttl"));
        given().contentType(ContentType.JSON).body(Map.of("access", "private"))
                .put("/api/v1/repos/" + uniqueRepository() + "/policy").then().statusCode(400)
                .body("errors[0].field", equalTo("access"));
        given().delete("/api/v1/environments/" + id + "/share-links/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void traefiksForwardedHeadersNameThePreviewWhenThereIsNoOriginalUrl() {
        String repository = uniqueRepository();
        Response env = ready(repository, "main");
        URI url = URI.create(env.path("url"));
        String reviewer = tokenId(issue("traefik-reviewer", "reviewer", repository));
        setAccess(repository, "login");
        awaitCheck(url.toString(), null, 401);

        String cookie = cookieFor("t:" + reviewer, url.getHost());
        assertThat(forwarded("https", url.getHost(), "/cart?item=7", cookie)).isEqualTo(200);
        assertThat(forwarded("https", url.getHost(), "/cart?item=7", null)).isEqualTo(401);
        assertThat(forwarded(null, url.getHost(), null, cookie)).as("proto and uri default").isEqualTo(200);
        assertThat(forwarded("https", "no-such-preview-0123456789.preview.localhost", "/", cookie)).isEqualTo(401);
        assertThat(forwarded("https", null, "/", cookie)).as("no host named").isEqualTo(401);
        // X-Original-URL, when sent, is what is checked
        assertThat(RestAssured.given().header("X-Original-URL", "http://example.com/")
                .header("X-Forwarded-Host", url.getHost()).cookie(COOKIE, cookie).get("/edge/check").statusCode())
                .isEqualTo(401);
    }

    @Test
    void aProtectedEnvironmentsIngressesAskTheCheckAndAPublicOnesDoNotWhileItsRevisionKeepsItsSpecHash() {
        String repository = uniqueRepository();
        // public and never asleep: nothing to ask the check
        setPolicy(repository, Map.of("access", "public", "sleepAfter", "never"));
        Response env = ready(repository, "main");
        String environmentId = env.path("id");
        String specHash = env.path("revisions[0].specHash");
        String aliasHost = URI.create(env.<String>path("url")).getHost();
        String revisionHost = URI.create(env.<String>path("revisions[0].url")).getHost();
        assertThat(previewIngresses(environmentId)).hasSize(2)
                .allSatisfy(i -> assertThat(i.getMetadata().getAnnotations()).doesNotContainKey(AUTH_URL));

        setPolicy(repository, Map.of("access", "link", "sleepAfter", "never"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(previewIngresses(environmentId)).hasSize(2).allSatisfy(i -> assertThat(
                    i.getMetadata().getAnnotations()).containsEntry(AUTH_URL,
                            "http://driftless.driftless.svc.cluster.local/edge/check")
                    .containsEntry("nginx.ingress.kubernetes.io/auth-signin",
                            "http://localhost:8080/edge/signin?rd=$scheme://$host$escaped_request_uri"));
            Ingress routes = edgeRoutes(environmentId);
            assertThat(routes).isNotNull();
            assertThat(routes.getSpec().getRules()).extracting(r -> r.getHost())
                    .containsExactlyInAnyOrder(aliasHost, revisionHost);
            assertThat(routes.getSpec().getRules()).allSatisfy(r -> assertThat(r.getHttp().getPaths().get(0).getPath())
                    .isEqualTo("/_driftless/"));
        });
        assertThat(client.services().inNamespace("driftless-routing").withName("driftless-edge").get().getSpec()
                .getExternalName()).isEqualTo("driftless.driftless.svc.cluster.local");

        setPolicy(repository, Map.of("access", "public", "sleepAfter", "never"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(previewIngresses(environmentId)).hasSize(2)
                    .allSatisfy(i -> assertThat(i.getMetadata().getAnnotations()).doesNotContainKey(AUTH_URL));
            assertThat(edgeRoutes(environmentId)).isNull();
        });

        // public, but it may fall asleep: its traffic must reach the check, or a preview in use would sleep
        setPolicy(repository, Map.of("access", "public", "sleepAfter", "2h"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(previewIngresses(environmentId))
                .hasSize(2).allSatisfy(i -> assertThat(i.getMetadata().getAnnotations()).containsKey(AUTH_URL)));
        given().get("/api/v1/environments/" + environmentId).then().statusCode(200)
                .body("revisions[0].specHash", equalTo(specHash)).body("revisions[0].phase", equalTo("READY"));
    }

    private static final String AUTH_URL = "nginx.ingress.kubernetes.io/auth-url";

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    /** The alias's Ingress and the revision's own: every Ingress of the environment but its /_driftless/ routes. */
    private List<Ingress> previewIngresses(String environmentId) {
        return client.network().v1().ingresses().inAnyNamespace().withLabel("driftless.io/environment", environmentId)
                .list().getItems().stream().filter(i -> !i.getMetadata().getName().endsWith("-edge")).toList();
    }

    private Ingress edgeRoutes(String environmentId) {
        return client.network().v1().ingresses().inNamespace("driftless-routing")
                .withLabel("driftless.io/environment", environmentId).list().getItems().stream()
                .filter(i -> i.getMetadata().getName().endsWith("-edge")).findFirst().orElse(null);
    }

    private static int forwarded(String proto, String host, String uri, String cookie) {
        var request = RestAssured.given().redirects().follow(false);
        if (proto != null) {
            request.header("X-Forwarded-Proto", proto);
        }
        if (host != null) {
            request.header("X-Forwarded-Host", host);
        }
        if (uri != null) {
            request.header("X-Forwarded-Uri", uri);
        }
        if (cookie != null) {
            request.cookie(COOKIE, cookie);
        }
        return request.get("/edge/check").statusCode();
    }

    private static Response ready(String repository, String branch) {
        Response posted = post(body(repository, branch, commit()));
        posted.then().statusCode(202);
        return awaitPhase(posted.path("environmentId"), "READY");
    }

    private static void setPolicy(String repository, Map<String, String> fields) {
        given().contentType(ContentType.JSON).body(fields).put("/api/v1/repos/" + repository + "/policy")
                .then().statusCode(200).body("effective.access.value", equalTo(fields.get("access")));
    }

    private static void setAccess(String repository, String access) {
        given().contentType(ContentType.JSON).body(Map.of("access", access)).put("/api/v1/repos/" + repository + "/policy")
                .then().statusCode(200).body("effective.access.value", equalTo(access))
                .body("effective.access.source", equalTo("repository " + repository));
    }

    private static int check(String url, String cookie) {
        var request = RestAssured.given().redirects().follow(false).header("X-Original-URL", url);
        if (cookie != null) {
            request.cookie(COOKIE, cookie);
        }
        return request.get("/edge/check").statusCode();
    }

    /** The decision may be cached for driftless.edge.cache-ttl (short in tests): waits for it to change. */
    private static void awaitCheck(String url, String cookie, int status) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> check(url, cookie) == status);
    }

    private static io.restassured.specification.RequestSpecification onHost(String host) {
        return RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).header("Host", host);
    }

    private String openShareLink(String linkUrl, String host) {
        URI link = URI.create(linkUrl);
        Response opened = onHost(host).get(link.getRawPath() + "?" + link.getRawQuery());
        opened.then().statusCode(302).header("Location", equalTo("/"));
        return opened.cookie(COOKIE);
    }

    private String cookieFor(String subject, String host) {
        return new EdgeCredential(subject, host, clock.instant().plus(Duration.ofHours(1))).sign(signer);
    }

    private static Response issue(String name, String role, String repository) {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role, "repositories", List.of(repository))).post("/api/v1/tokens");
        response.then().statusCode(201);
        return response;
    }

    private static String tokenId(Response issued) {
        return issued.path("token.id");
    }

    private static io.restassured.specification.RequestSpecification bearer(String secret) {
        return RestAssured.given().header("Authorization", "Bearer " + secret);
    }
}
