package io.driftless.server;

import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.api.github.GitHubDeliveries;
import io.driftless.api.github.GitHubDeliveries.DeliveryView;
import io.driftless.api.github.WebhookSignature;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** GitHub deliveries as GitHub sends them (the real example payloads, signed), for the webhook tests. */
final class Webhooks {

    /** {@code %test.driftless.github.webhook-secret}. */
    static final String SECRET = "test-webhook-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    private Webhooks() {
    }


    /** A repository with settings: image ghcr.io/<repository>:<sha>, port 9090. */
    static String withSettings() {
        String repository = uniqueRepository();
        given().contentType(ContentType.JSON)
                .body(Map.of("imageTemplate", "ghcr.io/" + repository + ":{sha}", "port", 9090))
                .put("/api/v1/repos/" + repository + "/settings").then().statusCode(200);
        return repository;
    }

    static ObjectNode pullRequest(String action, String repository, String headRepository, int number,
            String sha) {
        try {
            ObjectNode payload = (ObjectNode) JSON.readTree(fixture("pull_request.opened"));
            payload.put("action", action);
            payload.put("number", number);
            ((ObjectNode) payload.get("repository")).put("full_name", repository);
            ObjectNode pr = (ObjectNode) payload.get("pull_request");
            pr.put("number", number);
            pr.putArray("labels");
            ObjectNode head = (ObjectNode) pr.get("head");
            head.put("sha", sha);
            head.put("ref", "feature/checkout");
            ((ObjectNode) head.get("repo")).put("full_name", headRepository);
            ((ObjectNode) pr.get("base").get("repo")).put("full_name", repository);
            return payload;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void label(ObjectNode payload, String name) {
        payload.putObject("label").put("name", name);
        ArrayNode labels = (ArrayNode) payload.get("pull_request").get("labels");
        if (!"unlabeled".equals(payload.get("action").asText())) {
            labels.addObject().put("name", name);
        }
    }

    static Response deliver(String event, ObjectNode payload, String delivery) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, body)).body(body)
                .post("/webhooks/github");
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = Webhooks.class.getResourceAsStream("/github-webhooks/" + name + ".json")) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Delivers, waits until the worker processed the delivery, and returns its outcome. */
    static String process(GitHubDeliveries deliveries, String event, ObjectNode payload) {
        String delivery = UUID.randomUUID().toString();
        deliver(event, payload, delivery).then().statusCode(202);
        return awaitProcessed(deliveries, delivery).outcome();
    }

    static DeliveryView awaitProcessed(GitHubDeliveries deliveries, String delivery) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> deliveries.find(delivery).map(d -> d.processedAt() != null).orElse(false));
        return deliveries.find(delivery).orElseThrow();
    }
}
