package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.driftless.api.github.GitHubDeliveries;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A pull request's revision takes its stack from driftless.yaml at the head commit, read from (a stub
 * of) GitHub's contents API; no file falls back to the image template; an invalid file fails the
 * revision with its errors, lines and columns, in the pull-request comment.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = GitHubStub.class, restrictToAnnotatedClass = true)
class SpecFromRepositoryFlowTest {

    static final String DIGEST = "@sha256:" + "0123456789abcdef".repeat(4);
    static final String SPEC = """
            version: 1
            services:
              web:
                image: ghcr.io/acme/web%s
                port: 8080
                expose: true
                dependsOn: [db]
              db:
                image: ghcr.io/acme/db%s
                port: 5432
            hooks:
              migrate: {service: web, command: ["./migrate"]}
            """.formatted(DIGEST, DIGEST);

    @GitHubStub.Server
    WireMockServer github;

    @Inject
    GitHubDeliveries deliveries;

    private String repositoryWithSettings() {
        String repository = uniqueRepository();
        given().contentType(ContentType.JSON)
                .body(Map.of("imageTemplate", "ghcr.io/" + repository + ":{sha}", "port", 9090))
                .put("/api/v1/repos/" + repository + "/settings").then().statusCode(200);
        String repos = "/repos/" + repository;
        github.stubFor(get(urlPathEqualTo(repos + "/deployments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathEqualTo(repos + "/deployments"))
                .willReturn(json(201, "{\"id\":501,\"environment\":\"x\"}")));
        github.stubFor(post(urlPathEqualTo(repos + "/deployments/501/statuses"))
                .willReturn(json(201, "{\"id\":1,\"state\":\"x\"}")));
        github.stubFor(get(urlPathEqualTo(repos + "/issues/7/comments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathEqualTo(repos + "/issues/7/comments"))
                .willReturn(json(201, "{\"id\":601,\"body\":\"\"}")));
        github.stubFor(patch(urlPathEqualTo(repos + "/issues/comments/601"))
                .willReturn(okJson("{\"id\":601,\"body\":\"\"}")));
        return repository;
    }

    private MappingBuilder contents(String repository, String commit) {
        return get(urlPathEqualTo("/repos/" + repository + "/contents/driftless.yaml"))
                .withQueryParam("ref", equalTo(commit));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    private static String environmentOf(String repository) {
        return given().queryParam("repository", repository).get("/api/v1/environments").path("items[0].id");
    }

    private String opened(String repository, String sha) {
        return Webhooks.process(deliveries, "pull_request", Webhooks.pullRequest("opened", repository, repository,
                7, sha));
    }

    @Test
    void theSpecFileAtTheHeadCommitMakesAStackRevisionReadOnceAndShownAsItWas() {
        String repository = repositoryWithSettings();
        String sha = commit();
        github.stubFor(contents(repository, sha).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.github.raw; charset=utf-8").withBody(SPEC)));

        assertThat(opened(repository, sha)).startsWith("asked for revision 1");
        String id = environmentOf(repository);
        Response ready = awaitPhase(id, "READY");
        ready.then().body("revisions[0].stack.specPath", org.hamcrest.Matchers.equalTo("driftless.yaml"))
                .body("revisions[0].stack.services.name", org.hamcrest.Matchers.equalTo(List.of("db", "web")))
                .body("revisions[0].stack.hooks.name", org.hamcrest.Matchers.equalTo(List.of("migrate")));
        String revision = ready.path("revisions[0].id");
        given().get("/api/v1/revisions/" + revision + "/spec").then().statusCode(200)
                .header("Driftless-Spec-Path", "driftless.yaml")
                .body(org.hamcrest.Matchers.equalTo(SPEC));

        // the same commit again: the same revision, and GitHub is not asked again (content at a commit never changes)
        assertThat(Webhooks.process(deliveries, "pull_request",
                Webhooks.pullRequest("synchronize", repository, repository, 7, sha))).startsWith("revision exists already");
        List<LoggedRequest> reads = github.findAll(getRequestedFor(
                urlPathEqualTo("/repos/" + repository + "/contents/driftless.yaml")));
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).getHeader("Accept")).isEqualTo("application/vnd.github.raw+json");
        assertThat(reads.get(0).getHeader("Authorization")).isEqualTo("Bearer " + GitHubStub.TOKEN);
    }

    @Test
    void noFileAtTheCommitFallsBackToTheImageTemplate() {
        String repository = repositoryWithSettings();
        String sha = commit();
        github.stubFor(contents(repository, sha).willReturn(json(404, "{\"message\":\"Not Found\"}")));
        github.stubFor(get(urlPathEqualTo("/repos/" + repository + "/git/commits/" + sha))
                .willReturn(okJson("{\"sha\":\"" + sha + "\"}")));

        assertThat(opened(repository, sha)).startsWith("asked for revision 1");
        String id = environmentOf(repository);
        awaitPhase(id, "READY").then()
                .body("revisions[0].image", org.hamcrest.Matchers.equalTo("ghcr.io/" + repository + ":" + sha))
                .body("revisions[0].stack.services[0].port", org.hamcrest.Matchers.equalTo(9090))
                .body("revisions[0].stack.specPath", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void anInvalidFileFailsTheRevisionWithLinesAndColumnsInThePullRequestComment() {
        String repository = repositoryWithSettings();
        String sha = commit();
        String invalid = SPEC.replace("port: 5432", "port: 70000").replace("    dependsOn: [db]\n",
                "    dependsOn: [cache]\n");
        github.stubFor(contents(repository, sha).willReturn(aResponse().withStatus(200).withBody(invalid)));

        assertThat(opened(repository, sha)).startsWith("asked for revision 1");
        String id = environmentOf(repository);
        awaitPhase(id, "FAILED").then()
                .body("revisions[0].failureReason", containsString("driftless.yaml at " + sha.substring(0, 7)
                        + " is not valid"))
                .body("revisions[0].failureReason", containsString("line 7, column"))
                .body("revisions[0].failureReason", containsString("line 10, column"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                github.findAll(postRequestedFor(urlPathEqualTo("/repos/" + repository + "/issues/7/comments"))))
                .anySatisfy(r -> assertThat(r.getBodyAsString()).contains("line 10, column")
                        .contains("services.db.port")));
    }
}
