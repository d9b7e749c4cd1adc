package io.driftless.server;

import static io.driftless.server.Requests.IMAGE;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.github.GitHubDeliveries;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

/**
 * A branch environment made through the bot API goes when GitHub's signed {@code delete} event says its
 * branch was deleted; deleting a tag of the same name changes nothing.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class BranchDeletedFlowTest {

    @Inject
    GitHubDeliveries deliveries;

    @Test
    void aDeletedBranchTakesItsEnvironmentWithItAndADeletedTagOfTheSameNameChangesNothing() {
        String repository = uniqueRepository();
        String branch = "feature/gone";
        String id = given().contentType(ContentType.JSON).body(Map.of("commit", commit(), "image", IMAGE))
                .put("/api/v1/repos/" + repository + "/branches/" + branch + "/environment").then().statusCode(202)
                .extract().path("environmentId");
        awaitPhase(id, "READY");
        String other = given().contentType(ContentType.JSON).body(Map.of("commit", commit(), "image", IMAGE))
                .put("/api/v1/repos/" + repository + "/branches/feature/stays/environment").then().statusCode(202)
                .extract().path("environmentId");
        awaitPhase(other, "READY");

        assertThat(Webhooks.process(deliveries, "delete", deleted(repository, branch, "tag")))
                .isEqualTo("ignored: only deleted branches are acted on");
        assertThat(status(id)).isEqualTo("ACTIVE");

        assertThat(Webhooks.process(deliveries, "delete", deleted(repository, branch, "branch")))
                .startsWith("tearing down").endsWith("branch " + branch + " was deleted");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> "TORN_DOWN".equals(status(id)));
        assertThat(given().get("/api/v1/environments/" + id).<String>path("endedBy"))
                .isEqualTo("branch " + branch + " was deleted");
        List<Map<String, String>> events = given().get("/api/v1/environments/" + id + "/events").path("");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo("TEARDOWN_REQUESTED");
            assertThat(e.get("actor")).isEqualTo(AuditEvent.GITHUB);
        });
        assertThat(status(other)).isEqualTo("ACTIVE");
    }

    /** GitHub's {@code delete} event: a branch or tag was deleted. */
    private static ObjectNode deleted(String repository, String ref, String refType) {
        ObjectNode payload = Webhooks.JSON.createObjectNode().put("ref", ref).put("ref_type", refType)
                .put("pusher_type", "user");
        payload.putObject("repository").put("full_name", repository).put("name", repository.split("/")[1]);
        payload.putObject("sender").put("login", "octocat");
        return payload;
    }

    private static String status(String environmentId) {
        return given().get("/api/v1/environments/" + environmentId).path("status");
    }
}
