package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Reviewers sign in with GitHub, and what they see and may do follows their permissions on GitHub: read shows a
 * repository's environments, write lets them change them, the admin team makes admins, and a repository they
 * cannot read does not exist for them.
 */
@QuarkusTest
@TestProfile(GitHubSignInTest.WithGitHub.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class GitHubSignInTest {

    public static class WithGitHub implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GitHubOAuth.class));
        }
    }

    /** Quarkus OIDC's session cookie of the github tenant. */
    private static final String LOGOUT_COOKIE = "q_session_github";

    @Inject
    TestClock clock;

    @Test
    void aReaderSeesOnlyTheirRepositoryAndCannotChangeIt() {
        String mine = uniqueRepository();
        String other = uniqueRepository();
        String visible = environment(mine);
        String hidden = environment(other);
        GitHubOAuth.user("reader", Map.of(mine, "read"));

        Map<String, String> session = signedIn("reader", "/environments/" + visible);
        Response page = page(session, "/environments/" + visible);
        page.then().statusCode(200);
        assertThat(page.asString()).contains("github:reader");
        assertThat(page(session, "/").asString()).contains(visible).doesNotContain(hidden).doesNotContain(other);
        // another repository's environment does not exist for them: 404, not 403
        page(session, "/environments/" + hidden).then().statusCode(404);
        // reading is not writing: no buttons, and a teardown posted anyway (with a CSRF token) is refused
        assertThat(page.asString()).doesNotContain("id=\"teardown\"").doesNotContain("id=\"extend\"");
        assertThat(tearDown(session, visible)).isEqualTo(403);
        page(session, "/audit").then().statusCode(403);
    }

    @Test
    void aReaderAndAWriterOfTwoRepositoriesSeeAndChangeWhatGitHubAllows() {
        String a = uniqueRepository();
        String b = uniqueRepository();
        String inA = environment(a);
        String inB = environment(b);
        GitHubOAuth.user("alpha", Map.of(a, "triage", b, "maintain"));
        GitHubOAuth.user("beta", Map.of(a, "admin"));
        Map<String, String> alpha = signedIn("alpha", "/");
        Map<String, String> beta = signedIn("beta", "/");

        assertThat(page(alpha, "/").asString()).contains(inA).contains(inB);
        assertThat(page(beta, "/").asString()).contains(inA).doesNotContain(inB);
        page(alpha, "/environments/" + inB).then().statusCode(200);
        page(beta, "/environments/" + inB).then().statusCode(404);
        page(beta, "/fragments/environments/" + inB).then().statusCode(404);
        page(beta, "/ui/events?environment=" + inB).then().statusCode(404);

        assertThat(tearDown(alpha, inA)).as("triage on a").isEqualTo(403);
        assertThat(tearDown(beta, inB)).as("nothing on b").isEqualTo(404);
        assertThat(tearDown(alpha, inB)).as("maintain on b").isEqualTo(303);
        assertThat(tearDown(beta, inA)).as("admin on a").isEqualTo(303);
        awaitPhase(inA, "TORN_DOWN");
        awaitPhase(inB, "TORN_DOWN");
    }

    /**
     * The authorization matrix for GitHub users, on every page and page action of an environment: a reader
     * sees and may not act, a writer sees and acts, someone who cannot read the repository finds nothing
     * there (404), and none of them reaches an admin page or an admin action.
     */
    @Test
    void githubReadersWritersAndOutsidersGetExactlyTheirRightsOnEveryPageAndAction() {
        String repository = uniqueRepository();
        String id = environment(repository);
        String revision = Requests.given().get("/api/v1/environments/" + id).then().statusCode(200).extract()
                .path("revisions[0].id");
        GitHubOAuth.user("m-reader", Map.of(repository, "read"));
        GitHubOAuth.user("m-writer", Map.of(repository, "write"));
        GitHubOAuth.user("m-outsider", Map.of(uniqueRepository(), "admin"));
        Map<String, String> reader = signedIn("m-reader", "/");
        Map<String, String> writer = signedIn("m-writer", "/");
        Map<String, String> outsider = signedIn("m-outsider", "/");

        for (String view : List.of("/environments/" + id, "/fragments/environments/" + id,
                "/environments/" + id + "/revisions/1", "/environments/" + id + "/qr.svg")) {
            assertThat(page(reader, view).statusCode()).as("reader: GET " + view).isEqualTo(200);
            assertThat(page(writer, view).statusCode()).as("writer: GET " + view).isEqualTo(200);
            assertThat(page(outsider, view).statusCode()).as("outsider: GET " + view).isEqualTo(404);
        }
        for (String admin : List.of("/policies", "/users", "/audit", "/cluster", "/environments/new")) {
            for (Map<String, String> person : List.of(reader, writer, outsider)) {
                assertThat(page(person, admin).statusCode()).as("GET " + admin).isEqualTo(403);
            }
        }
        for (String adminAction : List.of("/environments/" + id + "/pin", "/environments/" + id + "/unpin")) {
            for (Map<String, String> person : List.of(reader, writer, outsider)) {
                assertThat(postForm(person, adminAction)).as("POST " + adminAction).isEqualTo(403);
            }
        }
        // the teardown last: it ends the environment the others act on
        for (String action : List.of("/environments/" + id + "/extend", "/environments/" + id + "/wake",
                "/environments/" + id + "/rollback/" + revision, "/environments/" + id + "/redeploy/" + revision,
                "/environments/" + id + "/teardown")) {
            assertThat(postForm(reader, action)).as("reader: POST " + action).isEqualTo(403);
            assertThat(postForm(outsider, action)).as("outsider: POST " + action).isEqualTo(404);
            assertThat(postForm(writer, action)).as("writer: POST " + action).isNotIn(401, 403, 404).isLessThan(500);
        }
        awaitPhase(id, "TORN_DOWN");
    }

    @Test
    void aWriterTearsDown() {
        String repository = uniqueRepository();
        String environment = environment(repository);
        GitHubOAuth.user("writer", Map.of(repository, "write"));

        Map<String, String> session = signedIn("writer", "/environments/" + environment);
        assertThat(page(session, "/environments/" + environment).asString()).contains("id=\"teardown\"");
        Requests.session(session).submit("/environments/" + environment, "/environments/" + environment + "/teardown")
                .then().statusCode(303);
        awaitPhase(environment, "TORN_DOWN");
    }

    @Test
    void aMemberOfTheAdminTeamIsAdmin() {
        String environment = environment(uniqueRepository());
        GitHubOAuth.user("boss", Map.of());
        GitHubOAuth.teamMember("boss");

        Map<String, String> session = signedIn("boss", "/environments/" + environment);
        page(session, "/environments/" + environment).then().statusCode(200);
        page(session, "/audit").then().statusCode(200);
    }

    @Test
    void aPermissionRemovedOnGitHubTakesEffectAfterTheTtl() {
        String repository = uniqueRepository();
        String environment = environment(repository);
        GitHubOAuth.user("leaver", Map.of(repository, "read"));
        Map<String, String> session = signedIn("leaver", "/environments/" + environment);
        page(session, "/environments/" + environment).then().statusCode(200);

        GitHubOAuth.repositories("leaver", Map.of());
        clock.advance(Duration.ofSeconds(61));
        page(session, "/environments/" + environment).then().statusCode(404);
    }

    @Test
    void anOutageKeepsWhoWasInUntilTheTtlAndAdmitsNoOneNew() {
        String repository = uniqueRepository();
        String environment = environment(repository);
        GitHubOAuth.user("steady", Map.of(repository, "read"));
        GitHubOAuth.user("newcomer", Map.of(repository, "read"));
        Map<String, String> session = signedIn("steady", "/environments/" + environment);

        GitHubOAuth.answerRepositories("steady", aResponse().withStatus(503));
        GitHubOAuth.answerRepositories("newcomer", aResponse().withStatus(503));
        page(session, "/environments/" + environment).then().statusCode(200);
        Response refused = page(signedIn("newcomer", "/environments/" + environment), "/environments/" + environment);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.asString()).contains("GitHub is unavailable").doesNotContain(environment);

        clock.advance(Duration.ofSeconds(61));
        Response expired = page(session, "/environments/" + environment);
        assertThat(expired.statusCode()).isEqualTo(503);
        assertThat(expired.asString()).contains("GitHub is unavailable");
    }

    @Test
    void anExhaustedRateLimitIsWaitedOut() {
        String environment = environment(uniqueRepository());
        GitHubOAuth.user("busy", Map.of());
        long reset = clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
        GitHubOAuth.answerRepositories("busy", aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", Long.toString(reset)));

        Map<String, String> session = signedIn("busy", "/environments/" + environment);
        Response first = page(session, "/environments/" + environment);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.asString()).contains("rate limit");
        page(session, "/").then().statusCode(503);
        page(signedIn("busy", "/"), "/").then().statusCode(503);
        // GitHub is not asked again before the reset
        assertThat(GitHubOAuth.repositoryReads("busy")).isEqualTo(1);
    }

    @Test
    void theLoginPageOffersGitHubAndLogoutEndsTheSession() {
        assertThat(RestAssured.get("/login").asString()).contains("Sign in with GitHub");
        String repository = uniqueRepository();
        String environment = environment(repository);
        GitHubOAuth.user("visitor", Map.of(repository, "triage"));
        Map<String, String> session = signedIn("visitor", "/");

        page(session, "/environments/" + environment).then().statusCode(200);

        Response out = Requests.session(session).submit("/", "/logout");
        out.then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/login?out=true"));
        assertThat(out.cookie(LOGOUT_COOKIE)).isEmpty();
        page(out.cookies(), "/environments/" + environment).then().statusCode(302);
    }

    /** A READY environment of the repository, requested by the bootstrap admin token. */
    static String environment(String repository) {
        String id = post(body(repository, "main", commit())).path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }

    /** The sign-in through GitHub's authorize page; answers the callback. */
    private static Response signIn(String login, String page) {
        Response toGitHub = RestAssured.given().redirects().follow(false).get(page);
        toGitHub.then().statusCode(302);
        URI authorize = URI.create(toGitHub.header("Location"));
        assertThat(authorize.getPath()).isEqualTo("/login/oauth/authorize");
        Map<String, String> query = query(authorize);
        assertThat(query).containsEntry("client_id", "driftless-oauth-app");
        return RestAssured.given().redirects().follow(false).cookies(toGitHub.cookies())
                .queryParam("code", login + "-code").queryParam("state", query.get("state"))
                .get("/oidc/callback");
    }

    private static Map<String, String> signedIn(String login, String page) {
        Response callback = signIn(login, page);
        callback.then().statusCode(302);
        Map<String, String> session = new HashMap<>(callback.cookies());
        assertThat(session.keySet()).anyMatch(name -> name.startsWith("q_session"));
        return session;
    }

    /** Posts a teardown of the environment with the CSRF token of the user's home page; the status. */
    private static int tearDown(Map<String, String> session, String environment) {
        return postForm(session, "/environments/" + environment + "/teardown");
    }

    /** Posts an empty form to {@code path} with the CSRF token of the user's home page; the status. */
    private static int postForm(Map<String, String> session, String path) {
        Response home = page(session, "/");
        Matcher csrf = Pattern.compile("name=\"([^\"]*csrf[^\"]*)\" value=\"([^\"]+)\"").matcher(home.asString());
        assertThat(csrf.find()).as("a CSRF token on the page").isTrue();
        Map<String, String> cookies = new HashMap<>(session);
        cookies.putAll(home.cookies());
        return RestAssured.given().redirects().follow(false).cookies(cookies)
                .contentType("application/x-www-form-urlencoded").formParam(csrf.group(1), csrf.group(2))
                .post(path).statusCode();
    }

    private static Response page(Map<String, String> session, String path) {
        return RestAssured.given().redirects().follow(false).cookies(session).get(path);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return values;
    }
}
