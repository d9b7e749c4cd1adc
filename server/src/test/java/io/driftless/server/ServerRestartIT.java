package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Runs the packaged server on its embedded defaults, kills it with SIGKILL, and starts it again on the
 * same data directory.
 */
@ExtendWith(KeepServerLogs.class)
class ServerRestartIT {

    private Path dataDir;
    private ServerProcess server;

    @BeforeEach
    void freshDataDirectory() throws Exception {
        dataDir = Files.createTempDirectory("driftless-restart-");
        server = new ServerProcess(dataDir, List.of("-Ddriftless.cluster.simulated.kubelet-delay=100ms"), Map.of());
    }

    @AfterEach
    void stopAndCleanUp() throws Exception {
        server.stop();
        ServerProcess.deleteRecursively(dataDir);
    }

    @Test
    void environmentsSurviveAKillDashNineAndTheNextStartWorks() throws Exception {
        server.start();
        Map<String, Object> request = Requests.body(Requests.uniqueRepository(), "feature/restart", Requests.commit());
        String id = server.api().contentType(ContentType.JSON).body(request).post("/api/v1/environments").then()
                .statusCode(202).extract().path("environmentId");
        server.awaitPhase(id, "READY", Duration.ofSeconds(30));

        server.kill(); // no shutdown hook runs, PostgreSQL is left behind
        server.start();

        server.api().get("/api/v1/environments/" + id).then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("revisions.size()", equalTo(1));
        awaitReadyAgain(id); // the simulated cluster was empty: recreated by the resync at start
        server.api().contentType(ContentType.JSON).body(request).post("/api/v1/environments").then()
                .statusCode(200)
                .body("environmentId", equalTo(id));
        server.api().delete("/api/v1/environments/" + id).then().statusCode(202);
        server.awaitPhase(id, "TORN_DOWN", Duration.ofSeconds(30));
    }

    /** READY before the restart, DEPLOYING once the resync recreated it, READY again when available. */
    private void awaitReadyAgain(String id) {
        Awaitility.await("revision " + id + " recreated and READY again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    Response environment = server.api().get("/api/v1/environments/" + id);
                    assertThat(environment.<List<String>>path("revisions[0].phases.phase"))
                            .containsSubsequence("READY", "DEPLOYING", "READY");
                    assertThat(environment.<String>path("phase")).isEqualTo("READY");
                });
    }

    /**
     * The simulated cluster lives in memory: a restart empties it. The resync at start compares it with
     * the database and brings every READY revision back, through readiness again.
     */
    @Test
    void afterARestartTheResyncBringsEveryReadyRevisionBackIntoTheCluster() throws Exception {
        server.start();
        String repository = Requests.uniqueRepository();
        List<String> ids = new ArrayList<>();
        for (String branch : List.of("one", "two", "three")) {
            ids.add(server.api().contentType(ContentType.JSON).body(Requests.body(repository, branch, Requests.commit()))
                    .post("/api/v1/environments").then().statusCode(202).extract().path("environmentId"));
        }
        for (String id : ids) {
            server.awaitPhase(id, "READY", Duration.ofSeconds(30));
        }

        assertThat(server.stop()).isTrue();
        server.start();

        for (String id : ids) {
            awaitReadyAgain(id);
            // the heal is recorded just after the objects are created, so a moment after DEPLOYING
            Awaitility.await("the missing namespace on record, healed")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        Response environment = server.api().get("/api/v1/environments/" + id);
                        List<Map<String, Object>> drifts = environment.path("revisions[0].drifts");
                        assertThat(drifts).anySatisfy(d -> {
                            assertThat(d.get("objectKind")).isEqualTo("Namespace");
                            assertThat(d.get("cause")).isEqualTo("RESYNC");
                            assertThat(d.get("healedAt")).isNotNull();
                        });
                    });
        }
        try (KubernetesClient cluster = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(dataDir.resolve("kubeconfig")))).build()) {
            for (String id : ids) {
                String namespace = server.api().get("/api/v1/environments/" + id).path("revisions[0].namespace");
                assertThat(cluster.namespaces().withName(namespace).get()).as(namespace).isNotNull();
                assertThat(cluster.apps().deployments().inNamespace(namespace).withName("app").get()).isNotNull();
            }
        }
        server.api().get("/api/v1/resync").then().statusCode(200).body("state", equalTo("DONE"));
    }

    @Test
    void aGracefulStopAndStartKeepsEverything() throws Exception {
        server.start();
        String id = server.api().contentType(ContentType.JSON)
                .body(Requests.body(Requests.uniqueRepository(), "main", Requests.commit()))
                .post("/api/v1/environments").then().statusCode(202).extract().path("environmentId");
        server.awaitPhase(id, "READY", Duration.ofSeconds(30));

        assertThat(server.stop()).as("stops within a minute on SIGTERM").isTrue();
        server.start();

        server.api().get("/api/v1/environments/" + id).then().statusCode(200).body("revisions.size()", equalTo(1));
        awaitReadyAgain(id);
        assertThat(server.log()).contains("SIMULATED").contains("UI:");

        // what an operator's Prometheus scrapes, with a token; nobody else reads it
        assertThat(server.api().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("driftless_jobs{").contains("driftless_jobs_run_seconds_count{");
        RestAssured.given().baseUri("http://localhost").port(server.port).redirects().follow(false)
                .get("/q/metrics").then().statusCode(org.hamcrest.Matchers.not(200));
    }
}
