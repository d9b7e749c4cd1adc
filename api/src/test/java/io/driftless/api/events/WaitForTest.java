package io.driftless.api.events;

import static io.driftless.api.domain.RevisionPhase.DEPLOYING;
import static io.driftless.api.domain.RevisionPhase.FAILED;
import static io.driftless.api.domain.RevisionPhase.QUEUED;
import static io.driftless.api.domain.RevisionPhase.READY;
import static io.driftless.api.domain.RevisionPhase.SLEEPING;
import static io.driftless.api.domain.RevisionPhase.SUPERSEDED;
import static io.driftless.api.domain.RevisionPhase.TEARING_DOWN;
import static io.driftless.api.domain.RevisionPhase.TORN_DOWN;
import static io.driftless.api.domain.RevisionPhase.WAKING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitForTest {

    @Test
    void waitingForReadyEndsAtEitherOutcomeOfTheDeployOrLater() {
        WaitFor ready = new WaitFor(READY);
        assertThat(ready.isReachedBy(QUEUED)).isFalse();
        assertThat(ready.isReachedBy(DEPLOYING)).isFalse();
        assertThat(ready.isReachedBy(READY)).isTrue();
        assertThat(ready.isReachedBy(FAILED)).isTrue();
        assertThat(ready.isReachedBy(SUPERSEDED)).isTrue();
        assertThat(ready.isReachedBy(TEARING_DOWN)).isTrue();
        assertThat(ready.isReachedBy(TORN_DOWN)).isTrue();
    }

    @Test
    void waitingForDeployingEndsAtDeployingOrAnyLaterPhase() {
        WaitFor deploying = new WaitFor(DEPLOYING);
        assertThat(deploying.isReachedBy(QUEUED)).isFalse();
        assertThat(deploying.isReachedBy(DEPLOYING)).isTrue();
        assertThat(deploying.isReachedBy(FAILED)).isTrue();
    }

    @Test
    void waitingForTornDownIsNotEndedByAnOutcome() {
        WaitFor tornDown = new WaitFor(TORN_DOWN);
        assertThat(tornDown.isReachedBy(READY)).isFalse();
        assertThat(tornDown.isReachedBy(FAILED)).isFalse();
        assertThat(tornDown.isReachedBy(TEARING_DOWN)).isFalse();
        assertThat(tornDown.isReachedBy(TORN_DOWN)).isTrue();
    }

    @Test
    void waitingForFailedEndsAtReadyToo() {
        assertThat(new WaitFor(FAILED).isReachedBy(READY)).isTrue();
        assertThat(new WaitFor(FAILED).isReachedBy(DEPLOYING)).isFalse();
    }

    @Test
    void waitingForReadyOnASleepingRevisionWaitsForItsWakeToComplete() {
        WaitFor ready = new WaitFor(READY);
        assertThat(ready.isReachedBy(SLEEPING)).isFalse();
        assertThat(ready.isReachedBy(WAKING)).isFalse();
        assertThat(new WaitFor(DEPLOYING).isReachedBy(WAKING)).isTrue();
    }

    @Test
    void waitingForSleepingEndsThereOrWhenTheRevisionIsGoneButNotAtReady() {
        WaitFor sleeping = new WaitFor(SLEEPING);
        assertThat(sleeping.isReachedBy(READY)).isFalse();
        assertThat(sleeping.isReachedBy(WAKING)).isFalse();
        assertThat(sleeping.isReachedBy(SLEEPING)).isTrue();
        assertThat(sleeping.isReachedBy(TEARING_DOWN)).isTrue();
    }
}
