package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.worker.build.BuildInput;
import io.driftless.worker.build.BuildRenderer;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Services built from the commit, on the simulated builder (build delay 3 s in tests): through
 * BUILDING to READY; the same tree on another branch reused without a Job; one build for two revisions
 * that need it at once; a failed build's log in the revision's reason; a newer commit cancelling an
 * older build; the log followed live.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class BuildFlowTest {

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    static Map<String, Object> builtSpec() {
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("build", Map.of("context", ".", "target", "runtime", "args", Map.of("MODE", "preview")));
        web.put("port", 8080);
        web.put("expose", true);
        return Map.of("version", 1, "services", Map.of("web", web));
    }

    static Map<String, Object> request(String repository, String branch, String commit) {
        Map<String, Object> body = new HashMap<>();
        body.put("repository", repository);
        body.put("branch", branch);
        body.put("commit", commit);
        body.put("spec", builtSpec());
        return body;
    }

    static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/environments");
    }

    static List<Map<String, Object>> builds(String revisionId) {
        return given().get("/api/v1/revisions/" + revisionId + "/builds").then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    /** Build Jobs of the key still in the cluster (a finished build's namespace goes with its Job). */
    List<Job> buildJobs(String key) {
        return client.batch().v1().jobs().inAnyNamespace().withLabel(Labels.BUILD).list().getItems().stream()
                .filter(j -> key.equals(j.getMetadata().getAnnotations().get(Labels.CACHE_KEY))).toList();
    }

    @Test
    void aBuiltServiceGoesThroughBuildingToReadyAndRunsThePushedImage() {
        Response posted = post(request(uniqueRepository(), "feature/build", commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        String revision = posted.path("revisionId");

        Response ready = awaitPhase(id, "READY");
        ready.then().body("revisions[0].phases.phase", equalTo(List.of("QUEUED", "BUILDING", "DEPLOYING", "READY")));
        List<Map<String, Object>> builds = builds(revision);
        assertThat(builds).singleElement().satisfies(b -> {
            assertThat(b.get("service")).isEqualTo("web");
            assertThat(b.get("status")).isEqualTo("SUCCEEDED");
            assertThat((String) b.get("image")).contains(":key-" + b.get("cacheKey") + "@sha256:");
            assertThat((String) b.get("reason")).startsWith("built: no image for key");
        });
        String image = (String) builds.get(0).get("image");
        assertThat(client.apps().deployments().inNamespace(ready.path("revisions[0].namespace")).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(image);
        given().get((String) builds.get(0).get("logUrl")).then().statusCode(200)
                .body(containsString("exporting to image"));
    }

    @Test
    void theSameTreeOnAnotherBranchIsReusedWithoutAJob() {
        String repository = uniqueRepository();
        String sha = commit();
        String first = post(request(repository, "one", sha)).path("environmentId");
        awaitPhase(first, "READY");
        String key = (String) builds(given().get("/api/v1/environments/" + first).path("revisions[0].id"))
                .get(0).get("cacheKey");

        Response second = post(request(repository, "two", sha));
        awaitPhase(second.path("environmentId"), "READY");

        assertThat(builds(second.path("revisionId"))).singleElement().satisfies(b -> {
            assertThat(b.get("status")).isEqualTo("CACHED");
            assertThat(b.get("cacheKey")).isEqualTo(key);
            assertThat((String) b.get("reason")).startsWith("reused:");
            assertThat(b.get("logUrl")).isNull();
        });
        assertThat(buildJobs(key)).as("the first build's Job went with its namespace; none was made since").isEmpty();
    }

    @Test
    void twoRevisionsThatNeedOneKeyAtOnceShareOneBuild() {
        String repository = uniqueRepository();
        String sha = commit();
        CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> post(request(repository, "a", sha)));
        CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> post(request(repository, "b", sha)));
        Response first = a.join();
        Response second = b.join();
        awaitPhase(first.path("environmentId"), "READY");
        awaitPhase(second.path("environmentId"), "READY");

        Map<String, Object> one = builds(first.path("revisionId")).get(0);
        Map<String, Object> two = builds(second.path("revisionId")).get(0);
        // one Job: both waited for the same build, or (had one come after it ended) the later one reused it
        if (one.get("status").equals("SUCCEEDED") && two.get("status").equals("SUCCEEDED")) {
            assertThat(two.get("id")).isEqualTo(one.get("id"));
        } else {
            assertThat(List.of(one.get("status"), two.get("status"))).containsExactlyInAnyOrder("SUCCEEDED", "CACHED");
        }
        assertThat(one.get("image")).isEqualTo(two.get("image"));
    }

    @Test
    void aFailedBuildFailsTheRevisionWithTheLogsLastLinesAndBuildsAgainWhenAskedAgain() {
        Map<String, Object> body = request(uniqueRepository(), "broken", commit());
        Response posted = post(body);
        String id = posted.path("environmentId");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> !builds(posted.path("revisionId")).isEmpty());
        Map<String, Object> build = builds(posted.path("revisionId")).get(0);
        String namespace = BuildInput.namespaceName((String) build.get("cacheKey"), "web");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() ->
                client.batch().v1().jobs().inNamespace(namespace).withName(BuildRenderer.JOB).get() != null);
        client.batch().v1().jobs().inNamespace(namespace).withName(BuildRenderer.JOB).editStatus(job -> {
            job.setStatus(new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                    .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit").build()).build());
            return job;
        });

        awaitPhase(id, "FAILED").then()
                .body("revisions[0].failureReason", startsWith("the build of web failed: the build Job failed"))
                .body("revisions[0].failureReason", containsString("load build definition from Dockerfile"));
        assertThat(builds(posted.path("revisionId")).get(0).get("status")).isEqualTo("FAILED");

        post(body).then().statusCode(200).body("created", equalTo(false));
        awaitPhase(id, "READY");
        assertThat(builds(posted.path("revisionId")).get(0).get("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aNewerCommitCancelsTheBuildOfAnOlderRevisionThatIsNotReady() {
        String repository = uniqueRepository();
        Response older = post(request(repository, "main", commit()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> "BUILDING".equals(given().get("/api/v1/revisions/" + older.path("revisionId"))
                        .path("phase")));

        Response newer = post(request(repository, "main", commit()));
        awaitPhase(newer.path("environmentId"), "READY");

        // superseded at once, then retired like any superseded revision
        given().get("/api/v1/revisions/" + older.path("revisionId")).then()
                .body("phases.find { it.phase == 'SUPERSEDED' }.reason", startsWith("cancelled: revision 2 was asked for"))
                .body("phases.phase", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("DEPLOYING")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "CANCELLED".equals(builds(older.path("revisionId")).get(0).get("status")));
    }

    @Test
    void aRunningBuildsLogCanBeFollowedUntilItEnds() {
        Response posted = post(request(uniqueRepository(), "follow", commit()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> !builds(posted.path("revisionId")).isEmpty());
        String logUrl = (String) builds(posted.path("revisionId")).get(0).get("logUrl");

        String followed = given().get(logUrl + "?follow=true").then().statusCode(200).extract().asString();

        assertThat(followed).contains("load build definition").contains("exporting to image");
        assertThat(builds(posted.path("revisionId")).get(0).get("status")).isEqualTo("SUCCEEDED");
    }
}
