package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;

/** With one build slot, a second tree's build waits, its revision BUILDING, until the first ends. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(BuildConcurrencyTest.OneSlot.class)
class BuildConcurrencyTest {

    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("driftless.build.concurrency", "1", "driftless.cluster.simulated.build-delay", "1s");
        }
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
