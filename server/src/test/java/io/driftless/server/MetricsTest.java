package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;

/**
 * What an operator's Prometheus scrapes at {@code /q/metrics}: the names the README documents, moving
 * with what Driftless does.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class MetricsTest {

    @Test
    void aDeployShowsInTheJobAndPhaseMetrics() {
        double deploysBefore = value(scrape(), "driftless_jobs_run_seconds_count", "kind=\"deploy\"", "outcome=\"done\"");
        double readyBefore = value(scrape(), "driftless_revision_ready_seconds_count");

        String id = post(body(uniqueRepository(), "main", commit())).path("environmentId");
        awaitPhase(id, "READY");

        String metrics = scrape();
        assertThat(value(metrics, "driftless_jobs_run_seconds_count", "kind=\"deploy\"", "outcome=\"done\""))
                .as("the deploy job's try, counted done").isGreaterThan(deploysBefore);
        assertThat(value(metrics, "driftless_jobs_wait_seconds_count", "kind=\"deploy\"", "lane=")).isPositive();
        assertThat(value(metrics, "driftless_revision_phase_seconds_count", "phase=\"deploying\"", "next=\"ready\""))
                .isPositive();
        assertThat(value(metrics, "driftless_revision_ready_seconds_count")).isGreaterThan(readyBefore);
        assertThat(metrics).as("histogram buckets Prometheus can aggregate")
                .containsPattern("driftless_revision_ready_seconds_bucket\\{le=\"1.0\",?} ");
        assertThat(metrics).as("a gauge for each lane and kind, queued and running")
                .containsPattern("driftless_jobs\\{kind=\"deploy\",lane=\"[a-z]+\",state=\"queued\",?} [0-9.]+")
                .containsPattern("driftless_jobs\\{kind=\"deploy\",lane=\"[a-z]+\",state=\"running\",?} [0-9.]+");
        assertThat(metrics).contains("driftless_github_rate_limit_remaining");
    }

    @Test
    void anUnsignedGitHubWebhookIsCountedAsRefusedWithoutTrustingItsEventHeader() {
        double before = value(scrape(), "driftless_github_webhooks_total", "event=\"unverified\"", "outcome=\"refused\"");

        RestAssured.given().header("X-GitHub-Event", "made-up-event-" + System.nanoTime())
                .header("X-GitHub-Delivery", "d-1").contentType("application/json").body("{}")
                .post("/webhooks/github").then().statusCode(401);

        String metrics = scrape();
        assertThat(value(metrics, "driftless_github_webhooks_total", "event=\"unverified\"", "outcome=\"refused\""))
                .isEqualTo(before + 1);
        assertThat(metrics).as("a header anyone writes makes no series").doesNotContain("made-up-event");
    }

    private static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the samples of {@code name} whose labels contain each of {@code labels}; 0 when none. */
    private static double value(String metrics, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }
}
