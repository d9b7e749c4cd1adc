package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Local users, for installations without GitHub or OpenID Connect: an admin adds one through
 * /api/v1/users and gets its password once; the user logs in through the login form and sees only its
 * repositories; disabling, a password reset and deleting end its sessions; the last enabled admin stays;
 * every change is audited without a password.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class LocalUsersFlowTest {

    @Test
    void anAddedReviewerLogsInWithTheShownPasswordAndSeesOnlyItsRepositories() {
        String mine = uniqueRepository();
        String other = uniqueRepository();
        String myEnvironment = readyEnvironment(mine);
        String otherEnvironment = readyEnvironment(other);
        String name = uniqueName();

        Response added = add(name, "reviewer", List.of(mine.toUpperCase()));
        added.then().statusCode(201)
                .body("user.username", equalTo(name))
                .body("user.role", equalTo("reviewer"))
                .body("user.repositories", equalTo(List.of(mine)))
                .body("user.enabled", equalTo(true))
                .body("user.createdBy", equalTo("token:bootstrap-admin"))
                .body("user", not(hasKey("passwordHash")));
        String password = added.path("password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);

        Map<String, String> session = logIn(name, password);
        String list = page(session, "/").then().statusCode(200).extract().asString();
        assertThat(list).contains(myEnvironment).doesNotContain(otherEnvironment).contains("user:" + name);
        page(session, "/environments/" + myEnvironment).then().statusCode(200);
        page(session, "/environments/" + otherEnvironment).then().statusCode(403);
        // a reviewer: no admin pages
        page(session, "/users").then().statusCode(403);
        page(session, "/policies").then().statusCode(403);

        // never a password or its hash in the list or in the audit trail
        String users = given().get("/api/v1/users").then().statusCode(200)
                .body("find { it.username == '" + name + "' }.role", equalTo("reviewer"))
                .extract().asString();
        assertThat(users).doesNotContain(password).doesNotContain("$2b$").doesNotContain("passwordHash");
        Response audit = given().get("/api/v1/audit?kind=USER_ADDED");
        audit.then().statusCode(200);
        assertThat(audit.asString()).contains(name).doesNotContain(password).doesNotContain("$2b$");
    }

    @Test
    void aDisabledUserCannotLogInAndItsSessionEndsAtOnce() {
        String name = uniqueName();
        String password = add(name, "reviewer", List.of("*")).path("password");
        Map<String, String> session = logIn(name, password);
        page(session, "/").then().statusCode(200);

        given().contentType(ContentType.JSON).post("/api/v1/users/" + name + "/disable").then().statusCode(200)
                .body("enabled", equalTo(false));

        assertRefused(session);
        assertLoginRefused(name, password);
        given().get("/api/v1/users/" + name).then().body("enabled", equalTo(false));

        given().contentType(ContentType.JSON).post("/api/v1/users/" + name + "/enable").then().statusCode(200)
                .body("enabled", equalTo(true));
        assertRefused(session);
        page(logIn(name, password), "/").then().statusCode(200);
        assertThat(actions(name)).contains("USER_ADDED", "USER_DISABLED", "USER_ENABLED");
    }

    @Test
    void aPasswordResetRefusesTheOldPasswordAndTheOldSessionsAndTheNewPasswordWorks() {
        String name = uniqueName();
        String old = add(name, "admin", List.of("*")).path("password");
        Map<String, String> session = logIn(name, old);
        page(session, "/users").then().statusCode(200);

        Response reset = given().contentType(ContentType.JSON).post("/api/v1/users/" + name + "/password");
        reset.then().statusCode(200).body("user.username", equalTo(name));
        String fresh = reset.path("password");
        assertThat(fresh).isNotEqualTo(old).hasSizeGreaterThanOrEqualTo(20);

        assertRefused(session);
        assertLoginRefused(name, old);
        page(logIn(name, fresh), "/users").then().statusCode(200);
        Response audit = given().get("/api/v1/audit?kind=USER_PASSWORD_RESET");
        assertThat(audit.asString()).contains(name).doesNotContain(fresh).doesNotContain(old);
    }

    @Test
    void aDeletedUserIsGoneWithItsSessions() {
        String name = uniqueName();
        String password = add(name, "reviewer", List.of("*")).path("password");
        Map<String, String> session = logIn(name, password);

        given().delete("/api/v1/users/" + name).then().statusCode(204);

        assertRefused(session);
        assertLoginRefused(name, password);
        given().get("/api/v1/users/" + name).then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/v1/users/" + name).then().statusCode(404);
        assertThat(actions(name)).contains("USER_DELETED");
    }

    @Test
    void aChangedRoleAndScopeTakeEffectOnTheOpenSessionAndAreAudited() {
        String repository = uniqueRepository();
        String environment = readyEnvironment(repository);
        String name = uniqueName();
        String password = add(name, "reviewer", List.of(uniqueRepository())).path("password");
        Map<String, String> session = logIn(name, password);
        page(session, "/environments/" + environment).then().statusCode(403);

        given().contentType(ContentType.JSON).body(Map.of("role", "reviewer", "repositories", List.of(repository)))
                .put("/api/v1/users/" + name).then().statusCode(200)
                .body("repositories", equalTo(List.of(repository)));

        page(session, "/environments/" + environment).then().statusCode(200);
        Response audit = given().get("/api/v1/audit?kind=USER_CHANGED");
        assertThat(audit.<List<String>>path("items.findAll { it.detail.contains('" + name + "') }.after"))
                .singleElement().asString().contains(repository);
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledDeletedOrMadeAReviewer() {
        // only the admin Driftless made on its first start stays an enabled admin
        List<String> admins = given().get("/api/v1/users").path("findAll { it.role == 'admin' && it.enabled }.username");
        admins.stream().filter(a -> !a.equals("admin"))
                .forEach(a -> given().contentType(ContentType.JSON).post("/api/v1/users/" + a + "/disable")
                        .then().statusCode(200));

        given().contentType(ContentType.JSON).post("/api/v1/users/admin/disable").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("last enabled admin"));
        given().delete("/api/v1/users/admin").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("role", "reviewer", "repositories", List.of("*")))
                .put("/api/v1/users/admin").then().statusCode(409);
        given().get("/api/v1/users/admin").then().body("enabled", equalTo(true)).body("role", equalTo("admin"));
        // the built-in admin still logs in
        page(logIn("admin", Requests.ADMIN_PASSWORD), "/users").then().statusCode(200);

        // with a second admin, the first may be disabled, and enabled again by the second
        String second = uniqueName();
        add(second, "admin", List.of("*")).then().statusCode(201);
        given().contentType(ContentType.JSON).post("/api/v1/users/admin/disable").then().statusCode(200);
        try {
            given().contentType(ContentType.JSON).post("/api/v1/users/" + second + "/disable").then().statusCode(409);
        } finally {
            given().contentType(ContentType.JSON).post("/api/v1/users/admin/enable").then().statusCode(200);
        }
    }

    @Test
    void badInputIsRefusedNamingEachFieldAndATakenNameIsAConflict() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "Not Valid", "role", "bot", "repositories", List.of("not a repo")))
                .post("/api/v1/users").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("username", "role", "repositories"));
        given().contentType(ContentType.JSON).body(Map.of("username", uniqueName(), "role", "reviewer",
                "repositories", List.of())).post("/api/v1/users").then().statusCode(400)
                .body("errors.field", equalTo(List.of("repositories")));
        given().contentType(ContentType.JSON).body(Map.of("username", uniqueName()))
                .post("/api/v1/users").then().statusCode(400)
                .body("errors.field", hasItems("role", "repositories"));
        given().contentType(ContentType.JSON).post("/api/v1/users").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("username", uniqueName(), "role", "admin",
                "repositories", List.of("*"), "password", "chosen")).post("/api/v1/users").then().statusCode(400)
                .body("errors.field", equalTo(List.of("password")));

        String name = uniqueName();
        add(name, "reviewer", List.of("*")).then().statusCode(201);
        add(name, "admin", List.of("*")).then().statusCode(409).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("role", "root", "repositories", List.of("*")))
                .put("/api/v1/users/" + name).then().statusCode(400).body("errors.field", equalTo(List.of("role")));
        given().contentType(ContentType.JSON).post("/api/v1/users/nobody-" + UUID.randomUUID() + "/password")
                .then().statusCode(404);
        assertThat(given().get("/api/v1/users").<List<String>>path("username")).doesNotContain("not valid", "Not Valid");
    }

    @Test
    void theUsersPageAddsAUserShowingItsPasswordOnceAndRefusesBadInputNamingTheField() {
        Requests.UiSession admin = Requests.logIn();
        Response refused = admin.submitWith("/users", "/users",
                Map.of("username", "Not Valid", "role", "reviewer", "repositories", "not a repo"));
        refused.then().statusCode(400);
        assertThat(refused.asString()).contains("User name: must be").contains("Repositories: &#39;not&#39; must be of the form owner/name")
                .contains("value=\"Not Valid\"");

        String name = uniqueName();
        Response added = admin.submitWith("/users", "/users", Map.of("username", name, "role", "admin",
                "repositories", "*"));
        added.then().statusCode(200);
        java.util.regex.Matcher password = java.util.regex.Pattern
                .compile("<pre class=\"secret\" id=\"password\">([A-Za-z0-9]{20})</pre>").matcher(added.asString());
        assertThat(password.find()).as("the password is shown").isTrue();
        page(logIn(name, password.group(1)), "/users").then().statusCode(200);
        assertThat(admin.given().get("/users").asString()).contains(name).doesNotContain(password.group(1));

        admin.submitWith("/users", "/users", Map.of("username", name, "role", "reviewer", "repositories", "*"))
                .then().statusCode(409);
    }

    @Test
    void theApiTakesNoSessionCookieOnlyTokens() {
        Map<String, String> admin = logIn("admin", Requests.ADMIN_PASSWORD);
        RestAssured.given().cookies(admin).get("/api/v1/users").then().statusCode(401);
    }

    private static Response add(String name, String role, List<String> repositories) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "role", role, "repositories", repositories))
                .post("/api/v1/users");
    }

    private static String uniqueName() {
        return "u-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> logIn(String name, String password) {
        Response answer = Requests.postLogin(name, password, RestAssured.given());
        answer.then().statusCode(302).header("Location", not(org.hamcrest.Matchers.containsString("error")));
        return answer.cookies();
    }

    private static void assertLoginRefused(String name, String password) {
        Requests.postLogin(name, password, RestAssured.given()).then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/login?error=true"));
    }

    private static Response page(Map<String, String> session, String path) {
        return RestAssured.given().cookies(session).redirects().follow(false).get(path);
    }

    /** The session no longer opens a page: the login form is asked for instead. */
    private static void assertRefused(Map<String, String> session) {
        page(session, "/").then().statusCode(302).header("Location", org.hamcrest.Matchers.endsWith("/login"));
    }

    private static List<String> actions(String name) {
        return given().get("/api/v1/audit?size=200").path("items.findAll { it.detail.contains('" + name + "') }.kind");
    }

    private static String readyEnvironment(String repository) {
        Response posted = post(body(repository, "main", commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }
}
