package io.driftless.api.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevisionPhaseTest {

    @Test
    void aRevisionGoesFromQueuedThroughDeployingToReady() {
        assertThat(RevisionPhase.QUEUED.canMoveTo(RevisionPhase.DEPLOYING)).isTrue();
        assertThat(RevisionPhase.DEPLOYING.canMoveTo(RevisionPhase.READY)).isTrue();
    }

    @Test
    void aReadyRevisionWhoseObjectsWereRecreatedGoesThroughReadinessAgain() {
        assertThat(RevisionPhase.READY.canMoveTo(RevisionPhase.DEPLOYING)).isTrue();
        for (RevisionPhase phase : RevisionPhase.values()) {
            assertThat(phase.canMoveTo(RevisionPhase.DEPLOYING)).as("%s -> DEPLOYING", phase)
                    .isEqualTo(phase == RevisionPhase.QUEUED || phase == RevisionPhase.BUILDING
                            || phase == RevisionPhase.READY);
        }
    }

    @Test
    void aRevisionWithABuildGoesThroughBuildingBeforeDeployingAndANewerOneCanSupersedeItThere() {
        assertThat(RevisionPhase.QUEUED.canMoveTo(RevisionPhase.BUILDING)).isTrue();
        assertThat(RevisionPhase.BUILDING.canMoveTo(RevisionPhase.DEPLOYING)).isTrue();
        assertThat(RevisionPhase.BUILDING.canMoveTo(RevisionPhase.READY)).isFalse();
        assertThat(RevisionPhase.BUILDING.canMoveTo(RevisionPhase.SUPERSEDED)).isTrue();
        assertThat(RevisionPhase.BUILDING.canMoveTo(RevisionPhase.FAILED)).isTrue();
    }

    @Test
    void readinessNeverSkipsDeploying() {
        assertThat(RevisionPhase.QUEUED.canMoveTo(RevisionPhase.READY)).isFalse();
    }

    @Test
    void aTornDownRevisionIsFinal() {
        assertThat(RevisionPhase.TORN_DOWN.next()).isEmpty();
    }

    @Test
    void aRevisionBeingTornDownCannotBecomeReadyAgain() {
        assertThat(RevisionPhase.TEARING_DOWN.canMoveTo(RevisionPhase.READY)).isFalse();
        assertThat(RevisionPhase.TEARING_DOWN.next()).containsExactly(RevisionPhase.TORN_DOWN);
    }

    @Test
    void onlyAFailedRevisionIsQueuedAgain() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            assertThat(phase.canMoveTo(RevisionPhase.QUEUED)).as("%s -> QUEUED", phase)
                    .isEqualTo(phase == RevisionPhase.FAILED);
        }
    }

    @Test
    void everyPhaseButTornDownCanBeTornDown() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            if (phase != RevisionPhase.TORN_DOWN && phase != RevisionPhase.TEARING_DOWN) {
                assertThat(phase.canMoveTo(RevisionPhase.TEARING_DOWN)).as(phase.name()).isTrue();
            }
        }
    }

    @Test
    void phasesAreParsedInAnyCaseAndUnknownNamesAreEmpty() {
        assertThat(RevisionPhase.parse(" ready ")).contains(RevisionPhase.READY);
        assertThat(RevisionPhase.parse("torn_down")).contains(RevisionPhase.TORN_DOWN);
        assertThat(RevisionPhase.parse("sleeping")).contains(RevisionPhase.SLEEPING);
        assertThat(RevisionPhase.parse("DORMANT")).isEmpty();
        assertThat(RevisionPhase.parse(null)).isEmpty();
    }

    @Test
    void onlyAReadyRevisionFallsAsleepAndASleepingOneOnlyWakes() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            assertThat(phase.canMoveTo(RevisionPhase.SLEEPING)).as("%s -> SLEEPING", phase)
                    .isEqualTo(phase == RevisionPhase.READY);
            assertThat(phase.canMoveTo(RevisionPhase.WAKING)).as("%s -> WAKING", phase)
                    .isEqualTo(phase == RevisionPhase.SLEEPING);
        }
        assertThat(RevisionPhase.SLEEPING.canMoveTo(RevisionPhase.READY)).as("waking never skipped").isFalse();
        assertThat(RevisionPhase.SLEEPING.canMoveTo(RevisionPhase.DEPLOYING)).isFalse();
    }

    @Test
    void aWakingRevisionIsReadyAgainOrFailsAndNeverSleepsMidWake() {
        assertThat(RevisionPhase.WAKING.next()).containsExactlyInAnyOrder(RevisionPhase.READY, RevisionPhase.FAILED,
                RevisionPhase.TEARING_DOWN);
    }

    @Test
    void aSleepingRevisionCanBeSupersededOrTornDownWithoutWaking() {
        assertThat(RevisionPhase.SLEEPING.canMoveTo(RevisionPhase.SUPERSEDED)).isTrue();
        assertThat(RevisionPhase.SLEEPING.canMoveTo(RevisionPhase.TEARING_DOWN)).isTrue();
        assertThat(RevisionPhase.WAKING.canMoveTo(RevisionPhase.TEARING_DOWN)).isTrue();
        assertThat(RevisionPhase.WAKING.canMoveTo(RevisionPhase.SUPERSEDED)).isFalse();
    }

    @Test
    void onlySleepingAndWakingAreAsleep() {
        for (RevisionPhase phase : RevisionPhase.values()) {
            assertThat(phase.isAsleep()).as(phase.name())
                    .isEqualTo(phase == RevisionPhase.SLEEPING || phase == RevisionPhase.WAKING);
        }
    }
}
