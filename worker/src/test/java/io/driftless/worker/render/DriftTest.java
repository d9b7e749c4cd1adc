package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

class DriftTest {

    static Deployment rendered() {
        return RevisionRenderer.deployment(RevisionRendererTest.input());
    }

    @Test
    void anIdenticalObjectHasNoDrift() {
        assertThat(Drift.differences(rendered(), rendered())).isEmpty();
    }

    @Test
    void whatTheApiServerAddsIsNotDrift() {
        Deployment live = new DeploymentBuilder(rendered())
                .editMetadata().withResourceVersion("42").withUid("u-1").withCreationTimestamp("2026-11-28T00:00:00Z")
                    .withGeneration(3L).endMetadata()
                .editSpec().withProgressDeadlineSeconds(600).endSpec()
                .withNewStatus().withAvailableReplicas(1).endStatus()
                .build();

        assertThat(Drift.differences(rendered(), live)).isEmpty();
    }

    @Test
    void aChangedImageIsNamedWithItsPathAndBothValues() {
        Deployment live = new DeploymentBuilder(rendered()).build();
        live.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");

        assertThat(Drift.differences(rendered(), live)).singleElement().asString()
                .startsWith("spec.template.spec.containers[0].image: ")
                .contains(RevisionRendererTest.IMAGE, "evil:latest");
    }

    @Test
    void aRemovedLabelIsDrift() {
        Deployment live = new DeploymentBuilder(rendered()).editMetadata().removeFromLabels(Labels.MANAGED_BY)
                .endMetadata().build();

        assertThat(Drift.differences(rendered(), live)).singleElement().asString()
                .contains("metadata.labels." + Labels.MANAGED_BY);
    }

    @Test
    void changedReplicasAreDrift() {
        Deployment live = new DeploymentBuilder(rendered()).editSpec().withReplicas(5).endSpec().build();

        assertThat(Drift.differences(rendered(), live)).containsExactly("spec.replicas: 1 → 5");
    }

    @Test
    void anAddedContainerIsDrift() {
        Deployment live = new DeploymentBuilder(rendered()).editSpec().editTemplate().editSpec()
                .addNewContainer().withName("miner").withImage("miner:1").endContainer()
                .endSpec().endTemplate().endSpec().build();

        assertThat(Drift.differences(rendered(), live)).singleElement().asString()
                .contains("spec.template.spec.containers: 1 items → 2 items");
    }
}
