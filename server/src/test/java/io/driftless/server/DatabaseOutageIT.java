package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database goes away for 30 s while revisions are being deployed and while their Deployments become
 * available: Driftless slows down, answers 503 meanwhile, and after the database is back every request
 * ends READY, once.
 */
@ExtendWith(KeepServerLogs.class)
class DatabaseOutageIT {

    static final int REQUESTS = 8;
    static final Duration OUTAGE = Duration.ofSeconds(30);

    private Path dataDir;
    private EmbeddedPostgres database;
    private ServerProcess server;

    @AfterEach
    void stopAll() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (database != null) {
            database.close();
        }
        if (dataDir != null) {
            ServerProcess.deleteRecursively(dataDir);
        }
    }

    @Test
    void aDatabaseAwayForThirtySecondsSlowsDriftlessDownButLosesNothing() throws Exception {
        dataDir = Files.createTempDirectory("driftless-outage-");
        Path pgData = Files.createDirectories(dataDir.resolve("pg"));
        int pgPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            pgPort = socket.getLocalPort();
        }
        database = startDatabase(pgData, pgPort);
        server = new ServerProcess(dataDir, List.of(
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                // the Deployments become available during the outage: those signals must not be lost
                "-Ddriftless.cluster.simulated.kubelet-delay=3s", "-Ddriftless.worker.poll-interval=500ms"),
                Map.of());
        server.start();

        String repository = Requests.uniqueRepository();
        List<String> environments = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            environments.add(server.api().contentType(ContentType.JSON)
                    .body(Requests.body(repository, "outage/" + i, Requests.commit()))
                    .post("/api/v1/environments").then().statusCode(202).extract().path("environmentId"));
        }

        database.close();
        database = null;
        Instant down = Instant.now();
        Response meanwhile = server.api().contentType(ContentType.JSON)
                .body(Requests.body(repository, "during-the-outage", Requests.commit()))
                .post("/api/v1/environments");
        assertThat(meanwhile.statusCode()).as("a request while the database is away").isEqualTo(503);
        assertThat(meanwhile.<String>path("detail")).contains("database");
        Thread.sleep(Math.max(0, OUTAGE.minus(Duration.between(down, Instant.now())).toMillis()));
        database = startDatabase(pgData, pgPort);

        for (String id : environments) {
            server.awaitPhase(id, "READY", Duration.ofSeconds(90));
        }
        for (String id : environments) {
            assertThat(server.api().get("/api/v1/environments/" + id).<List<?>>path("revisions")).hasSize(1);
        }
        assertThat(server.api().queryParam("repository", repository).get("/api/v1/environments")
                .<Integer>path("total")).as("nothing half-written by the refused request").isEqualTo(REQUESTS);
    }

    private static EmbeddedPostgres startDatabase(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
