package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.driftless.api.domain.Job;
import io.driftless.api.service.JobStore;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;

/** Revisions report their state to a stub of the GitHub API: Deployment statuses and one sticky PR comment. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = GitHubStub.class, restrictToAnnotatedClass = true)
class GitHubStatusFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(1000);

    @GitHubStub.Server
    WireMockServer github;

    @KubernetesTestServer
    KubernetesServer cluster;

    @Inject
    JobStore jobs;

    /** The stubbed GitHub of one repository, with the ids it hands out. */
    record Stubbed(String repository, long deploymentId, long commentId) {
        String repos() {
            return "/repos/" + repository;
        }
    }

    private Stubbed stubRepository(String repository) {
        Stubbed s = new Stubbed(repository, IDS.incrementAndGet(), IDS.incrementAndGet());
        github.stubFor(get(urlPathEqualTo(s.repos() + "/deployments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathEqualTo(s.repos() + "/deployments"))
                .willReturn(json(201, "{\"id\":" + s.deploymentId() + ",\"environment\":\"x\"}")));
        github.stubFor(post(urlPathEqualTo(s.repos() + "/deployments/" + s.deploymentId() + "/statuses"))
                .willReturn(json(201, "{\"id\":1,\"state\":\"x\"}")));
        github.stubFor(get(urlPathEqualTo(s.repos() + "/issues/7/comments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathEqualTo(s.repos() + "/issues/7/comments"))
                .willReturn(json(201, "{\"id\":" + s.commentId() + ",\"body\":\"\"}")));
        github.stubFor(patch(urlPathEqualTo(s.repos() + "/issues/comments/" + s.commentId()))
                .willReturn(okJson("{\"id\":" + s.commentId() + ",\"body\":\"\"}")));
        return s;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    /** Every call GitHub got about the repository, oldest first, as "METHOD what [state]" with status. */
    private List<Call> calls(Stubbed s) {
        List<ServeEvent> events = new ArrayList<>(github.getAllServeEvents());
        java.util.Collections.reverse(events);
        List<Call> calls = new ArrayList<>();
        for (ServeEvent e : events) {
            String path = e.getRequest().getUrl().replaceFirst("\\?.*", "");
            if (!path.startsWith(s.repos() + "/")) {
                continue;
            }
            calls.add(new Call(e.getRequest().getMethod().getName(), path.substring(s.repos().length()),
                    e.getRequest().getBodyAsString(), e.getResponse().getStatus(), e.getRequest().getLoggedDate().getTime(),
                    e.getRequest().getHeader("Authorization"), e.getRequest().getHeader("Accept"),
                    e.getRequest().getHeader("X-GitHub-Api-Version"), e.getRequest().getHeader("User-Agent")));
        }
        return calls;
    }

    record Call(String method, String path, String body, int status, long at, String authorization, String accept,
            String apiVersion, String userAgent) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** What the call did, e.g. "status success" or "PATCH comment READY"; null for reads. */
        String label() {
            if (method.equals("GET")) {
                return null;
            }
            if (path.endsWith("/statuses")) {
                return "status " + json().path("state").asText();
            }
            if (path.endsWith("/deployments")) {
                return "create deployment";
            }
            String phase = json().path("body").asText().replaceAll("(?s).*\\| \\*\\*Phase\\*\\* \\| (\\w+) \\|.*", "$1");
            return method.equals("POST") ? "create comment " + phase : "update comment " + phase;
        }
    }

    private List<String> writes(Stubbed s) {
        return calls(s).stream().filter(c -> c.status() < 300).map(Call::label).filter(l -> l != null).toList();
    }

    private void awaitWrites(Stubbed s, String last) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    List<String> writes = writes(s);
                    return !writes.isEmpty() && writes.get(writes.size() - 1).equals(last);
                });
    }

    @Test
    void aReadyRevisionIsReportedInProgressThenSuccessWithItsUrlAndItsPullRequestCommentIsUpdatedInPlace() {
        Stubbed s = stubRepository(uniqueRepository());
        Map<String, Object> request = body(s.repository(), "feature/login", commit());
        request.put("pullRequest", 7);
        Response posted = Requests.post(request);
        String id = posted.path("environmentId");
        String url = posted.path("url");
        String sha = (String) request.get("commit");

        awaitPhase(id, "READY");
        awaitWrites(s, "update comment READY");

        List<String> writes = writes(s);
        // the job reads the phase when it runs: QUEUED and DEPLOYING may be reported as one step
        assertThat(writes).isIn(
                List.of("create deployment", "status in_progress", "create comment QUEUED", "update comment DEPLOYING",
                        "status success", "update comment READY"),
                List.of("create deployment", "status in_progress", "create comment DEPLOYING", "status success",
                        "update comment READY"),
                List.of("create deployment", "status in_progress", "create comment QUEUED", "status success",
                        "update comment READY"));
        List<Call> calls = calls(s);
        Call deployment = calls.stream().filter(c -> "create deployment".equals(c.label())).findFirst().orElseThrow();
        assertThat(deployment.json().path("ref").asText()).isEqualTo(sha);
        assertThat(deployment.json().path("environment").asText()).isEqualTo("preview/feature/login");
        assertThat(deployment.json().path("auto_merge").asBoolean(true)).isFalse();
        assertThat(deployment.json().path("required_contexts").isArray()).isTrue();
        assertThat(deployment.json().path("required_contexts")).isEmpty();
        assertThat(deployment.json().path("transient_environment").asBoolean()).isTrue();
        assertThat(deployment.json().path("production_environment").asBoolean(true)).isFalse();
        assertThat(deployment.authorization()).isEqualTo("Bearer " + GitHubStub.TOKEN);
        assertThat(deployment.accept()).isEqualTo("application/vnd.github+json");
        assertThat(deployment.apiVersion()).isEqualTo("2022-11-28");
        assertThat(deployment.userAgent()).isEqualTo("Driftless");

        Call success = calls.stream().filter(c -> "status success".equals(c.label())).findFirst().orElseThrow();
        assertThat(success.json().path("environment_url").asText()).isEqualTo(url);
        assertThat(success.json().path("log_url").asText()).isEqualTo(GitHubStub.PUBLIC_URL + "/environments/" + id);

        Call comment = calls.get(calls.size() - 1);
        assertThat(comment.method()).isEqualTo("PATCH");
        assertThat(comment.path()).isEqualTo("/issues/comments/" + s.commentId());
        assertThat(comment.json().path("body").asText())
                .startsWith("<!-- driftless:environment:" + id + " -->")
                .contains(url)
                .contains(posted.<String>path("revisionUrl"))
                .contains("`" + sha.substring(0, 7) + "`")
                .contains("(" + GitHubStub.PUBLIC_URL + "/environments/" + id + ")");
        assertThat(calls).filteredOn(c -> c.method().equals("POST") && c.path().endsWith("/comments")).hasSize(1);
    }

    @Test
    void aFailedRevisionIsReportedAsAFailureWithItsReasonAndALinkToDriftless() {
        cluster.expect().post().withPath("/api/v1/namespaces")
                .andReturn(422, new StatusBuilder().withCode(422).withMessage("Namespace is invalid").build())
                .once();
        Stubbed s = stubRepository(uniqueRepository());
        String id = Requests.post(body(s.repository(), "main", commit())).path("environmentId");

        awaitPhase(id, "FAILED");
        awaitWrites(s, "status failure");

        assertThat(writes(s)).containsExactly("create deployment", "status in_progress", "status failure");
        Call failure = calls(s).get(calls(s).size() - 1);
        assertThat(failure.json().path("log_url").asText()).isEqualTo(GitHubStub.PUBLIC_URL + "/environments/" + id);
        assertThat(failure.json().path("description").asText()).contains("Namespace is invalid");
        assertThat(failure.json().path("description").asText().length()).isLessThanOrEqualTo(140);
        assertThat(failure.json().has("environment_url")).isFalse();
    }

    @Test
    void aTornDownEnvironmentsDeploymentBecomesInactiveAndItsCommentSaysSo() {
        Stubbed s = stubRepository(uniqueRepository());
        Map<String, Object> request = body(s.repository(), "main", commit());
        request.put("pullRequest", 7);
        String id = Requests.post(request).path("environmentId");
        awaitPhase(id, "READY");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> writes(s).contains("status success"));

        given().delete("/api/v1/environments/" + id).then().statusCode(202);
        awaitPhase(id, "TORN_DOWN");
        awaitWrites(s, "update comment TORN_DOWN");

        List<String> statuses = writes(s).stream().filter(w -> w.startsWith("status")).toList();
        assertThat(statuses).containsExactly("status in_progress", "status success", "status inactive");
        Call last = calls(s).get(calls(s).size() - 1);
        assertThat(last.json().path("body").asText()).contains("### Driftless preview: torn down");
    }

    @Test
    void aRateLimitAndABadGatewayAreWaitedOutAndRetriedWithoutASecondDeployment() {
        Stubbed s = stubRepository(uniqueRepository());
        String reset = String.valueOf(System.currentTimeMillis() / 1000 + 2);
        github.stubFor(post(urlPathEqualTo(s.repos() + "/deployments")).inScenario(s.repository())
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(403, "{\"message\":\"API rate limit exceeded for installation ID 1.\"}")
                        .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", reset))
                .willSetStateTo("limited"));
        github.stubFor(post(urlPathEqualTo(s.repos() + "/deployments")).inScenario(s.repository())
                .whenScenarioStateIs("limited")
                .willReturn(json(201, "{\"id\":" + s.deploymentId() + "}"))
                .willSetStateTo("created"));
        github.stubFor(post(urlPathEqualTo(s.repos() + "/deployments/" + s.deploymentId() + "/statuses"))
                .inScenario(s.repository()).whenScenarioStateIs("created")
                .willReturn(json(502, "<html>Bad Gateway</html>"))
                .willSetStateTo("recovered"));
        github.stubFor(post(urlPathEqualTo(s.repos() + "/deployments/" + s.deploymentId() + "/statuses"))
                .inScenario(s.repository()).whenScenarioStateIs("recovered")
                .willReturn(json(201, "{\"id\":2,\"state\":\"x\"}")));
        String id = Requests.post(body(s.repository(), "main", commit())).path("environmentId");

        awaitPhase(id, "READY");
        awaitWrites(s, "status success");

        List<Call> calls = calls(s);
        List<Call> creations = calls.stream().filter(c -> c.method().equals("POST") && c.path().equals("/deployments"))
                .toList();
        assertThat(creations).extracting(Call::status).containsExactly(403, 201);
        assertThat(creations.get(1).at() - creations.get(0).at())
                .as("waited for X-RateLimit-Reset").isGreaterThanOrEqualTo(900);
        assertThat(calls.stream().filter(c -> c.path().endsWith("/statuses")).map(c -> c.status() + " " + c.label()))
                .containsExactly("502 status in_progress", "201 status in_progress", "201 status success");
        assertThat(writes(s)).containsExactly("create deployment", "status in_progress", "status success");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                jobs.listByEnvironment(UUID.fromString(id))).filteredOn(j -> j.kind == Job.Kind.GITHUB_SYNC)
                .allSatisfy(j -> assertThat(j.state).isEqualTo(Job.State.DONE))
                .anySatisfy(j -> {
                    // a try for the 403, one for the 502, one that went through; the last error stays on record
                    assertThat(j.attempts).isEqualTo(3);
                    assertThat(j.lastError).contains("HTTP 502");
                }));
        assertThat(writes(s)).as("nothing more once every job is done")
                .containsExactly("create deployment", "status in_progress", "status success");
    }

    @Test
    void aRefusalFromGitHubFailsOnlyTheJobWithGitHubsReasonNotTheRevision() {
        Stubbed s = stubRepository(uniqueRepository());
        github.stubFor(post(urlPathEqualTo(s.repos() + "/deployments"))
                .willReturn(json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Deployment\","
                        + "\"code\":\"custom\",\"message\":\"No ref found for: deadbeef\"}]}")));
        String id = Requests.post(body(s.repository(), "main", commit())).path("environmentId");

        awaitPhase(id, "READY");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jobs.listByEnvironment(UUID.fromString(id))
                .stream().anyMatch(j -> j.kind == Job.Kind.GITHUB_SYNC && j.state == Job.State.FAILED));

        Job failed = jobs.listByEnvironment(UUID.fromString(id)).stream()
                .filter(j -> j.kind == Job.Kind.GITHUB_SYNC && j.state == Job.State.FAILED).findFirst().orElseThrow();
        assertThat(failed.attempts).as("not retried").isEqualTo(1);
        assertThat(failed.lastError).contains("HTTP 422").contains("Validation Failed").contains("No ref found");
        given().get("/api/v1/environments/" + id).then().statusCode(200)
                .body("phase", org.hamcrest.Matchers.equalTo("READY"));
    }

    @Test
    void aCommentDeletedOnGitHubIsWrittenAgain() {
        Stubbed s = stubRepository(uniqueRepository());
        github.stubFor(patch(urlPathEqualTo(s.repos() + "/issues/comments/" + s.commentId()))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
        Map<String, Object> request = body(s.repository(), "main", commit());
        request.put("pullRequest", 7);
        String id = Requests.post(request).path("environmentId");

        awaitPhase(id, "READY");
        awaitWrites(s, "create comment READY");

        assertThat(calls(s)).filteredOn(c -> c.method().equals("PATCH"))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(404));
        assertThat(writes(s).stream().filter(w -> w.startsWith("create comment")).count()).isGreaterThanOrEqualTo(2);
    }
}
