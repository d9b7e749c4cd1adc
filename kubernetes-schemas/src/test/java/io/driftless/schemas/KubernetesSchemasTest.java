package io.driftless.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.schemas.KubernetesSchemas.Violation;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

class KubernetesSchemasTest {

    static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("app").withNamespace("preview").addToLabels("app", "web").endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName("app").withImage("nginx:1.27")
                                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    static ObjectNode json(Object object) {
        return new ObjectMapper().valueToTree(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
                .valueToTree(object));
    }

    static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    static List<String> paths(List<Violation> violations) {
        return violations.stream().map(Violation::path).toList();
    }

    @Test
    void aWellFormedDeploymentHasNoViolations() {
        assertThat(KubernetesSchemas.violations(deployment())).isEmpty();
    }

    @Test
    void anUnknownFieldIsRefusedAtItsPathAsStrictFieldValidationDoes() {
        ObjectNode d = json(deployment());
        container(d).put("imagePullPolicyy", "Always");

        List<Violation> violations = KubernetesSchemas.violations(d);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("$.spec.template.spec.containers[0]");
            assertThat(v.message()).contains("imagePullPolicyy");
        });
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        ObjectNode d = json(deployment());
        container(d).remove("name");

        assertThat(KubernetesSchemas.violations(d)).extracting(Violation::toString)
                .anySatisfy(v -> assertThat(v).startsWith("$.spec.template.spec.containers[0]").contains("name"));
    }

    @Test
    void aNumberWrittenAsAStringIsRefused() {
        ObjectNode d = json(deployment());
        ((ObjectNode) d.get("spec")).put("replicas", "1");

        assertThat(paths(KubernetesSchemas.violations(d))).contains("$.spec.replicas");
    }

    @Test
    void aValueOutsideItsEnumIsRefused() {
        ObjectNode d = json(deployment());
        ((ObjectNode) container(d).at("/ports/0")).put("protocol", "HTTP");

        assertThat(paths(KubernetesSchemas.violations(d)))
                .contains("$.spec.template.spec.containers[0].ports[0].protocol");
    }

    @Test
    void anIntOrStringTakesEitherButNothingElse() {
        ObjectNode service = json(new ServiceBuilder()
                .withNewMetadata().withName("app").endMetadata()
                .withNewSpec()
                    .addNewPort().withName("http").withPort(80).withNewTargetPort("http").endPort()
                    .addNewPort().withName("main").withPort(8080).withNewTargetPort(8080).endPort()
                .endSpec()
                .build());
        assertThat(KubernetesSchemas.violations(service)).isEmpty();

        ((ObjectNode) service.at("/spec/ports/0")).put("targetPort", true);

        assertThat(paths(KubernetesSchemas.violations(service))).contains("$.spec.ports[0].targetPort");
    }

    @Test
    void anObjectOfAnotherApiVersionIsRefusedByItsSchemaOrHasNone() {
        ObjectNode d = json(deployment());
        d.put("apiVersion", "extensions/v1beta1");

        assertThatThrownBy(() -> KubernetesSchemas.violations(d)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extensions/v1beta1/Deployment");
    }

    @Test
    void aServiceMonitorIsCheckedAgainstThePrometheusOperatorCrdSchema() throws Exception {
        JsonNode monitor = new ObjectMapper().readTree("""
                {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
                 "metadata": {"name": "driftless"},
                 "spec": {"selector": {"matchLabels": {"app": "driftless"}},
                          "endpoints": [{"port": "http", "path": "/q/metrics", "intervall": "30s"}]}}
                """);

        assertThat(KubernetesSchemas.violations(monitor)).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("$.spec.endpoints[0]");
            assertThat(v.message()).contains("intervall");
        });
    }

    @Test
    void assertValidNamesEveryRefusedObjectAndEachViolation() {
        ObjectNode d = json(deployment());
        container(d).put("imagePullPolicyy", "Always");
        ((ObjectNode) d.get("spec")).put("replicas", "1");

        assertThatThrownBy(() -> KubernetesSchemas.assertValidDocuments(List.of(json(deployment()), d)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Deployment preview/app")
                .hasMessageContaining("$.spec.replicas: ")
                .hasMessageContaining("$.spec.template.spec.containers[0]: ");
        KubernetesSchemas.assertValid(List.of(deployment()));
    }

    @Test
    void everyKindDriftlessRendersHasASchema() {
        assertThat(KubernetesSchemas.kinds()).contains("v1/Namespace", "apps/v1/Deployment", "batch/v1/Job",
                "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/NetworkPolicy", "policy/v1/PodDisruptionBudget",
                "rbac.authorization.k8s.io/v1/ClusterRole", "monitoring.coreos.com/v1/PodMonitor");
    }
}
