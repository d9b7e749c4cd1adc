package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static io.driftless.server.Requests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class EnvironmentApiTest {

    @Test
    void askingForAnEnvironmentAnswers202WithIdsPhaseAndUrls() {
        String repository = uniqueRepository();
        Map<String, Object> request = body(repository, "feature/login", commit());
        request.put("pullRequest", 42);
        request.put("headRepository", "alice/shop");
        request.put("port", 9090);

        post(request).then()
                .statusCode(202)
                .header("Location", containsString("/api/v1/environments/"))
                .body("environmentId", notNullValue())
                .body("revisionId", notNullValue())
                .body("revisionNumber", equalTo(1))
                .body("phase", equalTo("QUEUED"))
                .body("statusUrl", containsString("/api/v1/environments/"))
                .body("url", matchesPattern("http://feature-login--shop-[0-9a-f]{10}\\.preview\\.localhost/"))
                .body("revisionUrl",
                        matchesPattern("http://r-[0-9a-f]{8}--feature-login--shop-[0-9a-f]{10}\\.preview\\.localhost/"));
    }

    @Test
    void theSameRequestAgainReturnsTheSameRevisionWith200() {
        Map<String, Object> request = body(uniqueRepository(), "main", commit());
        Response first = post(request);
        first.then().statusCode(202);

        Response second = post(request);

        second.then().statusCode(200).body("created", equalTo(false));
        assertThat(second.<String>path("revisionId")).isEqualTo(first.path("revisionId"));
        assertThat(second.<String>path("environmentId")).isEqualTo(first.path("environmentId"));
        given().get("/api/v1/environments/" + first.path("environmentId")).then().body("revisions", hasSize(1));
    }

    @Test
    void aNewCommitOnTheSameBranchAddsARevisionToTheSameEnvironment() {
        String repository = uniqueRepository();
        String environment = post(body(repository, "main", commit())).path("environmentId");

        Response second = post(body(repository, "main", commit()));

        second.then().statusCode(202).body("revisionNumber", equalTo(2));
        assertThat(second.<String>path("environmentId")).isEqualTo(environment);
        awaitPhase(environment, "READY").then()
                .body("revisions", hasSize(2))
                .body("revisions[0].number", equalTo(2))
                .body("revisions[1].number", equalTo(1));
    }

    @Test
    void aForkOfTheSameBranchGetsItsOwnEnvironment() {
        String repository = uniqueRepository();
        String base = post(body(repository, "main", commit())).path("environmentId");
        Map<String, Object> fork = body(repository, "main", commit());
        fork.put("headRepository", "alice/shop");

        String forked = post(fork).path("environmentId");

        assertThat(forked).isNotEqualTo(base);
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        String repository = uniqueRepository();
        String id = post(body(repository, "main", commit())).path("environmentId");

        given().get("/api/v1/environments/" + id).then()
                .body("headRepository", equalTo(repository))
                .body("pullRequest", equalTo(null))
                .body("revisions[0].port", equalTo(8080));
    }

    @Test
    void anEnvironmentShowsEachRevisionsPhaseChangesWithTimesAndItsUrl() {
        String id = post(body(uniqueRepository(), "feature/history", commit())).path("environmentId");

        awaitPhase(id, "READY").then()
                .body("status", equalTo("ACTIVE"))
                .body("currentRevisionId", notNullValue())
                .body("revisions[0].phase", equalTo("READY"))
                .body("revisions[0].url", containsString("preview.localhost"))
                .body("revisions[0].failureReason", equalTo(null))
                .body("revisions[0].phases.phase", equalTo(List.of("QUEUED", "DEPLOYING", "READY")))
                .body("revisions[0].phases.at", hasSize(3));
    }

    @Test
    void theListFiltersByRepositoryAndPhaseIsPagedAndNewestFirst() {
        String repository = uniqueRepository();
        String older = post(body(repository, "one", commit())).path("environmentId");
        String newer = post(body(repository, "two", commit())).path("environmentId");
        post(body(uniqueRepository(), "elsewhere", commit()));
        awaitPhase(older, "READY");
        awaitPhase(newer, "READY");

        given().queryParam("repository", repository).get("/api/v1/environments").then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", equalTo(List.of(newer, older)));
        given().queryParam("repository", repository).queryParam("size", 1).queryParam("page", 1)
                .get("/api/v1/environments").then()
                .body("items.id", equalTo(List.of(older)))
                .body("total", equalTo(2));
        given().queryParam("repository", repository).queryParam("phase", "READY").get("/api/v1/environments").then()
                .body("total", equalTo(2));
        given().queryParam("repository", repository).queryParam("phase", "FAILED").get("/api/v1/environments").then()
                .body("total", equalTo(0));
    }

    @Test
    void aRevisionCanBeReadOnItsOwn() {
        Response posted = post(body(uniqueRepository(), "main", commit()));

        given().get("/api/v1/revisions/" + posted.path("revisionId")).then()
                .statusCode(200)
                .body("environmentId", equalTo(posted.path("environmentId")))
                .body("phases.phase", hasItem("QUEUED"));
    }

    @Test
    void tearingDownAnswers202AndTheEnvironmentReachesTornDown() {
        String id = post(body(uniqueRepository(), "main", commit())).path("environmentId");
        awaitPhase(id, "READY");

        given().delete("/api/v1/environments/" + id).then().statusCode(202);

        awaitPhase(id, "TORN_DOWN").then()
                .body("status", equalTo("TORN_DOWN"))
                .body("tornDownAt", notNullValue())
                .body("currentRevisionId", equalTo(null))
                .body("revisions[0].phases.phase", hasItem("TEARING_DOWN"));
        // asking again changes nothing
        given().delete("/api/v1/environments/" + id).then().statusCode(202).body("status", equalTo("TORN_DOWN"));
    }

    @Test
    void aTornDownBranchAskedForAgainGetsAFreshEnvironment() {
        String repository = uniqueRepository();
        String first = post(body(repository, "main", commit())).path("environmentId");
        given().delete("/api/v1/environments/" + first).then().statusCode(202);
        awaitPhase(first, "TORN_DOWN");

        Response again = post(body(repository, "main", commit()));

        again.then().statusCode(202).body("revisionNumber", equalTo(1));
        assertThat(again.<String>path("environmentId")).isNotEqualTo(first);
    }

    // --- bad input: problem+json, a message per field, nothing written ---------------------------

    static Response postRaw(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/v1/environments");
    }

    static int environmentCount() {
        return given().queryParam("size", 1).get("/api/v1/environments").path("total");
    }

    static void assertRefused(Response response, String field, String messagePart) {
        response.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(messagePart));
    }

    @Test
    void malformedJsonIsRefused() {
        int before = environmentCount();

        postRaw("{\"repository\": \"acme/shop\", ").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        assertThat(environmentCount()).isEqualTo(before);
    }

    @Test
    void anEmptyBodyIsRefused() {
        given().contentType(ContentType.JSON).post("/api/v1/environments").then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aRepositoryNotOfTheFormOwnerSlashNameIsRefused() {
        int before = environmentCount();
        assertRefused(post(body("just-a-name", "main", commit())), "repository", "owner/name");
        assertThat(environmentCount()).isEqualTo(before);
    }

    @Test
    void aCommitThatIsNot40HexCharactersIsRefused() {
        assertRefused(post(body(uniqueRepository(), "main", "abc123")), "commit", "40 hexadecimal");
        assertRefused(post(body(uniqueRepository(), "main", "z".repeat(40))), "commit", "40 hexadecimal");
    }

    @Test
    void aBranchGitWouldRejectIsRefused() {
        int before = environmentCount();
        for (String branch : List.of("has space", "a..b", "trailing/", "x.lock", "-leading", "what?")) {
            assertRefused(post(body(uniqueRepository(), branch, commit())), "branch", "git accepts");
        }
        assertThat(environmentCount()).isEqualTo(before);
    }

    @Test
    void anImageNotPinnedByDigestIsRefused() {
        Map<String, Object> request = body(uniqueRepository(), "main", commit());
        request.put("image", "registry.example.com/shop:latest");

        assertRefused(post(request), "image", "pinned by digest");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        Map<String, Object> request = body(uniqueRepository(), "main", commit());
        request.put("port", 70000);
        assertRefused(post(request), "port", "1 to 65535");
        request.put("port", 0);
        assertRefused(post(request), "port", "1 to 65535");
        request.put("port", "eighty");
        assertRefused(post(request), "port", "wrong type");
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        postRaw("{\"repository\":\"x\",\"branch\":\"a b\",\"commit\":\"1\",\"image\":\"shop\"}").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("branch", "commit", "image", "repository")));
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        postRaw("{}").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("branch", "commit", "image", "repository")));
    }

    @Test
    void anUnknownFieldIsRefusedSoATypoIsNotLost() {
        Map<String, Object> request = body(uniqueRepository(), "main", commit());
        request.put("pullrequest", 42);

        assertRefused(post(request), "pullrequest", "not a known field");
    }

    @Test
    void anUnknownEnvironmentIs404() {
        given().get("/api/v1/environments/1d7a3e0e-0000-4000-8000-000000000000").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("1d7a3e0e-0000-4000-8000-000000000000"));
        given().get("/api/v1/environments/not-an-id").then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/v1/environments/1d7a3e0e-0000-4000-8000-000000000000").then().statusCode(404);
        given().get("/api/v1/revisions/1d7a3e0e-0000-4000-8000-000000000000").then().statusCode(404);
    }

    @Test
    void badListParametersAreRefused() {
        given().queryParam("phase", "NAPPING").get("/api/v1/environments").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("phase"));
        given().queryParam("size", 1000).get("/api/v1/environments").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("size"));
    }

    // --- operators ----------------------------------------------------------------------------

    @Test
    void theOpenApiDocumentDescribesTheEnvironmentsApi() {
        given().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/environments"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/environments/{id}"));
    }

    @Test
    void healthIsUpAndSaysTheClusterIsReachable() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kubernetes' }.status", equalTo("UP"));
    }
}
