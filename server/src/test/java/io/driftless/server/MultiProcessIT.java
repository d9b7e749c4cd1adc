package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.restassured.http.ContentType;

/**
 * Two server processes share one PostgreSQL and one (simulated) cluster: A runs everything with the
 * embedded defaults, B is a worker-only process using A's database and A's cluster through its
 * kubeconfig. B is killed with SIGKILL in the middle of a burst; A takes over B's jobs when their
 * leases run out, and every environment ends READY exactly once.
 */
class MultiProcessIT {

    static final int BURST = 60;
    static final List<String> SHORT_LEASES = List.of("-Ddriftless.worker.lease=4s",
            "-Ddriftless.worker.poll-interval=500ms", "-Ddriftless.cluster.simulated.kubelet-delay=200ms");

    private final List<ServerProcess> servers = new ArrayList<>();
    private Path dataDir;

    @AfterEach
    void stopAll() throws Exception {
        for (ServerProcess server : servers) {
            server.stop();
        }
        if (dataDir != null) {
            ServerProcess.deleteRecursively(dataDir);
        }
    }

    @Test
    void aWorkerKilledMidBurstLosesNothingAndDuplicatesNothing() throws Exception {
        dataDir = Files.createTempDirectory("driftless-multi-");
        ServerProcess a = new ServerProcess(dataDir, SHORT_LEASES, Map.of());
        servers.add(a);
        a.start();
        List<String> workerOnly = new ArrayList<>(SHORT_LEASES);
        workerOnly.addAll(List.of("-Ddriftless.roles=worker", "-Ddriftless.cluster=kubeconfig",
                "-Dkubeconfig=" + dataDir.resolve("kubeconfig"), "-Dquarkus.datasource.jdbc.url=" + a.embeddedJdbcUrl(),
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                "-Ddriftless.worker.id=worker-b"));
        Path dataB = Files.createDirectories(dataDir.resolve("b"));
        ServerProcess b = new ServerProcess(dataB, workerOnly, Map.of());
        servers.add(b);
        b.start();
        b.api().get("/api/v1/environments").then().statusCode(404); // a worker-only process serves no API

        String repository = Requests.uniqueRepository();
        List<String> environments = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            environments.add(a.api().contentType(ContentType.JSON)
                    .body(Requests.body(repository, "burst/" + i, Requests.commit()))
                    .post("/api/v1/environments").then().statusCode(202).extract().path("environmentId"));
            if (i == BURST / 3) {
                // B is taking its share of the burst: kill it in the middle of its work
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> b.log().contains(" is DEPLOYING"));
                b.kill();
            }
        }

        for (String id : environments) {
            a.awaitPhase(id, "READY", Duration.ofSeconds(60));
        }
        assertThat(a.api().queryParam("repository", repository).queryParam("size", 100).get("/api/v1/environments")
                .<Integer>path("total")).isEqualTo(BURST);
        for (String id : environments) {
            assertThat(a.api().get("/api/v1/environments/" + id).<List<?>>path("revisions")).hasSize(1);
        }
        try (KubernetesClient cluster = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(dataDir.resolve("kubeconfig")))).build()) {
            List<Namespace> namespaces = cluster.namespaces().withLabel(Labels.REPOSITORY,
                    Labels.repositoryValue(repository)).list().getItems();
            Set<String> names = namespaces.stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
            assertThat(namespaces).hasSize(BURST);
            assertThat(names).hasSize(BURST);
        }
    }
}
