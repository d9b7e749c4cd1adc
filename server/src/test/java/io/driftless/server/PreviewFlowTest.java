package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static io.driftless.server.Requests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;

/** The whole path on the Kubernetes CRUD test server and embedded PostgreSQL. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PreviewFlowTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @Test
    void anEnvironmentGoesFromRequestToReadyIsShownInTheUiAndIsTornDownWithItsNamespace() {
        String repository = uniqueRepository();
        Map<String, Object> request = body(repository, "feature/<b>login</b>", commit());
        request.put("pullRequest", 7);
        Response posted = post(request);
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        String revisionUrl = posted.path("revisionUrl");

        Response ready = awaitPhase(id, "READY");
        String namespace = ready.path("revisions[0].namespace");
        Namespace live = client.namespaces().withName(namespace).get();
        assertThat(live).isNotNull();
        assertThat(live.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "driftless");
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName("app").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(Requests.IMAGE);
        assertThat(client.network().v1().ingresses().inNamespace(namespace).withName("app").get()
                .getSpec().getRules().get(0).getHost()).isEqualTo(revisionUrl.replace("http://", "").replace("/", ""));

        // the UI lists it with its live URL, and escapes the branch name
        Requests.UiSession person = Requests.logIn();
        person.given().get("/").then()
                .statusCode(200)
                .body(containsString(posted.<String>path("url")))
                .body(containsString("feature/&lt;b&gt;login&lt;/b&gt;"))
                .body(not(containsString("<b>login</b>")));
        person.given().get("/environments/" + id).then()
                .statusCode(200)
                .body(containsString(revisionUrl))
                .body(containsString("READY"))
                .body(containsString("Tear down"));

        given().delete("/api/v1/environments/" + id).then().statusCode(202);

        awaitPhase(id, "TORN_DOWN").then().body("revisions[0].phases[-1].reason", containsString("confirmed gone"));
        assertThat(client.namespaces().withName(namespace).get()).isNull();
        assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void aRevisionTheClusterRefusesIsFailedWithAReadableReason() {
        server.expect().post().withPath("/api/v1/namespaces")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("namespaces is forbidden: exceeded quota").build())
                .once();

        String id = post(body(uniqueRepository(), "main", commit())).path("environmentId");

        awaitPhase(id, "FAILED").then()
                .body("revisions[0].failureReason", startsWith("Could not create Namespace"))
                .body("revisions[0].failureReason", containsString("HTTP 403"))
                .body("revisions[0].failureReason", containsString("exceeded quota"))
                .body("currentRevisionId", equalTo(null));
    }

    @Test
    void aFailedRevisionAskedForAgainIsQueuedAgainAndCanBecomeReady() {
        server.expect().post().withPath("/api/v1/namespaces")
                .andReturn(422, new StatusBuilder().withCode(422).withMessage("Namespace is invalid").build())
                .once();
        Map<String, Object> request = body(uniqueRepository(), "main", commit());
        String id = post(request).path("environmentId");
        awaitPhase(id, "FAILED");

        post(request).then().statusCode(200).body("created", equalTo(false));

        awaitPhase(id, "READY").then()
                .body("revisions[0].failureReason", equalTo(null))
                .body("revisions[0].phases.phase",
                        equalTo(java.util.List.of("QUEUED", "DEPLOYING", "FAILED", "QUEUED", "DEPLOYING", "READY")));
    }

    @Test
    void passingClusterFailuresAreRetriedWithBackoffAndTheRevisionStillBecomesReady() {
        server.expect().post().withPath("/api/v1/namespaces")
                .andReturn(503, new StatusBuilder().withCode(503).withMessage("apiserver is overloaded").build())
                .times(4);

        String id = post(body(uniqueRepository(), "main", commit())).path("environmentId");

        awaitPhase(id, "READY").then()
                .body("revisions[0].attempts", org.hamcrest.Matchers.greaterThan(1))
                .body("revisions[0].lastError", containsString("overloaded"));
    }

    @Test
    void throttlingIsRetriedToo() {
        server.expect().post().withPath("/api/v1/namespaces")
                .andReturn(429, new StatusBuilder().withCode(429).withMessage("slow down")
                        .withNewDetails().withRetryAfterSeconds(1).endDetails().build())
                .times(5); // more than the client's own three retries: the job is tried again

        String id = post(body(uniqueRepository(), "main", commit())).path("environmentId");

        awaitPhase(id, "READY").then().body("revisions[0].attempts", org.hamcrest.Matchers.greaterThan(1));
    }

    @Test
    void aNewCommitGetsItsOwnNamespaceAndTheAliasMovesToIt() {
        String repository = uniqueRepository();
        String id = post(body(repository, "main", commit())).path("environmentId");
        String first = awaitPhase(id, "READY").path("revisions[0].namespace");

        String secondRevision = post(body(repository, "main", commit())).path("revisionId");
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> secondRevision.equals(given().get("/api/v1/environments/" + id).path("currentRevisionId")));

        String second = given().get("/api/v1/environments/" + id).path("revisions[0].namespace");
        assertThat(second).isNotEqualTo(first);
        assertThat(client.namespaces().withName(first).get()).as("the earlier revision keeps running").isNotNull();
        assertThat(client.namespaces().withName(second).get()).isNotNull();
    }
}
