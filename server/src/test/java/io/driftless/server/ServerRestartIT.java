package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

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
                .body("phase", equalTo("READY"))
                .body("revisions.size()", equalTo(1));
        server.api().contentType(ContentType.JSON).body(request).post("/api/v1/environments").then()
                .statusCode(200)
                .body("environmentId", equalTo(id));
        server.api().delete("/api/v1/environments/" + id).then().statusCode(202);
        server.awaitPhase(id, "TORN_DOWN", Duration.ofSeconds(30));
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

        server.api().get("/api/v1/environments/" + id).then().statusCode(200).body("phase", equalTo("READY"));
        assertThat(server.log()).contains("SIMULATED").contains("UI:");
    }
}
