package io.driftless.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.RevisionPhase;

class RevisionNoticeTest {

    @Test
    void aNoticeSurvivesItsPayload() {
        RevisionNotice notice = new RevisionNotice(UUID.randomUUID(), UUID.randomUUID(), RevisionPhase.TEARING_DOWN);
        assertThat(notice.payload()).isEqualTo(notice.revisionId() + ":" + notice.environmentId() + ":TEARING_DOWN");
        assertThat(RevisionNotice.parse(notice.payload())).contains(notice);
    }

    @Test
    void payloadsThatDoNotFitAreIgnored() {
        UUID id = UUID.randomUUID();
        assertThat(RevisionNotice.parse(null)).isEmpty();
        assertThat(RevisionNotice.parse("")).isEmpty();
        assertThat(RevisionNotice.parse(id + ":" + id)).isEmpty();
        assertThat(RevisionNotice.parse(id + ":" + id + ":READY:x")).isEmpty();
        assertThat(RevisionNotice.parse("x:" + id + ":READY")).isEmpty();
        assertThat(RevisionNotice.parse(id + ":" + id + ":ALMOST")).isEmpty();
    }
}
