package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Who may do what: every endpoint against an anonymous caller, a bot of the repository, a reviewer, an
 * admin, and a bot of another repository; tokens are shown once, expire and can be revoked; the UI
 * needs a login and its forms a CSRF token.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {

    enum Who {
        ANONYMOUS, BOT, REVIEWER, ADMIN, OTHER_BOT
    }

    private final String repository = uniqueRepository();
    private final String otherRepository = uniqueRepository();
    private final Map<Who, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void issueTokens() {
        if (!tokens.isEmpty()) {
            return;
        }
        tokens.put(Who.BOT, issue("ci-bot", "bot", List.of(repository)).path("secret"));
        tokens.put(Who.REVIEWER, issue("reviewers", "reviewer", List.of("*")).path("secret"));
        tokens.put(Who.ADMIN, issue("admins", "admin", List.of("*")).path("secret"));
        tokens.put(Who.OTHER_BOT, issue("other-bot", "bot", List.of(otherRepository)).path("secret"));
        // the worker's first preflight, which runs at its start, has stored its report
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/api/v1/cluster/check").statusCode() == 200);
    }

    /** One endpoint and the status each caller must get. */
    private record Case(String what, Function<RequestSpecification, Response> call, Map<Who, Integer> expected) {
    }

    private static Map<Who, Integer> expect(int anonymous, int bot, int reviewer, int admin, int otherBot) {
        Map<Who, Integer> expected = new LinkedHashMap<>();
        expected.put(Who.ANONYMOUS, anonymous);
        expected.put(Who.BOT, bot);
        expected.put(Who.REVIEWER, reviewer);
        expected.put(Who.ADMIN, admin);
        expected.put(Who.OTHER_BOT, otherBot);
        return expected;
    }

    @Test
    void everyEndpointAnswersEachCallerAsItsRoleAndScopeAllow() {
        String environment = readyEnvironment(repository, "main");
        String firstRevision = given().get("/api/v1/environments/" + environment).path("revisions[0].id");
        post(body(repository, "main", commit())).then().statusCode(202);
        awaitPhase(environment, "READY");
        String secondRevision = given().get("/api/v1/environments/" + environment).path("revisions[0].id");
        Map<Who, String> doomed = new LinkedHashMap<>();
        for (Who who : Who.values()) {
            doomed.put(who, readyEnvironment(repository, "doomed/" + who.name().toLowerCase()));
        }
        String victimToken = issue("to-revoke", "bot", List.of(repository)).path("token.id");
        String matrixUser = "matrix-" + java.util.UUID.randomUUID().toString().substring(0, 8);

        List<Case> cases = List.of(
                new Case("POST /api/v1/environments", r -> r.contentType(ContentType.JSON)
                        .body(body(repository, "feature/x", commit())).post("/api/v1/environments"),
                        expect(401, 202, 403, 202, 403)),
                new Case("GET /api/v1/environments?repository=", r -> r.get("/api/v1/environments?repository=" + repository),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/environments/{id}", r -> r.get("/api/v1/environments/" + environment),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/environments/{id}/events", r -> r.get("/api/v1/environments/" + environment + "/events"),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/revisions/{id}", r -> r.get("/api/v1/revisions/" + firstRevision),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/revisions/{id}/manifests", r -> r.get("/api/v1/revisions/" + firstRevision + "/manifests"),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/revisions/{id}/builds", r -> r.get("/api/v1/revisions/" + firstRevision + "/builds"),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/builds/{id}/log (an unknown build: nothing said of it to anyone)",
                        r -> r.get("/api/v1/builds/4a3c2b1d-0000-4000-8000-000000000000/log"),
                        expect(401, 404, 404, 404, 404)),
                new Case("GET /api/v1/revisions/{id}/spec", r -> r.get("/api/v1/revisions/" + firstRevision + "/spec"),
                        expect(401, 200, 200, 200, 403)),
                new Case("POST /api/v1/specs/validate (computes, writes nothing: every role)",
                        r -> r.contentType("application/yaml").body("version: 1\n".getBytes(StandardCharsets.UTF_8))
                                .post("/api/v1/specs/validate"),
                        expect(401, 400, 400, 400, 400)),
                new Case("GET /api/v1/schemas/driftless.schema.json (open: editors fetch it)",
                        r -> r.get("/api/v1/schemas/driftless.schema.json"), expect(200, 200, 200, 200, 200)),
                new Case("POST /api/v1/environments/{id}/rollback", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("revision", firstRevision))
                        .post("/api/v1/environments/" + environment + "/rollback"),
                        expect(401, 403, 200, 200, 403)),
                new Case("POST /api/v1/revisions/{id}/redeploy (a READY revision: 409 once allowed)",
                        r -> r.contentType(ContentType.JSON).post("/api/v1/revisions/" + firstRevision + "/redeploy"),
                        expect(401, 403, 409, 409, 403)),
                new Case("POST /api/v1/environments/{id}/extend", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("by", "1h")).post("/api/v1/environments/" + environment + "/extend"),
                        expect(401, 200, 200, 200, 403)),
                new Case("POST /api/v1/environments/{id}/extend with force (past the lifetime: admins only)",
                        r -> r.contentType(ContentType.JSON).body(Map.of("by", "1h", "force", true))
                                .post("/api/v1/environments/" + environment + "/extend"),
                        expect(401, 403, 403, 200, 403)),
                new Case("PUT /api/v1/environments/{id}/pin", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("reason", "demo")).put("/api/v1/environments/" + environment + "/pin"),
                        expect(401, 403, 403, 200, 403)),
                new Case("DELETE /api/v1/environments/{id}/pin (the admin's pin above)",
                        r -> r.delete("/api/v1/environments/" + environment + "/pin"),
                        expect(401, 403, 403, 200, 403)),
                new Case("POST /api/v1/environments/{id}/share-links (reviewers and admins of the repository)",
                        r -> r.contentType(ContentType.JSON).body(Map.of("expiresIn", "1d"))
                                .post("/api/v1/environments/" + environment + "/share-links"),
                        expect(401, 403, 201, 201, 403)),
                new Case("GET /api/v1/environments/{id}/share-links",
                        r -> r.get("/api/v1/environments/" + environment + "/share-links"),
                        expect(401, 403, 200, 200, 403)),
                new Case("DELETE /api/v1/environments/{id}/share-links/{linkId} (an unknown link: 404 once allowed)",
                        r -> r.delete("/api/v1/environments/" + environment
                                + "/share-links/4a3c2b1d-0000-4000-8000-000000000000"),
                        expect(401, 403, 404, 404, 403)),
                new Case("GET /edge/check (open: it answers for the ingress controller; no preview URL, no entry)",
                        r -> r.get("/edge/check"), expect(401, 401, 401, 401, 401)),
                new Case("GET /edge/signin (a page: people log in, tokens do not open it)",
                        r -> r.get("/edge/signin?rd=http://x.preview.localhost/"), expect(302, 302, 302, 302, 302)),
                new Case("GET /_driftless/callback without a token (open: on preview hosts)",
                        r -> r.get("/_driftless/callback"), expect(400, 400, 400, 400, 400)),
                new Case("GET /api/v1/policy", r -> r.get("/api/v1/policy"), expect(401, 200, 200, 200, 200)),
                new Case("PUT /api/v1/policy (changing nothing)", r -> r.contentType(ContentType.JSON).body(Map.of())
                        .put("/api/v1/policy"), expect(401, 403, 403, 200, 403)),
                new Case("PUT /api/v1/repos/{owner}/{repo}/policy", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("idleExpiry", "30d")).put("/api/v1/repos/" + repository + "/policy"),
                        expect(401, 403, 403, 200, 403)),
                new Case("GET /api/v1/repos/{owner}/{repo}/policy", r -> r.get("/api/v1/repos/" + repository + "/policy"),
                        expect(401, 200, 200, 200, 403)),
                new Case("DELETE /api/v1/repos/{owner}/{repo}/policy (the admin's override above)",
                        r -> r.delete("/api/v1/repos/" + repository + "/policy"), expect(401, 403, 403, 204, 403)),
                new Case("POST /api/v1/policy/preview", r -> r.contentType(ContentType.JSON).body(Map.of("idleExpiry", "1h"))
                        .post("/api/v1/policy/preview"), expect(401, 403, 403, 200, 403)),
                new Case("GET /api/v1/policy/reaper", r -> r.get("/api/v1/policy/reaper"), expect(401, 403, 200, 200, 403)),
                new Case("POST /api/v1/policy/reaper/resume (the admin hears it is not paused)",
                        r -> r.contentType(ContentType.JSON).post("/api/v1/policy/reaper/resume"),
                        expect(401, 403, 403, 409, 403)),
                new Case("GET /api/v1/audit", r -> r.get("/api/v1/audit"), expect(401, 403, 403, 200, 403)),
                new Case("POST /api/v1/tokens", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("name", "x", "role", "bot", "repositories", List.of(repository)))
                        .post("/api/v1/tokens"),
                        expect(401, 403, 403, 201, 403)),
                new Case("GET /api/v1/tokens", r -> r.get("/api/v1/tokens"), expect(401, 403, 403, 200, 403)),
                // local users are admins' only; the admin's POST adds the user the later cases change and delete
                new Case("POST /api/v1/users", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("username", matrixUser, "role", "reviewer", "repositories", List.of(repository)))
                        .post("/api/v1/users"), expect(401, 403, 403, 201, 403)),
                new Case("GET /api/v1/users", r -> r.get("/api/v1/users"), expect(401, 403, 403, 200, 403)),
                new Case("GET /api/v1/users/{username}", r -> r.get("/api/v1/users/" + matrixUser),
                        expect(401, 403, 403, 200, 403)),
                new Case("PUT /api/v1/users/{username}", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("role", "reviewer", "repositories", List.of("*"))).put("/api/v1/users/" + matrixUser),
                        expect(401, 403, 403, 200, 403)),
                new Case("POST /api/v1/users/{username}/password", r -> r.contentType(ContentType.JSON)
                        .post("/api/v1/users/" + matrixUser + "/password"), expect(401, 403, 403, 200, 403)),
                new Case("POST /api/v1/users/{username}/disable", r -> r.contentType(ContentType.JSON)
                        .post("/api/v1/users/" + matrixUser + "/disable"), expect(401, 403, 403, 200, 403)),
                new Case("POST /api/v1/users/{username}/enable", r -> r.contentType(ContentType.JSON)
                        .post("/api/v1/users/" + matrixUser + "/enable"), expect(401, 403, 403, 200, 403)),
                new Case("DELETE /api/v1/users/{username}", r -> r.delete("/api/v1/users/" + matrixUser),
                        expect(401, 403, 403, 204, 403)),
                new Case("GET /users (a page: people only)", r -> r.get("/users"), expect(302, 302, 302, 302, 302)),
                new Case("PUT /api/v1/repos/{owner}/{repo}/settings", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("imageTemplate", "ghcr.io/acme/shop:{sha}", "port", 8080))
                        .put("/api/v1/repos/" + repository + "/settings"),
                        expect(401, 403, 403, 200, 403)),
                new Case("GET /api/v1/repos/{owner}/{repo}/settings", r -> r.get("/api/v1/repos/" + repository + "/settings"),
                        expect(401, 200, 200, 200, 403)),
                // secrets are admins' only; the admin's PUT creates the secret its DELETE then removes
                new Case("PUT /api/v1/repos/{owner}/{repo}/secrets/{name}", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("value", "s3cret")).put("/api/v1/repos/" + repository + "/secrets/API_KEY"),
                        expect(401, 403, 403, 201, 403)),
                new Case("GET /api/v1/repos/{owner}/{repo}/secrets", r -> r.get("/api/v1/repos/" + repository + "/secrets"),
                        expect(401, 403, 403, 200, 403)),
                new Case("DELETE /api/v1/repos/{owner}/{repo}/secrets/{name}",
                        r -> r.delete("/api/v1/repos/" + repository + "/secrets/API_KEY"),
                        expect(401, 403, 403, 204, 403)),
                // the admin gets past the role check to a 404: no fork pull request waits for approval
                new Case("POST /api/v1/repos/{owner}/{repo}/pulls/{n}/approvals", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("commit", commit())).post("/api/v1/repos/" + repository + "/pulls/7/approvals"),
                        expect(401, 403, 403, 404, 403)),
                new Case("PUT /api/v1/repos/{owner}/{repo}/branches/{branch}/environment", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("commit", commit(), "image", Requests.IMAGE))
                        .put("/api/v1/repos/" + repository + "/branches/bot/put/environment"),
                        expect(401, 202, 403, 202, 403)),
                new Case("GET /api/v1/repos/{owner}/{repo}/branches/{branch}/environment",
                        r -> r.get("/api/v1/repos/" + repository + "/branches/main/environment"),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/revisions/{id}?wait=READY (a long poll)",
                        r -> r.get("/api/v1/revisions/" + firstRevision + "?wait=READY&timeout=1s"),
                        expect(401, 200, 200, 200, 403)),
                new Case("GET /api/v1/events?repository= (refused callers only: the stream does not end)",
                        r -> r.get("/api/v1/events?repository=" + repository), expect(401, -1, -1, -1, 403)),
                new Case("GET /api/v1/approvals (each sees its repositories' forks)", r -> r.get("/api/v1/approvals"),
                        expect(401, 200, 200, 200, 200)),
                new Case("GET /approvals (a page: people only)", r -> r.get("/approvals"), expect(302, 302, 302, 302, 302)),
                new Case("POST /webhooks/github without a signature", r -> r.contentType(ContentType.JSON)
                        .header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                        .body("{}").post("/webhooks/github"),
                        expect(401, 401, 401, 401, 401)),
                new Case("POST /api/v1/resync (admins only; checked below)", r -> r.contentType(ContentType.JSON).post("/api/v1/resync"),
                        expect(401, 403, 403, -1, 403)),
                new Case("GET /api/v1/resync", r -> r.get("/api/v1/resync"), expect(401, 403, 403, 200, 403)),
                new Case("GET /api/v1/cluster/check (the preflight; the worker checked at start, awaited above)",
                        r -> r.get("/api/v1/cluster/check"), expect(401, 403, 403, 200, 403)),
                new Case("GET /cluster (the preflight's page: people log in, tokens do not open it)",
                        r -> r.get("/cluster"), expect(302, 302, 302, 302, 302)),
                new Case("GET /q/openapi", r -> r.get("/q/openapi"), expect(302, 200, 200, 200, 200)),
                new Case("GET / (the UI: people log in, tokens do not open it)", r -> r.get("/"),
                        expect(302, 302, 302, 302, 302)),
                new Case("POST /api/v1/environments/{id}/sleep (reviewers and admins; asleep already: 202 again)",
                        r -> r.contentType(ContentType.JSON).post("/api/v1/environments/" + environment + "/sleep"),
                        expect(401, 403, 202, 202, 403)),
                new Case("POST /api/v1/environments/{id}/wake (reviewers and admins; waking already: 202 again)",
                        r -> r.contentType(ContentType.JSON).post("/api/v1/environments/" + environment + "/wake"),
                        expect(401, 403, 202, 202, 403)),
                new Case("GET /q/health/ready", r -> r.get("/q/health/ready"), expect(200, 200, 200, 200, 200)));

        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            for (Map.Entry<Who, Integer> e : c.expected().entrySet()) {
                if (e.getValue() < 0) {
                    continue;
                }
                int status = c.call().apply(as(e.getKey())).statusCode();
                if (status != e.getValue()) {
                    wrong.add(c.what() + " as " + e.getKey() + ": " + status + ", expected " + e.getValue());
                }
            }
        }
        // tearing down, one environment per caller so that each answer is about the caller alone
        Map<Who, Integer> teardown = expect(401, 202, 202, 202, 403);
        for (Who who : Who.values()) {
            int status = as(who).delete("/api/v1/environments/" + doomed.get(who)).statusCode();
            if (status != teardown.get(who)) {
                wrong.add("DELETE /api/v1/environments/{id} as " + who + ": " + status + ", expected " + teardown.get(who));
            }
            String branch = "doomed/" + who.name().toLowerCase() + "-by-branch";
            post(body(repository, "doomed/" + who.name().toLowerCase() + "-by-branch", commit())).then().statusCode(202);
            status = as(who).delete("/api/v1/repos/" + repository + "/branches/" + branch + "/environment").statusCode();
            if (status != teardown.get(who)) {
                wrong.add("DELETE /api/v1/repos/{owner}/{repo}/branches/{branch}/environment as " + who + ": " + status
                        + ", expected " + teardown.get(who));
            }
        }
        Map<Who, Integer> revoke = expect(401, 403, 403, 200, 403);
        for (Who who : Who.values()) {
            int status = as(who).delete("/api/v1/tokens/" + victimToken).statusCode();
            if (status != revoke.get(who)) {
                wrong.add("DELETE /api/v1/tokens/{id} as " + who + ": " + status + ", expected " + revoke.get(who));
            }
        }
        assertThat(as(Who.ADMIN).contentType(ContentType.JSON).post("/api/v1/resync").statusCode()).as("queued, or the one pending")
                .isIn(200, 202);
        assertThat(wrong).isEmpty();
        // the refused teardowns changed nothing
        given().get("/api/v1/environments/" + doomed.get(Who.ANONYMOUS)).then().body("status", equalTo("ACTIVE"));
        given().get("/api/v1/environments/" + doomed.get(Who.OTHER_BOT)).then().body("status", equalTo("ACTIVE"));
        assertThat(secondRevision).isNotEqualTo(firstRevision);
    }

    @Test
    void aBotSeesOnlyTheEnvironmentsOfItsRepositoriesInTheList() {
        readyEnvironment(repository, "listed");
        readyEnvironment(otherRepository, "listed");

        List<String> seenByBot = as(Who.BOT).get("/api/v1/environments?size=100").path("items.repository");
        List<String> seenByOther = as(Who.OTHER_BOT).get("/api/v1/environments?size=100").path("items.repository");
        List<String> seenByReviewer = as(Who.REVIEWER).get("/api/v1/environments?size=100").path("items.repository");

        assertThat(seenByBot).isNotEmpty().containsOnly(repository);
        assertThat(seenByOther).isNotEmpty().containsOnly(otherRepository);
        assertThat(seenByReviewer).contains(repository, otherRepository);
    }

    @Test
    void aTokenIsShownOnceStoredHashedAndRecordsWhoMadeIt() {
        Response issued = issue("shown-once", "bot", List.of(repository));
        issued.then().statusCode(201)
                .body("secret", startsWith("dl_"))
                .body("token.role", equalTo("bot"))
                .body("token.createdBy", equalTo("token:bootstrap-admin"))
                .body("token.usable", equalTo(true));
        String id = issued.path("token.id");

        given().get("/api/v1/tokens").then().statusCode(200)
                .body("find { it.id == '" + id + "' }", not(hasKey("secret")))
                .body("find { it.id == '" + id + "' }.repositories", equalTo(List.of(repository)));
        assertThat(given().get("/api/v1/tokens").asString()).doesNotContain(issued.<String>path("secret"));
    }

    @Test
    void anExpiredARevokedAndAnUnknownTokenAreRefused() {
        String secret = issue("revoked-soon", "bot", List.of(repository)).path("secret");
        String id = given().get("/api/v1/tokens").path("find { it.name == 'revoked-soon' }.id");
        bearer(secret).get("/api/v1/environments").then().statusCode(200);

        given().delete("/api/v1/tokens/" + id).then().statusCode(200).body("usable", equalTo(false));
        bearer(secret).get("/api/v1/environments").then().statusCode(401);

        Response shortLived = given().contentType(ContentType.JSON)
                .body(Map.of("name", "short", "role", "bot", "repositories", List.of(repository),
                        "expiresAt", Instant.now().plus(1500, ChronoUnit.MILLIS).toString()))
                .post("/api/v1/tokens");
        shortLived.then().statusCode(201);
        bearer(shortLived.path("secret")).get("/api/v1/environments").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> bearer(shortLived.path("secret")).get("/api/v1/environments").statusCode() == 401);

        bearer("dl_" + "x".repeat(43)).get("/api/v1/environments").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        bearer("not-even-a-token").get("/api/v1/environments").then().statusCode(401);
    }

    @Test
    void aTokenRequestThatDoesNotFitIsRefusedWithEveryReason() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "", "role", "root", "repositories", List.of("not a repo"),
                        "expiresAt", "2001-01-01T00:00:00Z"))
                .post("/api/v1/tokens").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("name"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "ok", "role", "root", "repositories", List.of("not a repo"),
                        "expiresAt", "2001-01-01T00:00:00Z"))
                .post("/api/v1/tokens").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("role", "repositories", "expiresAt"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "ok", "role", "bot", "repositories", List.of(repository),
                        "expiresAt", Instant.now().plus(5000, ChronoUnit.DAYS).toString()))
                .post("/api/v1/tokens").then().statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"));
    }

    @Test
    void theUiNeedsALoginAndItsFormsACsrfToken() {
        String id = readyEnvironment(repository, "ui");

        RestAssured.given().redirects().follow(false).get("/").then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/login"));
        RestAssured.given().redirects().follow(false).post("/environments/" + id + "/teardown").then()
                .statusCode(302);
        // a token is no way into the UI's actions
        as(Who.ADMIN).contentType(ContentType.URLENC).redirects().follow(false)
                .post("/environments/" + id + "/teardown").then().statusCode(302);

        String session = Requests.postLogin("admin", "test-admin-password", RestAssured.given())
                .then().statusCode(302).extract().cookie("quarkus-credential");
        assertThat(session).isNotBlank();

        // without the token from the page, the form post is refused and nothing happens
        RestAssured.given().cookie("quarkus-credential", session).contentType(ContentType.URLENC)
                .redirects().follow(false).formParam("x", "y")
                .post("/environments/" + id + "/teardown").then().statusCode(400);
        given().get("/api/v1/environments/" + id).then().body("status", equalTo("ACTIVE"));

        Response page = RestAssured.given().cookie("quarkus-credential", session).get("/environments/" + id);
        page.then().statusCode(200);
        Matcher field = java.util.regex.Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]+)\"").matcher(page.asString());
        assertThat(field.find()).as("the page's forms carry a CSRF token").isTrue();
        RestAssured.given().cookie("quarkus-credential", session).cookie("driftless-csrf", page.cookie("driftless-csrf"))
                .contentType(ContentType.URLENC).formParam(field.group(1), field.group(2))
                .redirects().follow(false)
                .post("/environments/" + id + "/teardown").then().statusCode(303);
        awaitPhase(id, "TORN_DOWN");
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("find { it.action == 'TEARDOWN_REQUESTED' }.actor", equalTo("user:admin"));
    }

    @Test
    void onlyAnAdminOpensTheUsersPageOrPostsItsForms() {
        String name = "page-reviewer-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String password = given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "role", "reviewer", "repositories", List.of("*")))
                .post("/api/v1/users").then().statusCode(201).extract().path("password");
        Map<String, String> reviewer = Requests.postLogin(name, password, RestAssured.given()).then().statusCode(302)
                .extract().cookies();

        RestAssured.given().cookies(reviewer).redirects().follow(false).get("/users").then().statusCode(403);
        Requests.UiSession admin = Requests.logIn();
        Response page = admin.given().get("/users");
        page.then().statusCode(200);
        Matcher field = java.util.regex.Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]+)\"").matcher(page.asString());
        assertThat(field.find()).isTrue();
        // even with a valid CSRF pair, a reviewer's post is refused and changes nothing
        RestAssured.given().cookies(reviewer).cookie("driftless-csrf", page.cookie("driftless-csrf"))
                .contentType(ContentType.URLENC).formParam(field.group(1), field.group(2)).redirects().follow(false)
                .post("/users/admin/disable").then().statusCode(403);
        given().get("/api/v1/users/admin").then().body("enabled", equalTo(true));
        // an admin's post without the page's token is refused too
        admin.given().contentType(ContentType.URLENC).formParam("x", "y").redirects().follow(false)
                .post("/users/" + name + "/disable").then().statusCode(400);
        given().get("/api/v1/users/" + name).then().body("enabled", equalTo(true));
    }

    /** As the caller; a redirect (to the login form) is an answer of its own, not followed. */
    @Test
    void anAdminIssuesATokenInTheUiSeesItsSecretOnceAndRevokesIt() {
        Requests.UiSession admin = Requests.logIn();
        String page = admin.given().get("/tokens").then().statusCode(200).extract().asString();
        assertThat(page).contains("Issue token");

        Response refused = admin.submitWith("/tokens", "/tokens",
                Map.of("name", "ui-bot", "role", "bot", "repositories", "not a repo", "days", "30"));
        refused.then().statusCode(400);
        assertThat(refused.asString()).contains("&#39;not&#39; is not of the form owner/name.");

        Response issued = admin.submitWith("/tokens", "/tokens",
                Map.of("name", "ui-bot", "role", "bot", "repositories", repository, "days", "30"));
        issued.then().statusCode(200);
        Matcher secret = java.util.regex.Pattern.compile("<pre class=\"secret\" id=\"secret\">(dl_[A-Za-z0-9_-]+)</pre>")
                .matcher(issued.asString());
        assertThat(secret.find()).as("the secret is shown once").isTrue();
        bearer(secret.group(1)).get("/api/v1/environments?repository=" + repository).then().statusCode(200);
        assertThat(admin.given().get("/tokens").asString()).contains("ui-bot").doesNotContain(secret.group(1));

        String id = given().get("/api/v1/tokens").path("find { it.name == 'ui-bot' }.id");
        admin.submit("/tokens", "/tokens/" + id + "/revoke").then().statusCode(303);
        bearer(secret.group(1)).get("/api/v1/environments").then().statusCode(401);
        given().get("/api/v1/tokens").then().body("find { it.id == '" + id + "' }.usable", equalTo(false));
    }

    private RequestSpecification as(Who who) {
        return (who == Who.ANONYMOUS ? RestAssured.given() : bearer(tokens.get(who))).redirects().follow(false);
    }

    private static RequestSpecification bearer(String secret) {
        return RestAssured.given().header("Authorization", "Bearer " + secret);
    }

    private static Response issue(String name, String role, List<String> repositories) {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role, "repositories", repositories))
                .post("/api/v1/tokens");
        response.then().statusCode(201);
        return response;
    }

    private static String readyEnvironment(String repository, String branch) {
        Response posted = post(body(repository, branch, commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }
}
