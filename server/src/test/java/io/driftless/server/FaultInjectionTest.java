package io.driftless.server;

import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The Kubernetes API fails a fifth of the worker's write calls (500, 429 with Retry-After, or no answer
 * until the client times out): every request still ends READY, and no object exists twice.
 */
@QuarkusTest
@TestProfile(FlakyCluster.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class FaultInjectionTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @BeforeEach
    void flakyApiServer() {
        for (var method : List.of("post", "put", "patch", "delete")) {
            var expectation = switch (method) {
                case "post" -> server.expect().post();
                case "put" -> server.expect().put();
                case "patch" -> server.expect().patch();
                default -> server.expect().delete();
            };
            expectation.withPath(FlakyCluster.FAIL_500)
                    .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is unhappy").build()).always();
            var throttled = switch (method) {
                case "post" -> server.expect().post();
                case "put" -> server.expect().put();
                case "patch" -> server.expect().patch();
                default -> server.expect().delete();
            };
            throttled.withPath(FlakyCluster.FAIL_429)
                    .andReturn(429, new StatusBuilder().withCode(429).withMessage("too many requests").build())
                    .withHeader("Retry-After", "1").always();
        }
        FlakyCluster.FAULTS.enabled = true;
    }

    @AfterEach
    void calmApiServer() {
        FlakyCluster.FAULTS.enabled = false;
    }

    @Test
    void whenAFifthOfTheClusterCallsFailEveryRequestStillEndsReadyWithNoObjectTwice() {
        String repository = uniqueRepository();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(post(body(repository, "branch/" + i, commit())).then().statusCode(202).extract()
                    .path("environmentId"));
        }

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> ids.stream()
                .map(id -> given().get("/api/v1/environments/" + id).<String>path("phase"))
                .allMatch(phase -> phase.equals("READY") || phase.equals("FAILED")));
        Map<String, String> phases = ids.stream().collect(Collectors.toMap(id -> id,
                id -> given().get("/api/v1/environments/" + id).<String>path("phase")));
        FlakyCluster.FAULTS.enabled = false;

        assertThat(phases.values()).as("every request ends READY").containsOnly("READY");
        FlakyCluster.Faults faults = FlakyCluster.FAULTS;
        System.out.printf("fault injection: %d write calls, %d answered 500, %d answered 429, %d timed out%n",
                faults.calls.get(), faults.serverErrors.get(), faults.throttled.get(), faults.timeouts.get());
        assertThat(faults.serverErrors.get()).as("500s injected").isPositive();
        assertThat(faults.throttled.get()).as("429s injected").isPositive();
        assertThat(faults.timeouts.get()).as("timeouts injected").isPositive();
        assertThat((double) (faults.serverErrors.get() + faults.throttled.get() + faults.timeouts.get())
                / faults.calls.get()).as("share of write calls that failed").isBetween(0.1, 0.3);

        List<String> namespaces = client.namespaces().withLabel(Labels.ENVIRONMENT).list().getItems().stream()
                .filter(ns -> repository.equals(ns.getMetadata().getAnnotations().get(Labels.REPOSITORY_ANNOTATION)))
                .map(ns -> ns.getMetadata().getName()).toList();
        assertThat(namespaces).hasSize(20).doesNotHaveDuplicates();
        for (String namespace : namespaces) {
            List<String> deployments = client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                    .map(HasMetadata::getMetadata).map(m -> m.getName()).toList();
            assertThat(deployments).as("one Deployment in " + namespace).hasSize(1);
        }
    }
}
