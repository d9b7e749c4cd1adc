package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.api.edge.ActivityClock;
import io.driftless.api.service.SleepAndWake;
import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.worker.render.AliasRenderer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Sleep and wake on the simulated cluster: the idle clock (the edge check's last request, or the newest
 * revision), the sleep pass, the API, the wake page on the preview host, and what must not change meanwhile
 * (manifests, no drift). The sleep pass is called directly, with the test clock moved, as the reaper's tests do.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SleepFlowTest {

    private static final String WAKE_TARGET = "driftless.driftless.svc.cluster.local";

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @Inject
    TestClock clock;

    @Inject
    SleepAndWake sleeps;

    @Inject
    ActivityClock activity;

    private static void sleepAfter(String repository, String value) {
        given().contentType(ContentType.JSON).body(Map.of("sleepAfter", value))
                .put("/api/v1/repos/" + repository + "/policy").then().statusCode(200);
    }

    private static JsonPath environment(String id) {
        return given().get("/api/v1/environments/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String ready(String repository) {
        Response posted = Requests.post(body(repository, "feature/sleepy", commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }

    private static int edgeCheck(String url) {
        return RestAssured.given().header("X-Original-URL", url).get("/edge/check").statusCode();
    }

    private Deployment app(String namespace) {
        return client.apps().deployments().inNamespace(namespace).withName("app").get();
    }

    /** The default backend of the revision's own Ingress: where its host goes while its pods are gone. */
    private String revisionIngressBackend(String namespace) {
        return client.network().v1().ingresses().inNamespace(namespace).list().getItems().stream()
                .map(i -> i.getMetadata().getAnnotations())
                .map(a -> a == null ? null : a.get(AliasRenderer.DEFAULT_BACKEND))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private String aliasTarget(String name) {
        Service alias = client.services().inNamespace("driftless-routing").withName(name).get();
        return alias == null ? null : alias.getSpec().getExternalName();
    }

    @Test
    void anIdleEnvironmentSleepsUnchangedAndWithoutDriftAndWakesByTheApiWithItsAliasBack() {
        String repository = uniqueRepository();
        sleepAfter(repository, "1h");
        String id = ready(repository);
        JsonPath env = environment(id);
        String name = env.getString("name");
        String revision = env.getString("revisions[0].id");
        String namespace = env.getString("revisions[0].namespace");
        String manifests = given().get("/api/v1/revisions/" + revision + "/manifests").then().statusCode(200)
                .extract().asString();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> aliasTarget(name) != null);
        String servingTarget = aliasTarget(name);
        int replicas = app(namespace).getSpec().getReplicas();

        // a request through the edge restarts the idle clock: 40 minutes later it is 40 minutes idle, not 70
        clock.advance(Duration.ofMinutes(30));
        activity.forget();
        assertThat(edgeCheck(env.getString("url"))).isEqualTo(200);
        clock.advance(Duration.ofMinutes(40));
        assertThat(sleeps.pass().slept()).doesNotContain(name);
        assertThat(environment(id).getString("revisions[0].phase")).isEqualTo("READY");

        clock.advance(Duration.ofMinutes(25));
        assertThat(sleeps.pass().slept()).contains(name);
        awaitPhase(id, "SLEEPING");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> app(namespace).getSpec().getReplicas() == 0
                && app(namespace).getStatus().getAvailableReplicas() == 0 && WAKE_TARGET.equals(aliasTarget(name)));
        assertThat(revisionIngressBackend(namespace)).as("the revision's own host serves the wake page too")
                .isEqualTo(AliasRenderer.WAKE_BACKEND);
        assertThat(client.services().inNamespace(namespace).withName(AliasRenderer.WAKE_BACKEND).get().getSpec()
                .getExternalName()).isEqualTo(WAKE_TARGET);
        JsonPath asleep = environment(id);
        assertThat(asleep.getString("currentRevisionId")).as("the alias keeps its revision").isEqualTo(revision);
        assertThat(asleep.getList("revisions[0].phases.reason", String.class)).last().asString()
                .startsWith("idle for 1h since the last request to its preview at ")
                .endsWith("repository policy " + repository);
        assertThat(given().get("/api/v1/revisions/" + revision + "/manifests").then().statusCode(200).extract().asString())
                .as("the rendered objects of a sleeping revision are the same").isEqualTo(manifests);
        assertThat(asleep.getList("revisions[0].drifts")).as("its replicas are Driftless's own, not drift").isEmpty();

        given().contentType(ContentType.JSON).post("/api/v1/environments/" + id + "/wake").then().statusCode(202);
        given().get("/api/v1/revisions/" + revision + "?wait=READY&timeout=20s").then().statusCode(200)
                .body("phase", equalTo("READY"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> servingTarget.equals(aliasTarget(name)));
        assertThat(app(namespace).getSpec().getReplicas()).isEqualTo(replicas);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> revisionIngressBackend(namespace) == null
                && client.services().inNamespace(namespace).withName(AliasRenderer.WAKE_BACKEND).get() == null);
        JsonPath awake = environment(id);
        assertThat(awake.getList("revisions[0].phases.phase", String.class)).containsSubsequence("READY", "SLEEPING",
                "WAKING", "READY");
        assertThat(awake.getList("revisions[0].drifts")).isEmpty();
        assertThat(given().get("/api/v1/revisions/" + revision + "/manifests").asString()).isEqualTo(manifests);
        assertThat(sleeps.pass().slept()).as("a wake restarts the idle clock").doesNotContain(name);
    }

    @Test
    void theFirstRequestToASleepingPreviewGetsTheWakePageAtOnceWhichSeesTheWakeComplete() {
        String repository = uniqueRepository();
        String id = ready(repository);
        JsonPath env = environment(id);
        String host = env.getString("url").replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        given().contentType(ContentType.JSON).post("/api/v1/environments/" + id + "/sleep").then().statusCode(202);
        awaitPhase(id, "SLEEPING");

        RestAssured.given().header("Host", host).get("/some/page?x=1").then().statusCode(503)
                .header("Retry-After", "2")
                .body(containsString("Waking up this preview"))
                .body(containsString("data-wake-status=\"/_driftless/wake-status\""));
        assertThat(environment(id).getString("revisions[0].phase")).isIn("WAKING", "READY");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> RestAssured.given().header("Host", host)
                .get("/_driftless/wake-status").then().statusCode(200).extract().<Boolean>path("ready"));
        RestAssured.given().header("Host", host).get("/_driftless/driftless.js").then().statusCode(200)
                .body(containsString("data-wake-status"));
        assertThat(environment(id).getList("revisions[0].phases.reason", String.class))
                .anyMatch(r -> r != null && r.equals("woken by a request to " + host));
    }

    @Test
    void sleepAfterNeverKeepsAnIdleEnvironmentAwakeButTheApiStillPutsItToSleep() {
        String repository = uniqueRepository();
        sleepAfter(repository, "never");
        String id = ready(repository);
        String name = environment(id).getString("name");
        clock.advance(Duration.ofHours(10));
        assertThat(sleeps.pass().slept()).doesNotContain(name);
        given().get("/api/v1/repos/" + repository + "/policy").then().statusCode(200)
                .body(containsString("never"));

        given().contentType(ContentType.JSON).post("/api/v1/environments/" + id + "/sleep").then().statusCode(202);
        given().contentType(ContentType.JSON).post("/api/v1/environments/" + id + "/wake").then().statusCode(202);
        awaitPhase(id, "READY");
        assertThat(environment(id).getList("revisions[0].phases.phase", String.class))
                .isEqualTo(List.of("QUEUED", "DEPLOYING", "READY", "SLEEPING", "WAKING", "READY"));
    }
}
