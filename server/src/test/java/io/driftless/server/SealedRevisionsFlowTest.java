package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static io.driftless.server.Requests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.worker.deploy.OrphanSweep;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Sealed, immutable revisions: alias, rollback, retention, drift, sweep and teardown on the CRUD test server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SealedRevisionsFlowTest {

    static final String ROUTING = "driftless-routing";

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @Inject
    OrphanSweep sweep;

    /** Asks for a new commit of the branch and waits until the alias points at its revision. */
    String deployAndAwaitAlias(String repository, String branch) {
        Response posted = post(body(repository, branch, commit()));
        String id = posted.path("environmentId");
        String revision = posted.path("revisionId");
        awaitTrue(() -> revision.equals(given().get("/api/v1/environments/" + id).path("currentRevisionId")));
        return id;
    }

    static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25)).until(condition);
    }

    Service alias(String environmentId) {
        String name = given().get("/api/v1/environments/" + environmentId).path("name");
        return client.services().inNamespace(ROUTING).withName(name).get();
    }

    String namespaceOf(String environmentId, int revisionNumber) {
        List<Map<String, Object>> revisions = given().get("/api/v1/environments/" + environmentId).path("revisions");
        return revisions.stream().filter(r -> ((Integer) r.get("number")) == revisionNumber)
                .map(r -> (String) r.get("namespace")).findFirst().orElseThrow();
    }

    @Test
    void theAliasPointsAtTheNewestReadyRevisionAndTheOldOneKeepsRunning() {
        String repository = uniqueRepository();
        String id = deployAndAwaitAlias(repository, "main");
        String first = namespaceOf(id, 1);
        awaitTrue(() -> alias(id) != null && alias(id).getSpec().getExternalName().startsWith("app." + first + "."));

        deployAndAwaitAlias(repository, "main");
        String second = namespaceOf(id, 2);

        awaitTrue(() -> alias(id).getSpec().getExternalName().equals("app." + second + ".svc.cluster.local"));
        assertThat(client.namespaces().withName(first).get()).isNotNull();
        assertThat(client.network().v1().ingresses().inNamespace(ROUTING).withName(alias(id).getMetadata().getName())
                .get().getSpec().getRules().get(0).getHost())
                .isEqualTo(given().get("/api/v1/environments/" + id).<String>path("url")
                        .replace("http://", "").replace("/", ""));
    }

    @Test
    void rollbackMovesTheAliasAndNothingElse() {
        String repository = uniqueRepository();
        String id = deployAndAwaitAlias(repository, "main");
        deployAndAwaitAlias(repository, "main");
        String first = namespaceOf(id, 1);
        String second = namespaceOf(id, 2);
        awaitTrue(() -> alias(id) != null && alias(id).getSpec().getExternalName().startsWith("app." + second + "."));
        Map<String, String> before = resourceVersions(first, second);
        String firstRevision = given().get("/api/v1/environments/" + id).path("revisions[1].id");

        given().contentType(ContentType.JSON).body("{}").post("/api/v1/environments/" + id + "/rollback").then()
                .statusCode(200)
                .body("currentRevisionId", equalTo(firstRevision));

        awaitTrue(() -> alias(id).getSpec().getExternalName().startsWith("app." + first + "."));
        assertThat(resourceVersions(first, second)).as("no revision object was touched").isEqualTo(before);
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("action", hasItems("ROLLBACK", "ALIAS_MOVED"))
                .body("find { it.action == 'ROLLBACK' }.actor", equalTo("token:bootstrap-admin"));

        // and forward again, naming the revision
        String secondRevision = given().get("/api/v1/environments/" + id).path("revisions[0].id");
        given().contentType(ContentType.JSON).body(Map.of("revision", secondRevision))
                .post("/api/v1/environments/" + id + "/rollback").then().statusCode(200);
        awaitTrue(() -> alias(id).getSpec().getExternalName().startsWith("app." + second + "."));
    }

    @Test
    void theEnvironmentPageOffersRollbackOnEarlierReadyRevisionsAndShowsTheHistory() {
        String repository = uniqueRepository();
        String id = deployAndAwaitAlias(repository, "main");
        deployAndAwaitAlias(repository, "main");
        String first = given().get("/api/v1/environments/" + id).path("revisions[1].id");

        Requests.UiSession person = Requests.logIn();
        String page = person.given().get("/environments/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("action=\"/environments/" + id + "/rollback/" + first + "\"")
                .containsOnlyOnce("Roll back here")
                .contains("<h2>History</h2>", "ALIAS_MOVED");

        person.submit("/environments/" + id, "/environments/" + id + "/rollback/" + first).then().statusCode(303);
        assertThat(given().get("/api/v1/environments/" + id).<String>path("currentRevisionId")).isEqualTo(first);
    }

    @Test
    void rollbackWithNothingToRollBackToIsAConflict() {
        String id = deployAndAwaitAlias(uniqueRepository(), "main");

        given().contentType(ContentType.JSON).body("{}").post("/api/v1/environments/" + id + "/rollback").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("No READY revision before revision 1"));
        given().contentType(ContentType.JSON).body(Map.of("revision", UUID.randomUUID().toString()))
                .post("/api/v1/environments/" + id + "/rollback").then().statusCode(404);
    }

    @Test
    void retentionRetiresTheOldestRevisionBeyondThePolicy() {
        String repository = uniqueRepository();
        String id = deployAndAwaitAlias(repository, "main");
        String oldest = namespaceOf(id, 1);
        for (int i = 0; i < 3; i++) {
            deployAndAwaitAlias(repository, "main");
        }

        awaitTrue(() -> "TORN_DOWN".equals(given().get("/api/v1/environments/" + id).path("revisions[3].phase")));
        Response environment = given().get("/api/v1/environments/" + id);
        assertThat(environment.<List<String>>path("revisions.phase"))
                .containsExactly("READY", "READY", "READY", "TORN_DOWN");
        assertThat(environment.<List<String>>path("revisions[3].phases.phase")).contains("SUPERSEDED", "TEARING_DOWN");
        assertThat(client.namespaces().withName(oldest).get()).isNull();
        assertThat(client.namespaces().withName(namespaceOf(id, 2)).get()).isNotNull();
    }

    @Test
    void aHandEditIsDetectedRecordedAndReverted() {
        String id = deployAndAwaitAlias(uniqueRepository(), "main");
        String namespace = namespaceOf(id, 1);

        client.apps().deployments().inNamespace(namespace).withName("app")
                .edit(d -> { d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest"); return d; });

        awaitTrue(() -> Requests.IMAGE.equals(image(namespace)));
        given().get("/api/v1/environments/" + id).then()
                .body("revisions[0].drifts[0].kind", equalTo("EDITED"))
                .body("revisions[0].drifts[0].objectKind", equalTo("Deployment"))
                .body("revisions[0].drifts[0].detail", containsString("evil:latest"))
                .body("revisions[0].drifts[0].healedAt", org.hamcrest.Matchers.notNullValue());
        given().get("/api/v1/environments/" + id + "/events").then().body("action", hasItems("DRIFT", "HEALED"));
    }

    @Test
    void aHandDeletionIsDetectedAndTheObjectRecreated() {
        String id = deployAndAwaitAlias(uniqueRepository(), "main");
        String namespace = namespaceOf(id, 1);

        client.services().inNamespace(namespace).withName("app").delete();

        awaitTrue(() -> client.services().inNamespace(namespace).withName("app").get() != null
                && given().get("/api/v1/environments/" + id).<List<?>>path("revisions[0].drifts").size() > 0);
        given().get("/api/v1/environments/" + id).then()
                .body("revisions[0].drifts.kind", hasItem("DELETED"))
                .body("revisions[0].drifts.objectKind", hasItem("Service"));
    }

    @Test
    void anObjectAddedByHandInASealedNamespaceIsRemoved() {
        String id = deployAndAwaitAlias(uniqueRepository(), "main");
        String namespace = namespaceOf(id, 1);

        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("smuggled").withNamespace(namespace).endMetadata().addToData("k", "v").build()).create();

        awaitTrue(() -> client.configMaps().inNamespace(namespace).withName("smuggled").get() == null);
        given().get("/api/v1/environments/" + id).then()
                .body("revisions[0].drifts.kind", hasItem("UNMANAGED"));
    }

    @Test
    void anOrphanNamespaceIsSwept() {
        String orphan = "r-00000000--orphan-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(orphan)
                .addToLabels(Labels.MANAGED_BY, Labels.DRIFTLESS)
                .addToLabels(Labels.REVISION, UUID.randomUUID().toString())
                .endMetadata().build()).create();

        List<String> removed = sweep.sweep();

        assertThat(removed).contains("Namespace/" + orphan);
        awaitTrue(() -> client.namespaces().withName(orphan).get() == null);
    }

    @Test
    void theSweepLeavesLiveRevisionsAlone() {
        String id = deployAndAwaitAlias(uniqueRepository(), "main");

        sweep.sweep();

        assertThat(client.namespaces().withName(namespaceOf(id, 1)).get()).isNotNull();
        assertThat(alias(id)).isNotNull();
    }

    @Test
    void teardownLeavesZeroManagedObjects() {
        String repository = uniqueRepository();
        String id = deployAndAwaitAlias(repository, "main");
        deployAndAwaitAlias(repository, "main");

        given().delete("/api/v1/environments/" + id).then().statusCode(202);
        awaitPhase(id, "TORN_DOWN");

        // the simulated namespace controller empties a deleted namespace right after it is gone
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(managedObjectsOf(id)).isEmpty());
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("action", hasItems("TEARDOWN_REQUESTED", "DELETION_CONFIRMED", "TORN_DOWN"));
    }

    @Test
    void theManifestsOfARevisionAreItsExactObjectsAsStableYaml() {
        String id = deployAndAwaitAlias(uniqueRepository(), "main");
        String revision = given().get("/api/v1/environments/" + id).path("revisions[0].id");

        String first = given().get("/api/v1/revisions/" + revision + "/manifests").then()
                .statusCode(200).contentType(containsString("yaml")).extract().asString();
        String second = given().get("/api/v1/revisions/" + revision + "/manifests").asString();

        assertThat(first).isEqualTo(second)
                .contains("Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "ServiceAccount", "Deployment", "Ingress");
        given().get("/api/v1/revisions/" + UUID.randomUUID() + "/manifests").then().statusCode(404);
    }

    private String image(String namespace) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName("app").get();
        return deployment == null ? null : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private Map<String, String> resourceVersions(String... namespaces) {
        Supplier<java.util.stream.Stream<HasMetadata>> all = () -> java.util.Arrays.stream(namespaces).flatMap(ns ->
                java.util.stream.Stream.<HasMetadata>concat(
                        java.util.stream.Stream.concat(
                                client.apps().deployments().inNamespace(ns).list().getItems().stream(),
                                client.services().inNamespace(ns).list().getItems().stream()),
                        client.network().v1().ingresses().inNamespace(ns).list().getItems().stream()));
        return all.get().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName(), o -> o.getMetadata().getResourceVersion()));
    }

    private List<HasMetadata> managedObjectsOf(String environmentId) {
        List<HasMetadata> found = new java.util.ArrayList<>();
        for (Class<? extends HasMetadata> kind : List.of(io.fabric8.kubernetes.api.model.Namespace.class,
                Deployment.class, Service.class, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                io.fabric8.kubernetes.api.model.ServiceAccount.class, io.fabric8.kubernetes.api.model.ResourceQuota.class,
                io.fabric8.kubernetes.api.model.LimitRange.class)) {
            var resources = kind == io.fabric8.kubernetes.api.model.Namespace.class
                    ? client.resources(kind).withLabel(Labels.ENVIRONMENT, environmentId).list().getItems()
                    : client.resources(kind).inAnyNamespace().withLabel(Labels.ENVIRONMENT, environmentId).list()
                            .getItems();
            found.addAll(resources);
        }
        return found;
    }
}
