package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.api.github.GitHubDeliveries;
import io.driftless.api.github.WebhookSignature;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Pinning on (as on a real cluster) against a WireMock registry; and a server with no webhook secret,
 * which refuses every delivery. Deliveries are handed to the service directly here, as the receiver
 * would after checking a signature.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = RegistryStubResource.class, restrictToAnnotatedClass = true)
@TestProfile(PinnedImagesFlowTest.PinningOn.class)
class PinnedImagesFlowTest {

    public static class PinningOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("driftless.registry.pinning", "always", "driftless.github.webhook-secret", "",
                    "driftless.worker.retry.max-attempts", "2");
        }
    }

    private static final String DIGEST = "sha256:" + "7d".repeat(32);

    @Inject
    GitHubDeliveries deliveries;

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @Test
    void everyServiceOfAStackIsPinnedToItsOwnDigestAndRunsIt() {
        String host = RegistryStubResource.host();
        String webDigest = "sha256:" + "1a".repeat(32);
        String dbDigest = "sha256:" + "2b".repeat(32);
        RegistryStubResource.registry.stubFor(head(urlEqualTo("/v2/acme/web/manifests/2.0"))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", webDigest)));
        RegistryStubResource.registry.stubFor(head(urlEqualTo("/v2/acme/db/manifests/16"))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", dbDigest)));
        Map<String, Object> spec = Map.of("version", 1, "services", Map.of(
                "web", Map.of("image", host + "/acme/web:2.0", "port", 8080, "expose", true, "dependsOn", List.of("db")),
                "db", Map.of("image", host + "/acme/db:16", "port", 5432)));
        Map<String, Object> body = new java.util.HashMap<>(Map.of("repository", uniqueRepository(), "branch", "main",
                "commit", commit(), "spec", spec));

        String id = given().contentType(ContentType.JSON).body(body).post("/api/v1/environments")
                .then().statusCode(202).extract().path("environmentId");

        Response ready = awaitPhase(id, "READY");
        assertThat(ready.<List<String>>path("revisions[0].stack.services.pinnedImage"))
                .containsExactly(host + "/acme/db:16@" + dbDigest, host + "/acme/web:2.0@" + webDigest);
        String namespace = ready.path("revisions[0].namespace");
        assertThat(client.apps().deployments().inNamespace(namespace).withName("web").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo(host + "/acme/web:2.0@" + webDigest);
        assertThat(client.apps().deployments().inNamespace(namespace).withName("db").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo(host + "/acme/db:16@" + dbDigest);
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("findAll { it.action == 'IMAGE_PINNED' }.detail", org.hamcrest.Matchers.hasSize(2));
    }

    @Test
    void aTagIsPinnedOnceToItsDigestAndTheDeploymentRunsThePinnedReference() {
        String repository = uniqueRepository();
        String host = RegistryStubResource.host();
        given().contentType(ContentType.JSON).body(Map.of("imageTemplate", host + "/acme/shop:{sha}"))
                .put("/api/v1/repos/" + repository + "/settings").then().statusCode(200);
        String sha = commit();
        RegistryStubResource.registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/" + sha))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));

        deliver(repository, "opened", sha);

        String id = awaitEnvironment(repository);
        Response ready = awaitPhase(id, "READY");
        String tag = host + "/acme/shop:" + sha;
        assertThat(ready.<String>path("revisions[0].image")).isEqualTo(tag);
        assertThat(ready.<String>path("revisions[0].pinnedImage")).isEqualTo(tag + "@" + DIGEST);
        assertThat(ready.<Boolean>path("revisions[0].imagePinned")).isTrue();
        Deployment deployment = client.apps().deployments().inNamespace(ready.path("revisions[0].namespace"))
                .withName("app").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(tag + "@" + DIGEST);
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("find { it.action == 'IMAGE_PINNED' }.detail", containsString(DIGEST));
    }

    @Test
    void aTagTheRegistryDoesNotKnowFailsTheRevisionWithAClearReason() {
        String repository = uniqueRepository();
        given().contentType(ContentType.JSON)
                .body(Map.of("imageTemplate", RegistryStubResource.host() + "/acme/missing:{sha}"))
                .put("/api/v1/repos/" + repository + "/settings").then().statusCode(200);
        String sha = commit();

        deliver(repository, "opened", sha);

        Response failed = awaitPhase(awaitEnvironment(repository), "FAILED");
        assertThat(failed.<String>path("revisions[0].failureReason"))
                .contains("not found").contains("/acme/missing:" + sha).contains("HTTP 404");
        assertThat(failed.<Boolean>path("revisions[0].imagePinned")).isFalse();
    }

    @Test
    void withoutASecretEveryDeliveryIsRefusedSayingWhy() {
        byte[] body = "{\"zen\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        long before = deliveries.count();
        RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.sign("a guess", body)).body(body)
                .post("/webhooks/github").then()
                .statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("webhook secret is not set"));
        assertThat(deliveries.count()).isEqualTo(before);
    }

    private void deliver(String repository, String action, String sha) {
        String payload = """
                {"action": "%s", "number": 3, "repository": {"full_name": "%s"}, "sender": {"login": "octocat"},
                 "pull_request": {"number": 3, "state": "open", "draft": false, "merged": false, "labels": [],
                   "head": {"ref": "feature/pin", "sha": "%s", "repo": {"full_name": "%s"}},
                   "base": {"ref": "main", "sha": "%s", "repo": {"full_name": "%s"}}}}
                """.formatted(action, repository, sha, repository, sha, repository);
        deliveries.receive(UUID.randomUUID().toString(), "pull_request", payload);
    }

    private static String awaitEnvironment(String repository) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> given()
                .get("/api/v1/environments?repository=" + repository).<Integer>path("total") == 1);
        return given().get("/api/v1/environments?repository=" + repository).path("items[0].id");
    }
}
