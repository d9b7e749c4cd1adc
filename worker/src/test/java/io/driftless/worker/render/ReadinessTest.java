package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

class ReadinessTest {

    static Deployment deployment(Integer available, String availableCondition) {
        DeploymentBuilder builder = new DeploymentBuilder()
                .withNewMetadata().withName("app").endMetadata()
                .withNewSpec().withReplicas(1).endSpec();
        if (available != null || availableCondition != null) {
            builder.withNewStatus()
                    .withAvailableReplicas(available)
                    .addNewCondition().withType("Available").withStatus(availableCondition).endCondition()
                    .endStatus();
        }
        return builder.build();
    }

    @Test
    void aDeploymentWithoutStatusIsNotAvailable() {
        assertThat(Readiness.isAvailable(deployment(null, null))).isFalse();
        assertThat(Readiness.isAvailable(null)).isFalse();
    }

    @Test
    void aDeploymentWithAllReplicasAvailableIsAvailable() {
        assertThat(Readiness.isAvailable(deployment(1, "True"))).isTrue();
    }

    @Test
    void theAvailableConditionMustAgree() {
        assertThat(Readiness.isAvailable(deployment(1, "False"))).isFalse();
    }

    @Test
    void tooFewReplicasIsNotAvailable() {
        assertThat(Readiness.isAvailable(deployment(0, "True"))).isFalse();
    }
}
