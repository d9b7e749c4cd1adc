package io.driftless.server;

import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A request may give {@code build} instead of {@code image} or {@code spec}; what it may not do is refused
 * before anything is written, naming the field (or the build's key) to change. The accepted path belongs
 * to the build flow's own tests.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class BuildRequestValidationTest {

    private static final Map<String, Object> SPEC = Map.of("version", 1, "services",
            Map.of("web", Map.of("image", Requests.IMAGE, "port", 8080, "expose", true)));

    @Test
    void imageAndBuildTogetherAreRefusedAtBuild() {
        Map<String, Object> request = buildRequest(Map.of("context", "."));
        request.put("image", Requests.IMAGE);

        assertRefusedWithField(() -> post(request), "build", "give image or build, not both");
    }

    @Test
    void buildAndSpecTogetherAreRefusedAtBuild() {
        Map<String, Object> request = buildRequest(Map.of("context", "."));
        request.put("spec", SPEC);

        assertRefusedWithField(() -> post(request), "build", "give build or spec, not both");
    }

    @Test
    void aContextOutsideTheRepositoryIsRefusedAtBuildContext() {
        assertRefusedAtPath(() -> post(buildRequest(Map.of("context", "../x"))), "build.context",
                "context '../x' leaves its directory: no '..' segment");
    }

    @Test
    void theBranchEndpointRefusesTheSameBuildAtTheSamePath() {
        Map<String, Object> request = new HashMap<>();
        request.put("commit", commit());
        request.put("build", Map.of("context", "../x"));
        String path = "/api/v1/repos/" + uniqueRepository() + "/branches/main/environment";

        assertRefusedAtPath(() -> given().contentType(ContentType.JSON).body(request).put(path),
                "build.context",
                "context '../x' leaves its directory: no '..' segment");
    }

    @Test
    void anUnknownKeyInABuildIsRefusedWithTheKeyItWasProbablyMeantToBe() {
        assertRefusedAtPath(() -> post(buildRequest(Map.of("context", ".", "dockerFile", "Dockerfile"))),
                "build.dockerFile", "unknown key 'dockerFile' (did you mean 'dockerfile'?)");
    }

    private static Map<String, Object> buildRequest(Map<String, Object> build) {
        Map<String, Object> request = body(uniqueRepository(), "main", commit());
        request.remove("image");
        request.put("build", build);
        return request;
    }

    /** Refused by the request's own validation: a field named, nothing written. */
    private static void assertRefusedWithField(Supplier<Response> send, String field, String message) {
        int before = EnvironmentApiTest.environmentCount();
        Response response = send.get();
        EnvironmentApiTest.assertRefused(response, field, message);
        response.then().body("errors.field", equalTo(List.of(field)));
        assertThat(EnvironmentApiTest.environmentCount()).isEqualTo(before);
    }

    /** Refused by the spec parser: the build's key by its path, nothing written. */
    private static void assertRefusedAtPath(Supplier<Response> send, String path, String message) {
        int before = EnvironmentApiTest.environmentCount();
        Response response = send.get();
        response.then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", equalTo(List.of(path)))
                .body("errors.message", hasItem(containsString(message)));
        assertThat(EnvironmentApiTest.environmentCount()).isEqualTo(before);
    }
}
