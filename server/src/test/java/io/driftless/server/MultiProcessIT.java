package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.restassured.http.ContentType;

/**
 * Two server processes share one PostgreSQL and one (simulated) cluster: A runs everything with the
 * embedded defaults, B is a worker-only process using A's database and A's cluster through its
 * kubeconfig; both report to one GitHub that remembers. B is killed with SIGKILL while it holds
 * running jobs in the middle of a burst; its database session dies with it, so A takes those jobs over
 * within seconds although the lease is two minutes, and every environment ends READY exactly once,
 * with one namespace, one GitHub Deployment and one pull-request comment each.
 */
@ExtendWith(KeepServerLogs.class)
class MultiProcessIT {

    static final int BURST = 60;
    static final Duration LEASE = Duration.ofMinutes(2);
    static final List<String> OPTIONS = List.of("-Ddriftless.worker.lease=" + LEASE.toSeconds() + "s",
            "-Ddriftless.worker.poll-interval=500ms", "-Ddriftless.cluster.simulated.kubelet-delay=200ms",
            "-Ddriftless.github.token=ghp_fake", "-Ddriftless.github.read-timeout=5s");

    private final List<ServerProcess> servers = new ArrayList<>();
    private Path dataDir;
    private FakeGitHub github;

    @AfterEach
    void stopAll() throws Exception {
        for (ServerProcess server : servers) {
            server.stop();
        }
        if (github != null) {
            github.close();
        }
        if (dataDir != null) {
            ServerProcess.deleteRecursively(dataDir);
        }
    }

    @Test
    void aWorkerKilledMidBurstHasItsJobsTakenOverInSecondsAndNothingIsDoneTwice() throws Exception {
        dataDir = Files.createTempDirectory("driftless-multi-");
        github = new FakeGitHub();
        List<String> options = new ArrayList<>(OPTIONS);
        options.add("-Ddriftless.github.api-url=" + github.url());
        ServerProcess a = new ServerProcess(dataDir, options, Map.of());
        servers.add(a);
        a.start();
        List<String> workerOnly = new ArrayList<>(options);
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
        List<Long> orphaned = List.of();
        Instant killed = null;
        try (Connection db = DriverManager.getConnection(a.embeddedJdbcUrl(), "postgres", "postgres")) {
            for (int i = 0; i < BURST; i++) {
                Map<String, Object> body = Requests.body(repository, "burst/" + i, Requests.commit());
                body.put("pullRequest", i + 1);
                environments.add(a.api().contentType(ContentType.JSON).body(body)
                        .post("/api/v1/environments").then().statusCode(202).extract().path("environmentId"));
                if (i == BURST / 3) {
                    // B is taking its share of the burst: kill it while it holds running jobs
                    orphaned = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                            .until(() -> runningJobsOf(db, "worker-b"), ids -> !ids.isEmpty());
                    b.kill();
                    killed = Instant.now();
                }
            }
            List<Long> jobsOfB = orphaned;
            Awaitility.await("B's running jobs finished by A, well within one lease")
                    .atMost(LEASE.dividedBy(4)).pollInterval(Duration.ofMillis(100))
                    .until(() -> unfinished(db, jobsOfB) == 0);
            System.out.printf("%d jobs of the killed worker were finished by another %d ms after the kill%n",
                    jobsOfB.size(), Duration.between(killed, Instant.now()).toMillis());

            for (String id : environments) {
                a.awaitPhase(id, "READY", Duration.ofSeconds(60));
            }
            Awaitility.await("every job done, GitHub told included").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> unfinishedJobs(db) == 0);
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
        assertThat(github.deployments.get(repository)).as("one GitHub Deployment per revision").hasSize(BURST)
                .extracting(d -> d.path("payload").toString()).doesNotHaveDuplicates();
        for (int pull = 1; pull <= BURST; pull++) {
            assertThat(github.comments.get(repository + "#" + pull)).as("the comments of pull request " + pull)
                    .hasSize(1);
        }
    }

    private static List<Long> runningJobsOf(Connection db, String owner) throws Exception {
        try (PreparedStatement query = db.prepareStatement(
                "select id from job where state = 'RUNNING' and lease_owner = ?")) {
            query.setString(1, owner);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    private static int unfinished(Connection db, List<Long> ids) throws Exception {
        try (PreparedStatement query = db.prepareStatement(
                "select count(*) from job where id = any(?) and state not in ('DONE', 'FAILED')")) {
            query.setArray(1, db.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int unfinishedJobs(Connection db) throws Exception {
        try (PreparedStatement query = db.prepareStatement(
                "select count(*) from job where state in ('QUEUED', 'RUNNING')");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
