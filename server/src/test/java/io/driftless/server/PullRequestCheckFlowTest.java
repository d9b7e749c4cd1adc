package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Webhooks.pullRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.Job;
import io.driftless.api.github.GitHubDeliveries;
import io.driftless.api.service.JobStore;
import io.driftless.worker.github.PullRequestCheckJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

/**
 * Missed webhooks are reconciled: the pull-request check asks a stub of GitHub about each pull request
 * that still has an environment, tears down those GitHub says are closed, and changes nothing of a
 * repository GitHub does not answer for, nor anything after GitHub's rate limit stops it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = GitHubStub.class, restrictToAnnotatedClass = true)
class PullRequestCheckFlowTest {

    @GitHubStub.Server
    WireMockServer github;

    @Inject
    GitHubDeliveries deliveries;

    @Inject
    JobStore jobs;

    @Inject
    EntityManager em;

    /**
     * Every commit is there without a driftless.yaml (so a webhook's environment runs the settings' image),
     * and deployments, statuses and comments are accepted, so that reporting revisions does not get in the way.
     */
    @BeforeEach
    void acceptReports() {
        github.stubFor(get(urlPathMatching("/repos/[^/]+/[^/]+/contents/.+"))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
        github.stubFor(get(urlPathMatching("/repos/[^/]+/[^/]+/git/commits/[0-9a-f]{40}"))
                .willReturn(okJson("{\"sha\":\"c\",\"tree\":{\"sha\":\"t\"}}")));
        github.stubFor(get(urlPathMatching("/repos/[^/]+/[^/]+/deployments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathMatching("/repos/[^/]+/[^/]+/deployments"))
                .willReturn(json(201, "{\"id\":1,\"environment\":\"x\"}")));
        github.stubFor(post(urlPathMatching("/repos/[^/]+/[^/]+/deployments/\\d+/statuses"))
                .willReturn(json(201, "{\"id\":1,\"state\":\"x\"}")));
        github.stubFor(get(urlPathMatching("/repos/[^/]+/[^/]+/issues/\\d+/comments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathMatching("/repos/[^/]+/[^/]+/issues/\\d+/comments"))
                .willReturn(json(201, "{\"id\":1,\"body\":\"\"}")));
        github.stubFor(patch(urlPathMatching("/repos/[^/]+/[^/]+/issues/comments/\\d+"))
                .willReturn(okJson("{\"id\":1,\"body\":\"\"}")));
    }

    /** Environments left ACTIVE by one test are then unknown to GitHub (404): skipped by the next tests' checks. */
    @AfterEach
    void forgetStubs() {
        github.resetAll();
    }

    @Test
    void aPullRequestWhoseClosedWebhookWasMissedIsTornDownWhenGitHubSaysItIsClosed() {
        String repository = Requests.uniqueRepository();
        withSettings(repository, Map.of("onPullRequestClose", "teardown"));
        String merged = open(repository, 7);
        String stillOpen = open(repository, 8);
        Instant closedAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        github.stubFor(get(urlPathEqualTo("/repos/" + repository + "/pulls/7")).willReturn(okJson(
                "{\"number\":7,\"state\":\"closed\",\"merged\":true,\"closed_at\":\"" + closedAt + "\"}")));
        github.stubFor(get(urlPathEqualTo("/repos/" + repository + "/pulls/8"))
                .willReturn(okJson("{\"number\":8,\"state\":\"open\",\"merged\":false,\"closed_at\":null}")));

        String note = runCheck();

        assertThat(note).contains(repository + "#7: tearing down environment(s) [" + merged + "]")
                .doesNotContain(repository + "#8");
        awaitStatus(merged, "TORN_DOWN");
        assertThat(given().get("/api/v1/environments/" + merged).<String>path("endedBy")).isEqualTo(
                "pull request merged (found by asking GitHub: its webhook was missed): onPullRequestClose teardown, "
                        + "repository policy " + repository);
        List<Map<String, String>> events = given().get("/api/v1/environments/" + merged + "/events").path("");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo("TEARDOWN_REQUESTED");
            assertThat(e.get("actor")).isEqualTo(AuditEvent.REAPER);
        });
        assertThat(status(stillOpen)).isEqualTo("ACTIVE");
    }

    @Test
    void aRepositoryGitHubDoesNotAnswerForKeepsItsEnvironmentsAndThePassGoesOnWithTheOthers() {
        String owner = Requests.uniqueRepository().split("/")[0];
        String failing = owner + "/a-failing";
        String unreachable = owner + "/b-unreachable";
        String closed = owner + "/c-closed";
        for (String repository : List.of(failing, unreachable, closed)) {
            withSettings(repository, Map.of("onPullRequestClose", "teardown"));
        }
        String onFailing = open(failing, 1);
        String onUnreachable = open(unreachable, 1);
        String onClosed = open(closed, 1);
        github.stubFor(get(urlPathEqualTo("/repos/" + failing + "/pulls/1"))
                .willReturn(json(500, "{\"message\":\"Server Error\"}")));
        github.stubFor(get(urlPathEqualTo("/repos/" + unreachable + "/pulls/1"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        github.stubFor(get(urlPathEqualTo("/repos/" + closed + "/pulls/1")).willReturn(okJson(
                "{\"number\":1,\"state\":\"closed\",\"merged\":false,\"closed_at\":\"" + Instant.now() + "\"}")));

        String note = runCheck();

        assertThat(note).contains("skipped").contains(failing + ": GitHub answered GET pull request " + failing
                + "#1 with HTTP 500").contains(unreachable + ": GitHub did not answer GET pull request " + unreachable)
                .contains(closed + "#1: tearing down");
        awaitStatus(onClosed, "TORN_DOWN");
        assertThat(given().get("/api/v1/environments/" + onClosed).<String>path("endedBy"))
                .startsWith("pull request closed (found by asking GitHub: its webhook was missed)");
        for (String kept : List.of(onFailing, onUnreachable)) {
            assertThat(status(kept)).isEqualTo("ACTIVE");
            assertThat(given().get("/api/v1/environments/" + kept + "/events").<List<String>>path("action"))
                    .doesNotContain("TEARDOWN_REQUESTED", "PULL_REQUEST_CLOSED");
        }
    }

    @Test
    void gitHubsRateLimitStopsThePassBeforeItAsksAgainAndNothingIsTornDown() {
        String owner = Requests.uniqueRepository().split("/")[0];
        String limited = owner + "/a-limited";
        String later = owner + "/b-later";
        withSettings(limited, Map.of("onPullRequestClose", "teardown"));
        withSettings(later, Map.of("onPullRequestClose", "teardown"));
        String first = open(limited, 1);
        String second = open(limited, 2);
        String third = open(later, 1);
        long reset = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
        github.stubFor(get(urlPathEqualTo("/repos/" + limited + "/pulls/1")).willReturn(json(403,
                "{\"message\":\"API rate limit exceeded for installation ID 1.\"}")
                .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(reset))));
        String closed = "{\"number\":%d,\"state\":\"closed\",\"merged\":false,\"closed_at\":\"" + Instant.now() + "\"}";
        github.stubFor(get(urlPathEqualTo("/repos/" + limited + "/pulls/2")).willReturn(okJson(closed.formatted(2))));
        github.stubFor(get(urlPathEqualTo("/repos/" + later + "/pulls/1")).willReturn(okJson(closed.formatted(1))));

        String note = runCheck();

        assertThat(note).contains("stopped early: GitHub's rate limit").contains("pull request(s) left for the next check");
        github.verify(1, getRequestedFor(urlPathMatching("/repos/" + owner + "/[^/]+/pulls/\\d+")));
        for (String kept : List.of(first, second, third)) {
            assertThat(status(kept)).isEqualTo("ACTIVE");
        }
    }

    @Test
    void aNearlyUsedUpRateLimitIsLeftToDeploymentStatusesAndComments() {
        String owner = Requests.uniqueRepository().split("/")[0];
        String asked = owner + "/a-asked";
        String later = owner + "/b-later";
        withSettings(asked, Map.of("onPullRequestClose", "teardown"));
        withSettings(later, Map.of("onPullRequestClose", "teardown"));
        open(asked, 1);
        String notAsked = open(later, 1);
        github.stubFor(get(urlPathEqualTo("/repos/" + asked + "/pulls/1"))
                .willReturn(okJson("{\"number\":1,\"state\":\"open\",\"merged\":false}")
                        .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "499")));
        github.stubFor(get(urlPathEqualTo("/repos/" + later + "/pulls/1")).willReturn(okJson(
                "{\"number\":1,\"state\":\"closed\",\"merged\":false,\"closed_at\":\"" + Instant.now() + "\"}")));

        String note = runCheck();

        assertThat(note).contains("stopped early: GitHub's rate limit is nearly used up (499 of 5000 calls left)");
        github.verify(0, getRequestedFor(urlPathEqualTo("/repos/" + later + "/pulls/1")));
        assertThat(status(notAsked)).isEqualTo("ACTIVE");
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Settings for environments from webhooks (image ghcr.io/<repository>:<sha>), and a policy override. */
    private static void withSettings(String repository, Map<String, Object> policy) {
        given().contentType(ContentType.JSON)
                .body(Map.of("imageTemplate", "ghcr.io/" + repository + ":{sha}", "port", 9090))
                .put("/api/v1/repos/" + repository + "/settings").then().statusCode(200);
        given().contentType(ContentType.JSON).body(policy).put("/api/v1/repos/" + repository + "/policy").then()
                .statusCode(200);
    }

    /** Pull request #number is opened (a signed webhook); returns the id of its environment, once READY. */
    private String open(String repository, int number) {
        ObjectNode opened = pullRequest("opened", repository, repository, number, commit());
        ((ObjectNode) opened.get("pull_request").get("head")).put("ref", "feature/pr-" + number);
        assertThat(Webhooks.process(deliveries, "pull_request", opened)).doesNotStartWith("ignored");
        List<Map<String, Object>> items = given().get("/api/v1/environments?repository=" + repository).path("items");
        String id = items.stream().filter(e -> Integer.valueOf(number).equals(e.get("pullRequest")))
                .map(e -> (String) e.get("id")).findFirst().orElseThrow();
        awaitPhase(id, "READY");
        return id;
    }

    /** Queues a check as the timer would, waits until a worker has run it, and returns its note. */
    private String runCheck() {
        Job queued = jobs.enqueuePeriodic(Job.Kind.PULL_REQUEST_CHECK, PullRequestCheckJobs.KEY, Optional.empty())
                .orElseThrow(() -> new AssertionError("a pull-request check is already queued or running"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> job(queued.id).state != Job.State.QUEUED && job(queued.id).state != Job.State.RUNNING);
        Job done = job(queued.id);
        assertThat(done.state).as("job %d: %s", done.id, done.lastError).isEqualTo(Job.State.DONE);
        return done.lastError;
    }

    private Job job(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job j = em.find(Job.class, id);
            em.detach(j);
            return j;
        });
    }

    private static String status(String environmentId) {
        return given().get("/api/v1/environments/" + environmentId).path("status");
    }

    private static void awaitStatus(String environmentId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(status(environmentId)));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }
}
