package io.driftless.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.RevisionPhase;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

class WakeOutcomeTest {

    private static final Instant BEGAN = Instant.parse("2026-11-30T08:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static Deployment deployment(String name, int wanted, int available) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(wanted).endSpec()
                .withNewStatus().withAvailableReplicas(available).endStatus().build();
    }

    @Test
    void aWakeIsDoneWhenEveryDeploymentIsScaledBackAndAvailable() {
        var outcome = ReadinessWatcher.wakeOutcome(List.of(deployment("web", 2, 2), deployment("db", 1, 1)), BEGAN,
                BEGAN.plusSeconds(3), TIMEOUT);

        assertThat(outcome).get().extracting(ReadinessWatcher.WakeOutcome::phase).isEqualTo(RevisionPhase.READY);
    }

    @Test
    void deploymentsStillAtZeroAreNotAWakeEvenThoughZeroOfZeroIsAvailable() {
        assertThat(ReadinessWatcher.wakeOutcome(List.of(deployment("web", 0, 0)), BEGAN, BEGAN.plusSeconds(1),
                TIMEOUT)).isEmpty();
    }

    @Test
    void aWakeStillComingWithinItsTimeoutIsLeftAlone() {
        assertThat(ReadinessWatcher.wakeOutcome(List.of(deployment("web", 1, 0)), BEGAN, BEGAN.plus(TIMEOUT),
                TIMEOUT)).isEmpty();
    }

    @Test
    void aWakeNotDoneAfterItsTimeoutFailsNamingWhatDidNotComeBack() {
        var outcome = ReadinessWatcher.wakeOutcome(List.of(deployment("web", 1, 1), deployment("worker", 1, 0)),
                BEGAN, BEGAN.plus(TIMEOUT).plusSeconds(1), TIMEOUT);

        assertThat(outcome).get().satisfies(o -> {
            assertThat(o.phase()).isEqualTo(RevisionPhase.FAILED);
            assertThat(o.reason()).isEqualTo("did not wake within 300 s: Deployments worker not available");
        });
    }

    @Test
    void aRevisionWhoseDeploymentsAreGoneFailsAfterItsTimeoutSayingSo() {
        assertThat(ReadinessWatcher.wakeOutcome(List.of(), BEGAN, BEGAN.plusSeconds(10), TIMEOUT)).isEmpty();
        assertThat(ReadinessWatcher.wakeOutcome(List.of(), BEGAN, BEGAN.plus(TIMEOUT).plusSeconds(1), TIMEOUT))
                .get().extracting(ReadinessWatcher.WakeOutcome::reason)
                .isEqualTo("did not wake within 300 s: no Deployment of the revision is left");
    }
}
