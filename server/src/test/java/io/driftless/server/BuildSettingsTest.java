package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.worker.build.BuildInput;
import io.driftless.worker.build.BuildRenderer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;

/**
 * Builds with settings of their own: one build slot (a second tree's build waits, its revision
 * BUILDING, until the first ends), and push credentials and a git token, which reach build namespaces
 * only, and the git token never a fork's.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(BuildSettingsTest.OneSlotWithCredentials.class)
class BuildSettingsTest {

    public static class OneSlotWithCredentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("driftless.build.concurrency", "1", "driftless.cluster.simulated.build-delay", "2s",
                    "driftless.build.git-token", "ghs_test_git_token",
                    "driftless.build.push-config", "{\"auths\":{\"registry.driftless.local\":{\"auth\":\"dGVzdDp0ZXN0\"}}}");
        }
    }

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    /** The build namespace of the revision's only build, once its Job exists (it goes when the build ends). */
    private String runningBuildNamespace(Response posted) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> !BuildFlowTest.builds(posted.path("revisionId")).isEmpty());
        String key = (String) BuildFlowTest.builds(posted.path("revisionId")).get(0).get("cacheKey");
        String namespace = BuildInput.namespaceName(key, "web");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() ->
                client.batch().v1().jobs().inNamespace(namespace).withName(BuildRenderer.JOB).get() != null);
        return namespace;
    }

    @Test
    void aTrustedBuildGetsPushCredentialsAndTheGitTokenAForkOnlyPushCredentialsUnderForks() {
        String repository = uniqueRepository();
        Response trusted = BuildFlowTest.post(BuildFlowTest.request(repository, "trusted", commit()));
        String namespace = runningBuildNamespace(trusted);
        assertThat(client.secrets().inNamespace(namespace).list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder(BuildRenderer.PUSH_SECRET, BuildRenderer.GIT_TOKEN_SECRET);
        assertThat(client.batch().v1().jobs().inNamespace(namespace).withName(BuildRenderer.JOB).get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName()).contains(BuildRenderer.GIT_AUTH_TOKEN);
        awaitPhase(trusted.path("environmentId"), "READY");
        String revisionNamespace = given().get("/api/v1/environments/" + trusted.path("environmentId"))
                .path("revisions[0].namespace");
        assertThat(client.secrets().inNamespace(revisionNamespace).list().getItems())
                .as("build credentials never reach a revision").isEmpty();

        Map<String, Object> fromFork = BuildFlowTest.request(repository, "from-fork", commit());
        fromFork.put("headRepository", "alice/shop");
        Response fork = BuildFlowTest.post(fromFork);
        String forkNamespace = runningBuildNamespace(fork);
        assertThat(client.secrets().inNamespace(forkNamespace).list().getItems())
                .extracting(s -> s.getMetadata().getName()).containsExactly(BuildRenderer.PUSH_SECRET);
        assertThat(client.batch().v1().jobs().inNamespace(forkNamespace).withName(BuildRenderer.JOB).get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName()).doesNotContain(BuildRenderer.GIT_AUTH_TOKEN);
        awaitPhase(fork.path("environmentId"), "READY");
        assertThat((String) BuildFlowTest.builds(fork.path("revisionId")).get(0).get("image"))
                .contains("/forks/alice/shop/web:key-");
    }

    @Test
    void aBuildBeyondTheLimitWaitsForTheRunningOneToEnd() {
        Response first = BuildFlowTest.post(BuildFlowTest.request(uniqueRepository(), "one", commit()));
        Response second = BuildFlowTest.post(BuildFlowTest.request(uniqueRepository(), "two", commit()));

        awaitPhase(first.path("environmentId"), "READY");
        awaitPhase(second.path("environmentId"), "READY");

        List<Map<String, Object>> builds = List.of(BuildFlowTest.builds(first.path("revisionId")).get(0),
                BuildFlowTest.builds(second.path("revisionId")).get(0));
        assertThat(builds).allSatisfy(b -> assertThat(b.get("status")).isEqualTo("SUCCEEDED"));
        Map<String, Object> earlier = Instant.parse((String) builds.get(0).get("startedAt"))
                .isBefore(Instant.parse((String) builds.get(1).get("startedAt"))) ? builds.get(0) : builds.get(1);
        Map<String, Object> later = earlier == builds.get(0) ? builds.get(1) : builds.get(0);
        assertThat(Instant.parse((String) later.get("startedAt")))
                .as("the second build started only once the first ended")
                .isAfterOrEqualTo(Instant.parse((String) earlier.get("finishedAt")));
    }
}
