package io.driftless.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Runs the packaged server (README command A's jar) as a real process on its embedded defaults, kills
 * it with SIGKILL, and starts it again on the same data directory.
 */
class ServerRestartIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private Path dataDir;
    private Path log;
    private int port;
    private Process server;

    @BeforeEach
    void freshDataDirectory() throws IOException {
        dataDir = Files.createTempDirectory("driftless-restart-");
        log = dataDir.resolve("server.log");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void stopAndCleanUp() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void environmentsSurviveAKillDashNineAndTheNextStartWorks() throws Exception {
        start();
        Map<String, Object> request = Requests.body(Requests.uniqueRepository(), "feature/restart", Requests.commit());
        String id = api().contentType(ContentType.JSON).body(request).post("/api/v1/environments").then()
                .statusCode(202).extract().path("environmentId");
        awaitPhase(id, "READY");

        server.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is left behind
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        start();

        api().get("/api/v1/environments/" + id).then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("phase", equalTo("READY"))
                .body("revisions.size()", equalTo(1));
        api().contentType(ContentType.JSON).body(request).post("/api/v1/environments").then()
                .statusCode(200)
                .body("environmentId", equalTo(id));
        api().delete("/api/v1/environments/" + id).then().statusCode(202);
        awaitPhase(id, "TORN_DOWN");
    }

    @Test
    void aGracefulStopAndStartKeepsEverything() throws Exception {
        start();
        String id = api().contentType(ContentType.JSON)
                .body(Requests.body(Requests.uniqueRepository(), "main", Requests.commit()))
                .post("/api/v1/environments").then().statusCode(202).extract().path("environmentId");
        awaitPhase(id, "READY");

        server.destroy(); // SIGTERM
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        start();

        api().get("/api/v1/environments/" + id).then().statusCode(200).body("phase", equalTo("READY"));
        assertThat(Files.readString(log)).contains("SIMULATED").contains("UI:");
    }

    private void start() throws IOException {
        String jar = System.getProperty("driftless.runner", "target/quarkus-app/quarkus-run.jar");
        assertThat(Path.of(jar)).as("the packaged server").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Ddriftless.data-dir=" + dataDir,
                "-Dquarkus.http.port=" + port,
                "-Ddriftless.cluster.simulated.kubelet-delay=100ms",
                "-jar", jar));
        server = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("the server exited; see " + log, () -> !server.isAlive())
                .ignoreExceptions()
                .until(() -> api().get("/q/health/ready").statusCode() == 200);
    }

    private RequestSpecification api() {
        return given().baseUri("http://localhost").port(port);
    }

    private void awaitPhase(String id, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> phase.equals(api().get("/api/v1/environments/" + id).path("phase")));
    }
}
