package io.driftless.worker.github;

import static io.driftless.worker.github.DeploymentStates.FAILURE;
import static io.driftless.worker.github.DeploymentStates.INACTIVE;
import static io.driftless.worker.github.DeploymentStates.IN_PROGRESS;
import static io.driftless.worker.github.DeploymentStates.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.RevisionPhase;

class DeploymentStatesTest {

    @Test
    void everyPhaseHasAGitHubState() {
        assertThat(DeploymentStates.of(RevisionPhase.QUEUED)).isEqualTo(IN_PROGRESS);
        assertThat(DeploymentStates.of(RevisionPhase.DEPLOYING)).isEqualTo(IN_PROGRESS);
        assertThat(DeploymentStates.of(RevisionPhase.READY)).isEqualTo(SUCCESS);
        assertThat(DeploymentStates.of(RevisionPhase.FAILED)).isEqualTo(FAILURE);
        assertThat(DeploymentStates.of(RevisionPhase.SUPERSEDED)).isEqualTo(INACTIVE);
        assertThat(DeploymentStates.of(RevisionPhase.TEARING_DOWN)).isEqualTo(INACTIVE);
        assertThat(DeploymentStates.of(RevisionPhase.TORN_DOWN)).isEqualTo(INACTIVE);
    }

    @Test
    void aRevisionFoundReadyBeforeAnythingWasReportedStillShowsInProgressFirst() {
        assertThat(DeploymentStates.steps(null, SUCCESS)).containsExactly(IN_PROGRESS, SUCCESS);
        assertThat(DeploymentStates.steps(null, FAILURE)).containsExactly(IN_PROGRESS, FAILURE);
        assertThat(DeploymentStates.steps(IN_PROGRESS, SUCCESS)).containsExactly(SUCCESS);
    }

    @Test
    void aFailedRevisionThatBecameReadyAfterARetryGoesThroughInProgressAgain() {
        assertThat(DeploymentStates.steps(FAILURE, SUCCESS)).containsExactly(IN_PROGRESS, SUCCESS);
        assertThat(DeploymentStates.steps(FAILURE, IN_PROGRESS)).containsExactly(IN_PROGRESS);
    }

    @Test
    void whatGitHubHasAlreadyIsNotSentAgainAndInactiveIsFinal() {
        assertThat(DeploymentStates.steps(SUCCESS, SUCCESS)).isEmpty();
        assertThat(DeploymentStates.steps(IN_PROGRESS, IN_PROGRESS)).isEmpty();
        assertThat(DeploymentStates.steps(INACTIVE, SUCCESS)).isEmpty();
        assertThat(DeploymentStates.steps(SUCCESS, INACTIVE)).containsExactly(INACTIVE);
        assertThat(DeploymentStates.steps(SUCCESS, FAILURE)).containsExactly(FAILURE);
    }
}
