package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static io.driftless.server.Webhooks.SECRET;
import static io.driftless.server.Webhooks.deliver;
import static io.driftless.server.Webhooks.fixture;
import static io.driftless.server.Webhooks.label;
import static io.driftless.server.Webhooks.pullRequest;
import static io.driftless.server.Webhooks.withSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.api.github.GitHubDeliveries;
import io.driftless.api.github.GitHubDeliveries.DeliveryView;
import io.driftless.api.github.WebhookSignature;
import io.driftless.worker.render.SealRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** GitHub deliveries, signed as GitHub signs them, drive environments; forks wait for approval. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class GitHubWebhookFlowTest {


    @Inject
    GitHubDeliveries deliveries;

    private String process(String event, ObjectNode payload) {
        return Webhooks.process(deliveries, event, payload);
    }

    private DeliveryView awaitProcessed(String delivery) {
        return Webhooks.awaitProcessed(deliveries, delivery);
    }

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    // --- signatures and deliveries -----------------------------------------------------------------

    @Test
    void aMissingOrWrongSignatureIsRefusedAndNothingIsRecorded() throws IOException {
        byte[] body = fixture("pull_request.opened");
        long before = deliveries.count();

        RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString()).body(body)
                .post("/webhooks/github").then()
                .statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("no X-Hub-Signature-256"));
        RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.sign("not the secret", body)).body(body)
                .post("/webhooks/github").then()
                .statusCode(401).body("detail", containsString("does not match"));
        // the right signature of another body
        RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, fixture("pull_request.closed")))
                .body(body).post("/webhooks/github").then()
                .statusCode(401);

        assertThat(deliveries.count()).isEqualTo(before);
    }

    @Test
    void everyFixtureIsAcceptedSignedOverItsRawBytesAndProcessed() throws IOException {
        Map<String, String> outcomes = Map.of(
                "ping", "pong: hook 109948940 of Octocoders/Hello-World is set up",
                "push", "ignored: Driftless does not act on push events",
                "pull_request.opened", "ignored: repository Codertocat/Hello-World has no settings",
                "pull_request.reopened", "ignored: repository Codertocat/Hello-World has no settings",
                "pull_request.synchronize", "ignored: repository Codertocat/Hello-World has no settings",
                "pull_request.labeled", "ignored: label bug means nothing to Driftless",
                "pull_request.closed", "nothing to tear down (pull request closed)");
        for (Map.Entry<String, String> fixture : outcomes.entrySet()) {
            String event = fixture.getKey().split("\\.")[0];
            String delivery = UUID.randomUUID().toString();
            byte[] body = fixture(fixture.getKey());
            RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Event", event)
                    .header("X-GitHub-Delivery", delivery)
                    .header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, body)).body(body)
                    .post("/webhooks/github").then()
                    .statusCode(202).body("status", equalTo("queued")).body("delivery", equalTo(delivery));
            assertThat(awaitProcessed(delivery).outcome()).as(fixture.getKey()).startsWith(fixture.getValue());
        }
    }

    @Test
    void aReplayedDeliveryCreatesNothingNew() {
        String repository = withSettings();
        String sha = commit();
        ObjectNode payload = pullRequest("opened", repository, repository, 3, sha);
        String delivery = UUID.randomUUID().toString();
        deliver("pull_request", payload, delivery).then().statusCode(202);
        awaitProcessed(delivery);
        long count = deliveries.count();

        deliver("pull_request", payload, delivery).then().statusCode(200).body("status", equalTo("duplicate"));

        assertThat(deliveries.count()).isEqualTo(count);
        String id = onlyEnvironment(repository);
        assertThat(given().get("/api/v1/environments/" + id).<List<?>>path("revisions")).hasSize(1);
    }

    @Test
    void aDeliveryWithoutItsHeadersOrWithoutJsonIsABadRequest() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, body)).body(body)
                .post("/webhooks/github").then().statusCode(400).body("detail", containsString("X-GitHub-Event"));
        byte[] notJson = "hello".getBytes(StandardCharsets.UTF_8);
        RestAssured.given().contentType(ContentType.JSON).header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, notJson)).body(notJson)
                .post("/webhooks/github").then().statusCode(400).body("detail", containsString("not JSON"));
    }

    // --- pull request actions ----------------------------------------------------------------------

    @Test
    void openedAsksForTheHeadCommitSynchronizeAddsARevisionAndClosedTearsDown() {
        String repository = withSettings();
        String first = commit();
        process("pull_request", pullRequest("opened", repository, repository, 5, first));

        String id = onlyEnvironment(repository);
        Response ready = awaitPhase(id, "READY");
        assertThat(ready.<String>path("branch")).isEqualTo("feature/checkout");
        assertThat(ready.<Integer>path("pullRequest")).isEqualTo(5);
        assertThat(ready.<String>path("revisions[0].commit")).isEqualTo(first);
        String image = "ghcr.io/" + repository + ":" + first;
        assertThat(ready.<String>path("revisions[0].image")).isEqualTo(image);
        // the simulated cluster deploys the tag as given, and says the revision is not pinned
        assertThat(ready.<Boolean>path("revisions[0].imagePinned")).isFalse();
        assertThat(ready.<String>path("revisions[0].pinnedImage")).isNull();
        assertThat(Requests.logIn().given().get("/environments/" + id).asString())
                .contains("not pinned to a digest: runs the tag as given");
        Deployment deployment = client.apps().deployments().inNamespace(ready.path("revisions[0].namespace"))
                .withName("app").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(image);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
                .getContainerPort()).isEqualTo(9090);

        String second = commit();
        process("pull_request", pullRequest("synchronize", repository, repository, 5, second));
        Response two = awaitPhase(id, "READY");
        assertThat(two.<List<String>>path("revisions.commit")).containsExactly(second, first);

        String outcome = process("pull_request", pullRequest("closed", repository, repository, 5, second));
        assertThat(outcome).startsWith("tearing down environment(s) [" + id + "]");
        awaitStatus(id, "TORN_DOWN");
    }

    @Test
    void theOptOutLabelTearsDownAndKeepsThePullRequestWithoutAnEnvironment() {
        String repository = withSettings();
        String sha = commit();
        process("pull_request", pullRequest("opened", repository, repository, 8, sha));
        String id = onlyEnvironment(repository);

        ObjectNode labeled = pullRequest("labeled", repository, repository, 8, sha);
        label(labeled, "no-preview");
        assertThat(process("pull_request", labeled)).startsWith("tearing down");
        awaitStatus(id, "TORN_DOWN");

        ObjectNode pushed = pullRequest("synchronize", repository, repository, 8, commit());
        label(pushed, "no-preview");
        assertThat(process("pull_request", pushed)).isEqualTo("skipped: the pull request has the opt-out label no-preview");
        assertThat(given().get("/api/v1/environments?repository=" + repository).<Integer>path("total")).isEqualTo(1);
    }

    @Test
    void aDraftGetsNoEnvironmentUntilReadyForReviewAndKeepsItWhenConvertedBack() {
        String repository = withSettings();
        String sha = commit();
        ObjectNode draft = pullRequest("opened", repository, repository, 9, sha);
        ((ObjectNode) draft.get("pull_request")).put("draft", true);
        assertThat(process("pull_request", draft)).contains("policy drafts=skip");
        assertThat(given().get("/api/v1/environments?repository=" + repository).<Integer>path("total")).isZero();

        process("pull_request", pullRequest("ready_for_review", repository, repository, 9, sha));
        String id = onlyEnvironment(repository);

        ObjectNode converted = pullRequest("converted_to_draft", repository, repository, 9, sha);
        ((ObjectNode) converted.get("pull_request")).put("draft", true);
        assertThat(process("pull_request", converted)).isEqualTo("kept: policy on-converted-to-draft=keep");
        assertThat(given().get("/api/v1/environments/" + id).<String>path("status")).isEqualTo("ACTIVE");
    }

    @Test
    void anUnknownActionIsAcknowledgedAndIgnored() {
        String repository = withSettings();
        assertThat(process("pull_request", pullRequest("assigned", repository, repository, 4, commit())))
                .isEqualTo("ignored: pull_request action assigned is not acted on");
        assertThat(given().get("/api/v1/environments?repository=" + repository).<Integer>path("total")).isZero();
    }

    @Test
    void aRepositoryWithoutSettingsIsIgnoredSayingWhy() {
        String repository = uniqueRepository();
        assertThat(process("pull_request", pullRequest("opened", repository, repository, 1, commit())))
                .isEqualTo("ignored: repository " + repository + " has no settings (no image template)");
        assertThat(given().get("/api/v1/environments?repository=" + repository).<Integer>path("total")).isZero();
    }

    // --- forks -------------------------------------------------------------------------------------

    @Test
    void aForkGetsAnEnvironmentOnlyForTheCommitAnAdminApproved() {
        String repository = withSettings();
        String fork = "mallory" + repository.substring(repository.indexOf('/'));
        String first = commit();
        assertThat(process("pull_request", pullRequest("opened", repository, fork, 11, first)))
                .startsWith("awaiting approval: commit " + first);
        assertThat(given().get("/api/v1/environments?repository=" + repository).<Integer>path("total")).isZero();

        Response approved = approve(repository, 11, first);
        approved.then().statusCode(200).body("commit", equalTo(first)).body("approvedBy", equalTo("token:bootstrap-admin"))
                .body("revisionNumber", equalTo(1));
        String id = approved.path("environmentId");
        Response ready = awaitPhase(id, "READY");
        assertThat(ready.<String>path("headRepository")).isEqualTo(fork);
        assertThat(ready.<String>path("revisions[0].commit")).isEqualTo(first);
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("action", hasItem("FORK_APPROVED"))
                .body("find { it.action == 'FORK_APPROVED' }.detail", containsString(first));
        assertForkRevisionHasNoSecretsAndNoInternet(ready.path("revisions[0].namespace"));
        // approving again asks for nothing new and records no second approval
        approve(repository, 11, first).then().statusCode(200).body("revisionId", equalTo(approved.path("revisionId")));

        String second = commit();
        assertThat(process("pull_request", pullRequest("synchronize", repository, fork, 11, second)))
                .startsWith("awaiting approval: commit " + second);
        assertThat(given().get("/api/v1/environments/" + id).<List<?>>path("revisions")).hasSize(1);
        approve(repository, 11, first).then().statusCode(200); // still approved, still its revision
        approve(repository, 11, commit()).then().statusCode(404).contentType("application/problem+json");

        approve(repository, 11, second).then().statusCode(200).body("revisionNumber", equalTo(2));
        assertThat(given().get("/api/v1/environments/" + id + "/events").<List<String>>path("action")
                .stream().filter("FORK_APPROVED"::equals).count()).isEqualTo(2);

        String third = commit();
        process("pull_request", pullRequest("synchronize", repository, fork, 11, third));
        String fourth = commit();
        process("pull_request", pullRequest("synchronize", repository, fork, 11, fourth));
        approve(repository, 11, third).then().statusCode(409).body("detail", containsString(fourth));
    }

    @Test
    void theTrustedLabelApprovesTheForksHeadCommitOnly() {
        String repository = withSettings();
        String fork = "eve" + repository.substring(repository.indexOf('/'));
        String sha = commit();
        process("pull_request", pullRequest("opened", repository, fork, 12, sha));
        ObjectNode labeled = pullRequest("labeled", repository, fork, 12, sha);
        label(labeled, "safe-to-preview");
        ((ObjectNode) labeled.get("sender")).put("login", "maintainer");

        assertThat(process("pull_request", labeled)).startsWith("asked for revision 1");
        String id = onlyEnvironment(repository);
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("find { it.action == 'FORK_APPROVED' }.actor", equalTo("github:maintainer (label safe-to-preview)"));

        // the label stays on, but a new push is new code: it waits again
        ObjectNode pushed = pullRequest("synchronize", repository, fork, 12, commit());
        label(pushed, "safe-to-preview");
        assertThat(process("pull_request", pushed)).startsWith("awaiting approval");
    }

    @Test
    void anApprovalOfAPullRequestTheWebhookNeverSawIsNotFound() {
        approve(uniqueRepository(), 99, commit()).then().statusCode(404).body("detail", containsString("#99"));
        given().contentType(ContentType.JSON).body(Map.of("commit", "xyz"))
                .post("/api/v1/repos/acme/shop/pulls/1/approvals").then().statusCode(400)
                .body("errors[0].field", equalTo("commit"));
    }

    // --- settings ----------------------------------------------------------------------------------

    @Test
    void repositorySettingsAreValidatedStoredAndRead() {
        String repository = uniqueRepository();
        String path = "/api/v1/repos/" + repository + "/settings";
        given().get(path).then().statusCode(404).contentType("application/problem+json");

        given().contentType(ContentType.JSON).body(Map.of("imageTemplate", "ghcr.io/acme/shop:latest")).put(path)
                .then().statusCode(400).body("errors[0].field", equalTo("imageTemplate"))
                .body("errors[0].message", containsString("{sha}"));
        given().contentType(ContentType.JSON).body(Map.of("imageTemplate", "GHCR.io/Acme Shop:{sha}")).put(path)
                .then().statusCode(400).body("errors[0].message", containsString("valid image reference"));
        given().contentType(ContentType.JSON).body(Map.of("imageTemplate", "ghcr.io/acme/shop:{sha}", "port", 0))
                .put(path).then().statusCode(400).body("errors[0].field", equalTo("port"));
        given().contentType(ContentType.JSON)
                .body(Map.of("imageTemplate", "ghcr.io/acme/shop:{sha}", "registry", "x")).put(path)
                .then().statusCode(400).body("errors[0].field", equalTo("registry"));
        given().get(path).then().statusCode(404);

        given().contentType(ContentType.JSON).body(Map.of("imageTemplate", "ghcr.io/acme/shop:{sha}", "port", 8081))
                .put(path).then().statusCode(200).body("port", equalTo(8081));
        given().get(path).then().statusCode(200)
                .body("repository", equalTo(repository))
                .body("specPath", equalTo("driftless.yaml"))
                .body("imageTemplate", equalTo("ghcr.io/acme/shop:{sha}"))
                .body("port", equalTo(8081));
    }

    @Test
    void theSpecFilesPathIsSetWithOrWithoutAnImageTemplateAndMustStayInsideTheRepository() {
        String repository = uniqueRepository();
        String path = "/api/v1/repos/" + repository + "/settings";

        given().contentType(ContentType.JSON).body(Map.of("specPath", "../x", "imageTemplate", "ghcr.io/acme/shop:{sha}"))
                .put(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("specPath")).body("errors[0].message", containsString("'..'"));
        given().contentType(ContentType.JSON).body(Map.of("specPath", "/driftless.yaml")).put(path)
                .then().statusCode(400).body("errors[0].field", equalTo("specPath"));
        given().contentType(ContentType.JSON).body(Map.of("specPath", "deploy\\driftless.yaml")).put(path)
                .then().statusCode(400).body("errors[0].field", equalTo("specPath"));
        given().contentType(ContentType.JSON).body(Map.of("specPath", "d/".repeat(128) + "x")).put(path)
                .then().statusCode(400).body("errors[0].message", containsString("at most 255"));
        given().contentType(ContentType.JSON).body(Map.of("port", 8081)).put(path)
                .then().statusCode(400).body("errors[0].field", equalTo("port"))
                .body("errors[0].message", containsString("imageTemplate"));
        given().get(path).then().statusCode(404);

        given().contentType(ContentType.JSON).body(Map.of("specPath", "deploy/previews.yaml")).put(path)
                .then().statusCode(200).body("specPath", equalTo("deploy/previews.yaml"))
                .body("imageTemplate", equalTo(null)).body("port", equalTo(null));
        given().get(path).then().statusCode(200).body("specPath", equalTo("deploy/previews.yaml"))
                .body("imageTemplate", equalTo(null)).body("port", equalTo(null));

        // a PUT replaces the settings: the path left out is the default again
        given().contentType(ContentType.JSON).body(Map.of("imageTemplate", "ghcr.io/acme/shop:{sha}")).put(path)
                .then().statusCode(200).body("specPath", equalTo("driftless.yaml")).body("port", equalTo(8080));
    }

    @Test
    void aRepositoryWithNeitherSpecFileNorImageTemplateIsIgnoredSayingWhere() {
        String repository = uniqueRepository();
        given().contentType(ContentType.JSON).body(Map.of("specPath", "deploy/previews.yaml"))
                .put("/api/v1/repos/" + repository + "/settings").then().statusCode(200);

        assertThat(process("pull_request", pullRequest("opened", repository, repository, 3, commit())))
                .isEqualTo("ignored: repository " + repository
                        + " has neither a spec file at deploy/previews.yaml nor an image template");
        assertThat(given().get("/api/v1/environments?repository=" + repository).<Integer>path("total")).isZero();
    }

    // --- helpers -----------------------------------------------------------------------------------

    /**
     * A fork's revision runs untrusted code: no internet egress by policy, and no secrets. Driftless
     * injects none into any revision today; this asserts it stays so for forks.
     */
    @Test
    void anAdminApprovesAForksCommitFromTheApprovalsPage() {
        String repository = withSettings();
        String fork = "mallory" + repository.substring(repository.indexOf('/'));
        String sha = commit();
        process("pull_request", pullRequest("opened", repository, fork, 12, sha));
        given().get("/api/v1/approvals").then().statusCode(200)
                .body("find { it.repository == '" + repository + "' }.commit", equalTo(sha));

        Requests.UiSession person = Requests.logIn();
        assertThat(person.given().get("/approvals").asString()).contains(repository, fork, sha.substring(0, 12));
        Response approved = person.submit("/approvals", "/approvals",
                Map.of("repository", repository, "pullRequest", "12", "commit", sha));
        approved.then().statusCode(303);
        String id = onlyEnvironment(repository);
        assertThat(approved.header("Location")).endsWith("/environments/" + id);
        awaitPhase(id, "READY");
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("find { it.action == 'FORK_APPROVED' }.actor", equalTo("user:admin"));
        assertThat(person.given().get("/approvals").asString()).doesNotContain(sha);
        assertThat(given().get("/api/v1/approvals").<List<String>>path("commit")).doesNotContain(sha);
    }

    private void assertForkRevisionHasNoSecretsAndNoInternet(String namespace) {
        assertThat(client.secrets().inNamespace(namespace).list().getItems()).isEmpty();
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName("app").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null);
        for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            assertThat(container.getEnvFrom()).allMatch(from -> from.getSecretRef() == null);
            assertThat(container.getEnv()).noneMatch(GitHubWebhookFlowTest::fromSecret);
        }
        assertThat(client.network().v1().networkPolicies().inNamespace(namespace)
                .withName(SealRenderer.ALLOW_INTERNET_EGRESS).get()).isNull();
    }

    private static boolean fromSecret(EnvVar env) {
        return env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null;
    }
    /** A pull_request payload: the real GitHub example with this repository, fork, number and head. */
    /** Makes the event about {@code name} being added/removed, with the label on the PR when added. */
    /** Delivers, waits until the worker processed the delivery, and returns its outcome. */
    private static Response approve(String repository, int number, String sha) {
        return given().contentType(ContentType.JSON).body(Map.of("commit", sha))
                .post("/api/v1/repos/" + repository + "/pulls/" + number + "/approvals");
    }

    private static String onlyEnvironment(String repository) {
        Response list = given().get("/api/v1/environments?repository=" + repository);
        assertThat(list.<Integer>path("total")).isEqualTo(1);
        return list.path("items[0].id");
    }

    private static void awaitStatus(String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(given().get("/api/v1/environments/" + id).path("status")));
    }

}
