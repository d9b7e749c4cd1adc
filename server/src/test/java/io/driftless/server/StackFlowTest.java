package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.worker.deploy.StackDeployer;
import io.driftless.worker.deploy.StackPlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Stacks asked for through the API: several services, started in order, with hooks, on a real flow. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class StackFlowTest {

    static final String DIGEST = "@sha256:" + "0123456789abcdef".repeat(4);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @Inject
    EnvironmentRepository environments;

    /** web (exposed) after api and db, api after db; db has a volume; migrate then seed with web's image. */
    static Map<String, Object> threeServices() {
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("image", "ghcr.io/acme/web" + DIGEST);
        web.put("port", 8080);
        web.put("expose", true);
        web.put("env", Map.of("DATABASE_URL", "postgres://app:preview@db:5432/app", "API_URL", "http://api:9000"));
        web.put("health", Map.of("path", "/healthz"));
        web.put("dependsOn", List.of("api", "db"));
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("image", "ghcr.io/acme/api" + DIGEST);
        api.put("port", 9000);
        api.put("dependsOn", List.of("db"));
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("image", "ghcr.io/acme/postgres" + DIGEST);
        db.put("port", 5432);
        db.put("storage", "1Gi");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("version", 1);
        spec.put("services", Map.of("web", web, "api", api, "db", db));
        spec.put("hooks", Map.of("migrate", Map.of("service", "web", "command", List.of("./migrate")),
                "seed", Map.of("service", "web", "command", List.of("./seed"))));
        return spec;
    }

    static Map<String, Object> request(String repository, Map<String, Object> spec) {
        Map<String, Object> body = new HashMap<>();
        body.put("repository", repository);
        body.put("branch", "feature/stack");
        body.put("commit", commit());
        body.put("spec", spec);
        return body;
    }

    static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/environments");
    }

    static long order(HasMetadata object) {
        return Long.parseLong(object.getMetadata().getResourceVersion());
    }

    @Test
    void aThreeServiceSpecWithHooksStartsInDependencyOrderAndReachesReady() {
        Response posted = post(request(uniqueRepository(), threeServices()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        String revision = posted.path("revisionId");

        Response ready = awaitPhase(id, "READY");
        String namespace = ready.path("revisions[0].namespace");
        Deployment db = client.apps().deployments().inNamespace(namespace).withName("db").get();
        Deployment api = client.apps().deployments().inNamespace(namespace).withName("api").get();
        Deployment web = client.apps().deployments().inNamespace(namespace).withName("web").get();
        Job migrate = client.batch().v1().jobs().inNamespace(namespace).withName("hook-migrate").get();
        Job seed = client.batch().v1().jobs().inNamespace(namespace).withName("hook-seed").get();
        // the API server numbers every write in order: each was created only after what it waits for
        assertThat(List.of(order(db), order(api), order(migrate), order(seed), order(web))).isSorted();
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/acme/web" + DIGEST);
        assertThat(migrate.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsExactly("./migrate");
        assertThat(client.services().inNamespace(namespace).withName("db").get().getSpec().getPorts())
                .extracting(p -> p.getPort()).containsExactly(5432);
        assertThat(client.network().v1().ingresses().inNamespace(namespace).list().getItems())
                .extracting(i -> i.getMetadata().getName()).containsExactly("web");
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("db-data").get()).isNotNull();

        ready.then()
                .body("revisions[0].stack.specVersion", equalTo(3))
                .body("revisions[0].stack.services.name", equalTo(List.of("db", "api", "web")))
                .body("revisions[0].stack.hooks.name", equalTo(List.of("migrate", "seed")))
                .body("revisions[0].phases[-1].reason", equalTo("every service ready, hooks done"));
        given().get("/api/v1/revisions/" + revision + "/spec").then().statusCode(200)
                .body(containsString("web:")).body(containsString("./migrate"));

        // the stable URL points at the exposed service, which answers on port 80
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.services()
                .inNamespace("driftless-routing").withName(ready.<String>path("name")).get() != null);
        assertThat(client.services().inNamespace("driftless-routing").withName(ready.<String>path("name")).get()
                .getSpec().getExternalName()).isEqualTo("web." + namespace + ".svc.cluster.local");
        assertThat(client.services().inNamespace(namespace).withName("web").get().getSpec().getPorts())
                .extracting(p -> p.getPort()).contains(80, 8080);
    }

    @Test
    void aFailedHookFailsTheRevisionWithTheJobsReasonAndItsLastLogLinesAndRunsAgainWhenAskedAgain() {
        Map<String, Object> body = request(uniqueRepository(), threeServices());
        Response posted = post(body);
        String id = posted.path("environmentId");
        String namespace = given().get("/api/v1/environments/" + id).path("revisions[0].namespace");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() ->
                client.batch().v1().jobs().inNamespace(namespace).withName("hook-migrate").get() != null);
        // the hook's pod, and what it wrote, as a kubelet would keep them
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("hook-migrate-x1")
                .withNamespace(namespace).addToLabels("job-name", "hook-migrate").endMetadata().build()).create();
        server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/hook-migrate-x1/log?pretty=false&tailLines=20")
                .andReturn(200, "applying 0001_init.sql\nERROR: relation \"users\" already exists\n").always();
        // a patch, written whether or not the simulated kubelet completed the Job first: the revision is
        // not READY before seed and web have each taken another kubelet delay
        client.batch().v1().jobs().inNamespace(namespace).withName("hook-migrate").editStatus(job -> {
            job.setStatus(new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                    .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit").build()).build());
            return job;
        });

        awaitPhase(id, "FAILED").then()
                .body("revisions[0].failureReason", startsWith("hook migrate failed (BackoffLimitExceeded"))
                .body("revisions[0].failureReason", containsString("relation \"users\" already exists"))
                .body("revisions[0].phases.phase", equalTo(List.of("QUEUED", "DEPLOYING", "FAILED")));

        // asked for again: the failed hook's Job is removed and the hook runs again (and succeeds this time)
        post(body).then().statusCode(200).body("created", equalTo(false));
        awaitPhase(id, "READY");
        assertThat(StackDeployer.hookState(client.batch().v1().jobs().inNamespace(namespace).withName("hook-migrate")
                .get())).isEqualTo(StackPlan.HookState.SUCCEEDED);
    }

    @Test
    void anInvalidSpecIsRefusedWithEveryErrorAndNothingIsWritten() {
        Map<String, Object> spec = threeServices();
        @SuppressWarnings("unchecked")
        Map<String, Object> services = new HashMap<>((Map<String, Object>) spec.get("services"));
        Map<String, Object> api = new LinkedHashMap<>(castMap(services.get("api")));
        api.put("expose", true);
        api.put("port", 70000);
        services.put("api", api);
        spec.put("services", services);
        String repository = uniqueRepository();
        long before = QuarkusTransaction.requiringNew().call(() -> environments.count());

        post(request(repository, spec)).then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem("spec.services.api.port"))
                .body("errors.message", hasItem(containsString("70000")));
        Map<String, Object> both = request(repository, threeServices());
        both.put("image", Requests.IMAGE);
        post(both).then().statusCode(400).body("errors.field", hasItem("spec"));

        assertThat(QuarkusTransaction.requiringNew().call(() -> environments.count())).isEqualTo(before);
    }

    @Test
    void aFileIsValidatedWithLinesAndColumnsAndTheSchemaIsOpenToEditors() {
        String tabbed = "version: 1\nservices:\n  web:\n\timage: nginx\n";
        given().contentType("application/yaml").body(tabbed.getBytes(StandardCharsets.UTF_8)).post("/api/v1/specs/validate").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].line", equalTo(4)).body("errors[0].message", containsString("tab"));
        String valid = """
                version: 1
                services:
                  web: {image: "ghcr.io/acme/web:1", port: 8080, expose: true, dependsOn: [db]}
                  db: {image: "ghcr.io/acme/db:1", port: 5432}
                """;
        given().contentType("application/yaml").body(valid.getBytes(StandardCharsets.UTF_8)).post("/api/v1/specs/validate").then()
                .statusCode(200).body("exposed", equalTo("web")).body("services.db.port", equalTo(5432));

        RestAssured.given().get("/api/v1/schemas/driftless.schema.json").then()
                .statusCode(200).contentType("application/schema+json")
                .body("properties.services.maxProperties", equalTo(30));
    }

    @Test
    void aTrustedRevisionGetsItsSecretsAForkDoesNotAndRotatingOneMakesANewRevision() {
        String repository = uniqueRepository();
        given().contentType(ContentType.JSON).body(Map.of("value", "sk_test_first"))
                .put("/api/v1/repos/" + repository + "/secrets/STRIPE_TEST_KEY").then().statusCode(201);
        Map<String, Object> spec = threeServices();
        Map<String, Object> services = new HashMap<>(castMap(spec.get("services")));
        Map<String, Object> web = new LinkedHashMap<>(castMap(services.get("web")));
        web.put("env", Map.of("STRIPE_KEY", Map.of("secret", "STRIPE_TEST_KEY"), "MODE", "preview"));
        services.put("web", web);
        spec.put("services", services);

        Map<String, Object> trusted = request(repository, spec);
        Response posted = post(trusted);
        String namespace = awaitPhase(posted.path("environmentId"), "READY").path("revisions[0].namespace");
        assertThat(client.secrets().inNamespace(namespace).withName("repository-secrets").get().getData())
                .containsOnlyKeys("STRIPE_TEST_KEY");
        assertThat(client.apps().deployments().inNamespace(namespace).withName("web").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getEnv())
                .filteredOn(e -> e.getValueFrom() != null)
                .extracting(e -> e.getName() + "=" + e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly("STRIPE_KEY=repository-secrets/STRIPE_TEST_KEY");
        given().get("/api/v1/revisions/" + posted.path("revisionId") + "/manifests").then().statusCode(200)
                .body(containsString("<redacted>")).body(org.hamcrest.Matchers.not(containsString("sk_test_first")));

        Map<String, Object> forked = request(repository, spec);
        forked.put("headRepository", "alice/shop");
        Response fork = post(forked);
        Response forkReady = awaitPhase(fork.path("environmentId"), "READY");
        forkReady.then().body("revisions[0].stack.withheldSecrets", equalTo(List.of("STRIPE_TEST_KEY")));
        String forkNamespace = forkReady.path("revisions[0].namespace");
        assertThat(client.secrets().inNamespace(forkNamespace).list().getItems()).isEmpty();
        assertThat(client.apps().deployments().inNamespace(forkNamespace).withName("web").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName()).containsExactly("MODE");

        // the same commit and spec: the same revision, until the secret has a new version
        post(trusted).then().statusCode(200).body("created", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("value", "sk_test_second"))
                .put("/api/v1/repos/" + repository + "/secrets/STRIPE_TEST_KEY").then().statusCode(200);
        post(trusted).then().statusCode(202).body("revisionNumber", equalTo(2));

        // a trusted request for a secret the repository does not have is refused, naming where it is used
        Map<String, Object> missing = new LinkedHashMap<>(web);
        missing.put("env", Map.of("OTHER", Map.of("secret", "NOT_STORED")));
        services.put("web", missing);
        post(request(repository, spec)).then().statusCode(400)
                .body("errors.path", hasItem("services.web.env.OTHER"))
                .body("errors.message", hasItem(containsString("no secret NOT_STORED")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
