package io.driftless.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.Views.PhaseChangeView;
import io.driftless.web.Timeline.Step;

class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void eachPhaseLastsUntilTheNextAndAStayingPhaseHasNoDuration() {
        List<Step> steps = Timeline.of(List.of(change(RevisionPhase.QUEUED, 0), change(RevisionPhase.DEPLOYING, 1_200),
                change(RevisionPhase.READY, 95_000)), T0.plusSeconds(3600));
        assertThat(steps).extracting(Step::took).containsExactly("1.2 s", "1 min 33 s", "");
        assertThat(steps).extracting(Step::current).containsExactly(false, false, true);
    }

    @Test
    void aPhaseStillPassingCountsUpToNow() {
        List<Step> steps = Timeline.of(List.of(change(RevisionPhase.QUEUED, 0), change(RevisionPhase.BUILDING, 500)),
                T0.plusSeconds(90));
        assertThat(steps).extracting(Step::took).containsExactly("0.5 s", "1 min 29 s so far");
    }

    @Test
    void durationsReadInTheLargestUnitsThatFit() {
        assertThat(Timeline.duration(Duration.ofMillis(400))).isEqualTo("0.4 s");
        assertThat(Timeline.duration(Duration.ofSeconds(59))).isEqualTo("59.0 s");
        assertThat(Timeline.duration(Duration.ofMinutes(61))).isEqualTo("1 h 1 min");
        assertThat(Timeline.duration(Duration.ofHours(50))).isEqualTo("2 d 2 h");
        assertThat(Timeline.duration(Duration.ofSeconds(-3))).isEqualTo("0.0 s");
    }

    private static PhaseChangeView change(RevisionPhase phase, long millis) {
        return new PhaseChangeView(phase, T0.plusMillis(millis), null);
    }
}
