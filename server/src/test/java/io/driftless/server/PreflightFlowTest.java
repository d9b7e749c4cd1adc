package io.driftless.server;

import static io.driftless.server.Requests.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The preflight against a cluster taken for a real one ({@code driftless.cluster=kubeconfig}): the test server
 * answers each SelfSubjectAccessReview as an authorizer would, from a set of refused permissions the test
 * changes. A refused permission is reported by {@code GET /api/v1/cluster/check} and keeps the worker not ready;
 * granting it brings readiness back at the next periodic check, without a restart.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(PreflightFlowTest.RealCluster.class)
class PreflightFlowTest {

    public static class RealCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("driftless.cluster", "kubeconfig", "driftless.worker.ingress-class", "nginx",
                    "driftless.worker.preflight-interval", "1s", "driftless.github.webhook-secret", "");
        }
    }

    private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    private static final String LIST_INGRESS_CLASSES = "list networking.k8s.io/ingressclasses";

    /**
     * Answers SelfSubjectAccessReviews as an RBAC authorizer would: every permission allowed but those refused,
     * named as rbac.yaml names grants; or, when reviews are refused, 403 to the review itself.
     */
    static final class Authorizer implements ResponseProvider<Object> {

        final Set<String> refused = ConcurrentHashMap.newKeySet();
        volatile boolean refuseReviews;
        private Headers headers = Headers.builder().build();

        @Override
        public int getStatusCode(RecordedRequest request) {
            return refuseReviews ? 403 : 201;
        }

        @Override
        public Object getBody(RecordedRequest request) {
            if (refuseReviews) {
                return new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("selfsubjectaccessreviews.authorization.k8s.io is forbidden").build();
            }
            SelfSubjectAccessReview review = Serialization.unmarshal(request.getBody().readUtf8(),
                    SelfSubjectAccessReview.class);
            ResourceAttributes asked = review.getSpec().getResourceAttributes();
            String name = asked.getVerb() + " " + (asked.getGroup() == null || asked.getGroup().isEmpty() ? ""
                    : asked.getGroup() + "/") + asked.getResource() + (asked.getSubresource() == null
                            || asked.getSubresource().isEmpty() ? "" : "/" + asked.getSubresource());
            boolean allowed = !refused.contains(name);
            review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed)
                    .withDenied(allowed ? null : true).withReason(allowed ? "allowed by a ClusterRoleBinding" : "")
                    .build());
            return review;
        }

        @Override
        public Headers getHeaders() {
            return headers;
        }

        @Override
        public void setHeaders(Headers headers) {
            this.headers = headers;
        }
    }

    /** One for the class: the test server keeps an expectation for good once it is set. */
    private static final Authorizer AUTHORIZER = new Authorizer();
    private static final AtomicBoolean ANSWERING = new AtomicBoolean();

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @BeforeEach
    void answerReviews() {
        AUTHORIZER.refused.clear();
        AUTHORIZER.refuseReviews = false;
        if (ANSWERING.compareAndSet(false, true)) {
            server.getKubernetesMockServer().setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30")
                    .withGitVersion("v1.30.4").build());
            server.expect().post().withPath(REVIEWS).andReply(AUTHORIZER).always();
        }
    }

    private static JsonPath check() {
        return given().get("/api/v1/cluster/check").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath readiness() {
        return RestAssured.given().get("/q/health/ready").then().extract().jsonPath();
    }

    private static String permissions(JsonPath report) {
        return report.getString("checks.find { it.name == 'permissions' }.status");
    }

    @Test
    void aRefusedPermissionIsReportedAndKeepsTheWorkerNotReadyUntilItIsGranted() {
        client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata().withName("nginx")
                .endMetadata().withNewSpec().withController("k8s.io/ingress-nginx").endSpec().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ingress-nginx")
                .addToLabels("kubernetes.io/metadata.name", "ingress-nginx").endMetadata().build()).create();
        client.apps().deployments().inNamespace("ingress-nginx").resource(new DeploymentBuilder().withNewMetadata()
                .withName("ingress-nginx-controller").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("controller").withImage("registry.k8s.io/ingress-nginx/controller:v1.12.1")
                .withArgs("/nginx-ingress-controller", "--ingress-class=nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        AUTHORIZER.refused.add(LIST_INGRESS_CLASSES);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "missing".equals(permissions(check())));
        JsonPath report = check();
        assertThat(report.getString("checks.find { it.name == 'permissions' }.detail"))
                .contains("1 of", LIST_INGRESS_CLASSES, "rbac.yaml");
        assertThat(report.getList("checks.name", String.class)).containsExactly("permissions", "ingress-class",
                "routing-namespace", "externalname-backends", "pod-security-admission");
        assertThat(report.getList("checks.findAll { it.name != 'permissions' }.status", String.class))
                .as("the rest is as the cluster has it: %s", report.prettify()).containsOnly("ok");
        assertThat(report.getString("checks.find { it.name == 'pod-security-admission' }.detail"))
                .contains("Kubernetes 1.30");
        assertThat(report.getString("checkedBy")).isNotBlank();

        JsonPath down = readiness();
        assertThat(down.getString("status")).isEqualTo("DOWN");
        assertThat(down.getString("checks.find { it.name == 'cluster-permissions' }.data.missing"))
                .isEqualTo(LIST_INGRESS_CLASSES);
        RestAssured.given().get("/q/health/ready").then().statusCode(503);

        AUTHORIZER.refused.clear();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(readiness().getString("status")));
        JsonPath granted = check();
        assertThat(permissions(granted)).isEqualTo("ok");
        assertThat(granted.getString("checks.find { it.name == 'permissions' }.detail")).startsWith("All ");
    }

    @Test
    void refusedReviewsAreReportedAsTheOnePermissionThatAsksForTheOthers() {
        AUTHORIZER.refuseReviews = true;

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "missing".equals(permissions(check())));
        assertThat(check().getString("checks.find { it.name == 'permissions' }.detail"))
                .contains("refuses create authorization.k8s.io/selfsubjectaccessreviews");
        assertThat(readiness().getString("checks.find { it.name == 'cluster-permissions' }.data.missing"))
                .isEqualTo("create authorization.k8s.io/selfsubjectaccessreviews");

        AUTHORIZER.refuseReviews = false;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(readiness().getString("status")));
    }
}
