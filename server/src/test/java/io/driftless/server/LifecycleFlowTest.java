package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.driftless.api.domain.Job;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.policy.PullRequestClosures;
import io.driftless.api.policy.Reaper;
import io.driftless.api.service.JobStore;
import io.driftless.worker.policy.ReaperJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Expiry and cleanup policy end to end: the clock is moved instead of waited for, and the reaper's pass
 * is run directly (its timer is an hour in tests). A profile of its own gives these tests a database of
 * their own, so moving time and tearing down everything due touches no other test's environments.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = WireMockResource.class, restrictToAnnotatedClass = true)
@TestProfile(LifecycleFlowTest.OwnDatabase.class)
class LifecycleFlowTest {

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("driftless.lifecycle.interval", "1h");
        }
    }

    @Inject
    TestClock clock;

    @Inject
    Reaper reaper;

    @Inject
    Lifecycle lifecycle;

    @Inject
    PullRequestClosures closures;

    @Inject
    JobStore jobs;

    @Inject
    EntityManager em;

    @BeforeEach
    void aGenerousGlobalPolicyAndARunningReaper() {
        given().contentType(ContentType.JSON)
                .body(Map.of("deletionBudget", Map.of("count", 1000, "per", "1h"), "dryRun", false))
                .put("/api/v1/policy").then().statusCode(200);
        if (given().get("/api/v1/policy/reaper").<Boolean>path("paused")) {
            given().contentType(ContentType.JSON).post("/api/v1/policy/reaper/resume").then().statusCode(200);
        }
        WireMockResource.server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    }

    private static void override(String repository, Map<String, Object> fields) {
        given().contentType(ContentType.JSON).body(fields).put("/api/v1/repos/" + repository + "/policy").then()
                .statusCode(200);
    }

    private static String ready(String repository, String branch) {
        Response posted = Requests.post(body(repository, branch, commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }

    private static JsonPath environment(String id) {
        return given().get("/api/v1/environments/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> actions(String id) {
        return given().get("/api/v1/environments/" + id + "/events").jsonPath().getList("action");
    }

    private static void awaitTornDown(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "TORN_DOWN".equals(environment(id).getString("status")));
    }

    @Test
    void anIdleEnvironmentIsWarnedThenTornDownWithTheRuleThatExpiredIt() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "2h", "warnBefore", "30m"));
        String id = ready(repository, "feature/idle");
        JsonPath env = environment(id);
        assertThat(env.getString("expiry.rule")).isEqualTo("IDLE");
        assertThat(env.getString("expiry.source")).isEqualTo("repository " + repository);
        assertThat(env.getString("expiry.explanation")).startsWith("idle for 2h since revision 1 at ")
                .endsWith("repository policy " + repository);
        Instant expiresAt = Instant.parse(env.getString("expiresAt"));

        clock.advance(Duration.ofMinutes(80));
        assertThat(reaper.pass().warned()).as("not yet 30m before").doesNotContain(env.getString("name"));
        clock.advance(Duration.ofMinutes(15));
        assertThat(reaper.pass().warned()).contains(env.getString("name"));
        assertThat(reaper.pass().warned()).as("warned once per expiry").doesNotContain(env.getString("name"));
        assertThat(actions(id)).contains("EXPIRY_WARNING").doesNotContain("EXPIRED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> WireMockResource.server.getAllServeEvents()
                .stream().anyMatch(e -> e.getRequest().getBodyAsString().contains("\"environment.expiring\"")
                        && e.getRequest().getBodyAsString().contains(id)));
        assertThat(environment(id).getString("status")).isEqualTo("ACTIVE");

        clock.advance(Duration.ofMinutes(26));
        assertThat(reaper.pass().expired()).contains(env.getString("name"));
        awaitTornDown(id);
        assertThat(actions(id)).contains("EXPIRED", "TEARDOWN_REQUESTED", "TORN_DOWN");
        assertThat(environment(id).getString("endedBy")).startsWith("expired: idle for 2h since revision 1")
                .contains(repository);
        given().get("/api/v1/audit?kind=EXPIRED&repository=" + repository).then().statusCode(200)
                .body("items[0].actor", equalTo("reaper"))
                .body("items[0].detail", containsString("rule IDLE"));
        assertThat(expiresAt).isBefore(clock.instant());
    }

    @Test
    void anExtensionPutsExpiryOffUpToTheMaximumLifetimeWhichOnlyAnAdminPasses() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "2h", "maxLifetime", "4h", "extendBy", "1h"));
        String id = ready(repository, "feature/extend");
        Instant before = Instant.parse(environment(id).getString("expiresAt"));

        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/environments/" + id + "/extend").then()
                .statusCode(200).body("expiry.rule", equalTo("EXTENDED"));
        Instant extended = Instant.parse(environment(id).getString("expiresAt"));
        assertThat(Duration.between(before, extended)).isEqualTo(Duration.ofHours(1));

        given().contentType(ContentType.JSON).body(Map.of("by", "2h")).post("/api/v1/environments/" + id + "/extend")
                .then().statusCode(409)
                .body("detail", containsString("maximum lifetime of 4h (repository policy " + repository + ")"))
                .body("detail", containsString("At most 1h can still be added"))
                .body("detail", containsString("\"force\": true"));
        assertThat(Instant.parse(environment(id).getString("expiresAt"))).as("refused: nothing changed")
                .isEqualTo(extended);

        given().contentType(ContentType.JSON).body(Map.of("by", "soon")).post("/api/v1/environments/" + id + "/extend")
                .then().statusCode(400).body("errors[0].field", equalTo("by"));

        given().contentType(ContentType.JSON).body(Map.of("by", "2h", "force", true))
                .post("/api/v1/environments/" + id + "/extend").then().statusCode(200);
        assertThat(Duration.between(before, Instant.parse(environment(id).getString("expiresAt"))))
                .isEqualTo(Duration.ofHours(3));
        JsonPath audit = given().get("/api/v1/audit?kind=EXTENDED&repository=" + repository).jsonPath();
        assertThat(audit.getInt("total")).isEqualTo(2);
        assertThat(audit.getString("items[0].detail")).contains("past its maximum lifetime");
        assertThat(audit.getString("items[1].before")).contains(io.driftless.api.policy.Expiry.time(before));
        assertThat(audit.getString("items[1].after")).contains("expiresAt");
    }

    @Test
    void aPinnedEnvironmentOutlivesItsIdleExpiryUntilUnpinned() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "1h"));
        String id = ready(repository, "feature/pin");
        given().contentType(ContentType.JSON).body(Map.of("reason", "customer demo on Friday"))
                .put("/api/v1/environments/" + id + "/pin").then().statusCode(200)
                .body("pinned", equalTo(true)).body("expiresAt", equalTo(null))
                .body("expiry.source", equalTo("pin"))
                .body("expiry.explanation", containsString("customer demo on Friday"));

        clock.advance(Duration.ofHours(3));
        reaper.pass();
        assertThat(environment(id).getString("status")).isEqualTo("ACTIVE");

        given().delete("/api/v1/environments/" + id + "/pin").then().statusCode(200)
                .body("pinned", equalTo(false)).body("expiry.rule", equalTo("IDLE"));
        given().delete("/api/v1/environments/" + id + "/pin").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("reason", " ")).put("/api/v1/environments/" + id + "/pin")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        assertThat(actions(id)).contains("PINNED", "UNPINNED");
        reaper.pass();
        awaitTornDown(id);
    }

    @Test
    void aProtectedBranchStaysWhileItsNeighboursExpire() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "1h", "protectedBranches", List.of("main", "release/*")));
        String main = ready(repository, "main");
        String release = ready(repository, "release/1.0");
        String feature = ready(repository, "feature/x");
        assertThat(environment(release).getString("expiry.source")).isEqualTo("protected branch");
        clock.advance(Duration.ofHours(2));
        reaper.pass();
        awaitTornDown(feature);
        assertThat(environment(main).getString("status")).isEqualTo("ACTIVE");
        assertThat(environment(release).getString("status")).isEqualTo("ACTIVE");
        assertThat(environment(main).getString("expiry.explanation")).contains("protected branch glob 'main'");
    }

    @Test
    void aFullRepositoryRefusesNamingWhoHoldsThePlacesOrEvictsTheIdlest() {
        String repository = uniqueRepository();
        override(repository, Map.of("maxEnvironmentsPerRepository", 2));
        String first = ready(repository, "feature/one");
        clock.advance(Duration.ofMinutes(5));
        String second = ready(repository, "feature/two");
        Requests.post(body(repository, "feature/three", commit())).then().statusCode(409)
                .body("detail", containsString("limit of 2"))
                .body("environments.id", hasItem(first))
                .body("environments.id", hasItem(second));
        Requests.post(body(repository, "feature/one", commit())).then().statusCode(202); // a known branch still deploys

        override(repository, Map.of("maxEnvironmentsPerRepository", 2, "whenFull", "evict-oldest-idle"));
        String third = Requests.post(body(repository, "feature/three", commit())).then().statusCode(202).extract()
                .path("environmentId");
        awaitTornDown(second);
        assertThat(actions(second)).contains("EVICTED");
        assertThat(environment(second).getString("endedBy")).contains("evicted to make room");
        assertThat(environment(first).getString("status")).as("revised since: not the idlest").isEqualTo("ACTIVE");
        awaitPhase(third, "READY");
    }

    @Test
    void pastTheDeletionBudgetTheReaperPausesUntilAnAdminResumesIt() {
        tearDownEverything();
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "1h"));
        List<String> ids = List.of(ready(repository, "a"), ready(repository, "b"), ready(repository, "c"));
        given().contentType(ContentType.JSON).body(Map.of("deletionBudget", Map.of("count", 1, "per", "1h")))
                .put("/api/v1/policy").then().statusCode(200);
        clock.advance(Duration.ofHours(2));

        Reaper.Pass pass = reaper.pass();
        assertThat(pass.expired()).hasSize(1);
        assertThat(pass.heldBack()).hasSize(2);
        assertThat(pass.paused()).isTrue();
        given().get("/api/v1/policy/reaper").then().body("paused", equalTo(true))
                .body("pausedWhy", containsString("held back 2 environment(s)"));
        given().get("/api/v1/audit?kind=REAPER_PAUSED").then().body("items[0].actor", equalTo("reaper"))
                .body("items[0].after", containsString("true"));
        assertThat(reaper.pass().expired()).as("paused: nothing more").isEmpty();
        assertThat(ids.stream().filter(id -> environment(id).getString("status").equals("ACTIVE"))).hasSize(2);

        given().contentType(ContentType.JSON).post("/api/v1/policy/reaper/resume").then().statusCode(200).body("paused", equalTo(false));
        given().contentType(ContentType.JSON).post("/api/v1/policy/reaper/resume").then().statusCode(409);
        given().get("/api/v1/audit?kind=REAPER_RESUMED").then().body("items[0].actor", equalTo("token:bootstrap-admin"));
        Reaper.Pass resumed = reaper.pass();
        assertThat(resumed.expired()).as("the budget counts afresh from the resume").hasSize(1);
        assertThat(resumed.paused()).isTrue();
    }

    @Test
    void aDryRunOnlyRecordsWhatItWouldTearDownOnce() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "1h", "dryRun", true));
        String id = ready(repository, "feature/dry");
        clock.advance(Duration.ofHours(2));
        assertThat(reaper.pass().wouldExpire()).contains(environment(id).getString("name"));
        assertThat(reaper.pass().wouldExpire()).doesNotContain(environment(id).getString("name"));
        assertThat(environment(id).getString("status")).isEqualTo("ACTIVE");
        assertThat(actions(id).stream().filter("WOULD_EXPIRE"::equals)).hasSize(1);
    }

    @Test
    void aClosedPullRequestGoesAfterItsGracePeriod() {
        String repository = uniqueRepository();
        override(repository, Map.of("onPullRequestClose", "2h"));
        Map<String, Object> request = new HashMap<>(body(repository, "feature/pr", commit()));
        request.put("pullRequest", 7);
        String id = Requests.post(request).then().statusCode(202).extract().path("environmentId");
        awaitPhase(id, "READY");
        assertThat(closures.closed(repository, 7, "pull request closed", "github", null))
                .contains("torn down in 2h");
        JsonPath env = environment(id);
        assertThat(env.getString("status")).isEqualTo("ACTIVE");
        assertThat(env.getString("expiry.rule")).isEqualTo("PULL_REQUEST_CLOSED");
        clock.advance(Duration.ofMinutes(119));
        reaper.pass();
        assertThat(environment(id).getString("status")).isEqualTo("ACTIVE");
        clock.advance(Duration.ofMinutes(2));
        reaper.pass();
        awaitTornDown(id);
    }

    @Test
    void aBadPolicyIsRefusedNamingEachFieldAndNothingChanges() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "2h"));
        String globalBefore = given().get("/api/v1/policy").asString();
        given().contentType(ContentType.JSON)
                .body(Map.of("ttl", "1d", "warnBefore", "-1h", "protectedBranches", List.of("release/[x"),
                        "maxLifetime", "soon"))
                .put("/api/v1/policy").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("ttl"))
                .body("errors.field", hasItem("warnBefore"))
                .body("errors.field", hasItem("protectedBranches[0]"))
                .body("errors.field", hasItem("maxLifetime"));
        given().contentType(ContentType.JSON).body(Map.of("maxLifetime", "1h"))
                .put("/api/v1/repos/" + repository + "/policy").then().statusCode(400)
                .body("errors[0].field", equalTo("maxLifetime"))
                .body("errors[0].message", containsString("must not be shorter than idleExpiry"));
        given().contentType(ContentType.JSON).body(Map.of("deletionBudget", Map.of("count", 1, "per", "1h")))
                .put("/api/v1/repos/" + repository + "/policy").then().statusCode(400)
                .body("errors[0].field", equalTo("deletionBudget"));
        assertThat(given().get("/api/v1/policy").asString()).isEqualTo(globalBefore);
        given().get("/api/v1/repos/" + repository + "/policy").then().body("policy.idleExpiry", equalTo("2h"))
                .body("effective.idleExpiry.source", equalTo("repository " + repository))
                .body("effective.maxLifetime.source", equalTo("global"));
    }

    @Test
    void everyPolicyChangeIsAuditedWithItsActorAndTheFieldsBeforeAndAfter() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "2h"));
        override(repository, Map.of("idleExpiry", "5h", "revisionsKept", 1));
        given().delete("/api/v1/repos/" + repository + "/policy").then().statusCode(204);
        given().delete("/api/v1/repos/" + repository + "/policy").then().statusCode(404);
        JsonPath audit = given().get("/api/v1/audit?kind=POLICY_CHANGED&repository=" + repository).jsonPath();
        assertThat(audit.getInt("total")).isEqualTo(3);
        assertThat(audit.getList("items.actor")).containsOnly("token:bootstrap-admin");
        assertThat(audit.getString("items[1].before")).isEqualTo("{\"idleExpiry\":\"2h\",\"revisionsKept\":null}");
        assertThat(audit.getString("items[1].after")).isEqualTo("{\"idleExpiry\":\"5h\",\"revisionsKept\":1}");
        assertThat(audit.getString("items[0].detail")).contains("removed");
        given().get("/api/v1/audit?kind=NOT_A_KIND").then().statusCode(400).body("errors[0].field", equalTo("kind"));
    }

    @Test
    void aPreviewSaysWhatAProposedPolicyWouldTearDownWithoutSavingIt() {
        String repository = uniqueRepository();
        String id = ready(repository, "feature/preview");
        clock.advance(Duration.ofHours(3));
        given().contentType(ContentType.JSON).body(Map.of("idleExpiry", "2h"))
                .post("/api/v1/policy/preview?repository=" + repository).then().statusCode(200)
                .body("now.id", hasItem(id));
        given().contentType(ContentType.JSON).body(Map.of("idleExpiry", "20h"))
                .post("/api/v1/policy/preview?repository=" + repository).then().statusCode(200)
                .body("within24h.id", hasItem(id));
        given().get("/api/v1/repos/" + repository + "/policy").then().body("effective.idleExpiry.source",
                equalTo("global"));
        reaper.pass();
        assertThat(environment(id).getString("status")).isEqualTo("ACTIVE");
    }

    @Test
    void theReaperRunsAsADurableJobOneAtATimeAndLeavesWhatItDidOnTheJob() {
        String repository = uniqueRepository();
        override(repository, Map.of("idleExpiry", "1h"));
        String id = ready(repository, "feature/job");
        clock.advance(Duration.ofHours(2));
        Job job = jobs.enqueuePeriodic(Job.Kind.REAP, ReaperJobs.KEY, Optional.empty()).orElseThrow();
        assertThat(jobs.enqueuePeriodic(Job.Kind.REAP, ReaperJobs.KEY, Optional.empty())).as("one at a time")
                .isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, job.id)).state == Job.State.DONE);
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, job.id)).lastError)
                .startsWith("warned ").contains("expired 1");
        awaitTornDown(id);
    }

    private void tearDownEverything() {
        for (Lifecycle.Fated f : lifecycle.active()) {
            given().delete("/api/v1/environments/" + f.id()).then().statusCode(202);
        }
    }
}
