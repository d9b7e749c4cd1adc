package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.driftless.api.domain.Job;
import io.driftless.api.service.JobStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Outbound webhooks against a real HTTP receiver. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = WireMockResource.class, restrictToAnnotatedClass = true)
class OutboundWebhookTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Inject
    JobStore jobs;

    /** The requests the receiver got about one repository, oldest first. */
    private List<ServeEvent> received(String repository) {
        return WireMockResource.server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains("\"repository\":\"" + repository + "\""))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .toList();
    }

    @Test
    void eachChangeIsDeliveredSignedOnceAndAFailedDeliveryIsRetriedWithTheSameIdAndBody() throws Exception {
        String repository = uniqueRepository();
        // the first delivery about this repository fails with a 500, every later one succeeds
        WireMockResource.server.stubFor(post(urlEqualTo("/hook")).inScenario("flaky " + repository)
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing(repository))
                .willReturn(aResponse().withStatus(500).withBody("try later"))
                .willSetStateTo("up"));
        WireMockResource.server.stubFor(post(urlEqualTo("/hook")).inScenario("flaky " + repository)
                .whenScenarioStateIs("up")
                .withRequestBody(containing(repository))
                .willReturn(aResponse().withStatus(204)));

        String environmentId = Requests.post(body(repository, "feature/hooks", commit())).path("environmentId");
        awaitPhase(environmentId, "READY");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> received(repository).stream()
                        .anyMatch(e -> e.getResponse().getStatus() == 204
                                && e.getRequest().getBodyAsString().contains("\"phase\":\"READY\"")));

        List<ServeEvent> requests = received(repository);
        Map<String, List<ServeEvent>> byDelivery = new LinkedHashMap<>();
        for (ServeEvent e : requests) {
            byDelivery.computeIfAbsent(e.getRequest().getHeader("X-Driftless-Delivery"), k -> new java.util.ArrayList<>())
                    .add(e);
        }
        // every request is signed over its raw body and names its event and delivery
        for (ServeEvent e : requests) {
            byte[] raw = e.getRequest().getBody();
            assertThat(e.getRequest().getHeader("X-Driftless-Signature-256")).isEqualTo(hmac(raw));
            assertThat(e.getRequest().getHeader("X-Driftless-Event")).isEqualTo("revision.changed");
            assertThat(e.getRequest().getHeader("Content-Type")).startsWith("application/json");
            JsonNode json = mapper.readTree(raw);
            assertThat(json.path("deliveryId").asText())
                    .isEqualTo(e.getRequest().getHeader("X-Driftless-Delivery"));
            assertThat(json.path("event").asText()).isEqualTo("revision.changed");
            assertThat(json.path("environment").path("id").asText()).isEqualTo(environmentId);
            assertThat(json.path("environment").path("branch").asText()).isEqualTo("feature/hooks");
            assertThat(json.path("environment").path("url").asText()).startsWith("http://");
            assertThat(json.path("revision").path("number").asInt()).isEqualTo(1);
            assertThat(json.path("revision").path("commit").asText()).hasSize(40);
            assertThat(json.path("revision").path("url").asText()).startsWith("http://");
            assertThat(json.path("at").asText()).isNotEmpty();
        }
        // each delivery succeeded exactly once, in the order of the changes
        assertThat(byDelivery.values()).allSatisfy(tries -> assertThat(tries)
                .filteredOn(e -> e.getResponse().getStatus() == 204).hasSize(1));
        assertThat(byDelivery.values()).extracting(tries -> phaseOf(tries.get(0)))
                .containsExactly("QUEUED", "DEPLOYING", "READY");
        // the first was refused with a 500, then sent again: same delivery id, byte-identical body
        List<ServeEvent> first = byDelivery.values().iterator().next();
        assertThat(first).extracting(e -> e.getResponse().getStatus()).containsExactly(500, 204);
        assertThat(first.get(1).getRequest().getBody()).isEqualTo(first.get(0).getRequest().getBody());
        UUID.fromString(first.get(0).getRequest().getHeader("X-Driftless-Delivery"));

        List<Job> webhooks = jobs.listByEnvironment(UUID.fromString(environmentId)).stream()
                .filter(j -> j.kind == Job.Kind.WEBHOOK).toList();
        assertThat(webhooks).hasSize(3).allSatisfy(j -> {
            assertThat(j.lane).isEqualTo(Job.Lane.OUTBOUND);
            assertThat(j.state).isEqualTo(Job.State.DONE);
        });
        assertThat(webhooks.get(0).attempts).isEqualTo(2);
        assertThat(webhooks.get(0).lastError).contains("500").contains("try later");
    }

    @Test
    void aDeliveryTheReceiverRefusesFailsForGoodWithWhatItSaid() {
        String repository = uniqueRepository();
        WireMockResource.server.stubFor(post(urlEqualTo("/hook")).withRequestBody(containing(repository))
                .willReturn(aResponse().withStatus(410).withBody("no such hook")));

        String environmentId = Requests.post(body(repository, "main", commit())).path("environmentId");
        awaitPhase(environmentId, "READY");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.listByEnvironment(UUID.fromString(environmentId)).stream()
                        .filter(j -> j.kind == Job.Kind.WEBHOOK).count() == 3
                        && jobs.listByEnvironment(UUID.fromString(environmentId)).stream()
                                .filter(j -> j.kind == Job.Kind.WEBHOOK).allMatch(j -> j.state == Job.State.FAILED));
        assertThat(jobs.listByEnvironment(UUID.fromString(environmentId))).filteredOn(j -> j.kind == Job.Kind.WEBHOOK)
                .allSatisfy(j -> {
                    assertThat(j.attempts).isEqualTo(1);
                    assertThat(j.lastError).contains("answered 410").contains("no such hook");
                });
        // one try each: a refusal is not retried
        assertThat(received(repository)).hasSize(3);
    }

    private static String phaseOf(ServeEvent e) {
        String body = e.getRequest().getBodyAsString();
        return body.replaceAll(".*\"phase\":\"([A-Z_]+)\".*", "$1");
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WireMockResource.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
