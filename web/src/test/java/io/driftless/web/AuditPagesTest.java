package io.driftless.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditPagesTest {

    @Test
    void aChangeIsSpelledOutFieldByFieldWithOnlyWhatDiffers() {
        assertThat(AuditPages.changes("{\"idleExpiry\":\"3d\",\"dryRun\":false,\"protectedBranches\":[\"main\"]}",
                "{\"idleExpiry\":\"10m\",\"dryRun\":false,\"protectedBranches\":[],"
                        + "\"deletionBudget\":{\"count\":5,\"per\":\"1h\"}}"))
                .containsExactly(new AuditPages.Change("idleExpiry", "3d", "10m"),
                        new AuditPages.Change("protectedBranches", "main", "none"),
                        new AuditPages.Change("deletionBudget", "unset", "count 5, per 1h"));
    }

    @Test
    void anEventWithoutAChangeHasNoFields() {
        assertThat(AuditPages.changes(null, null)).isEmpty();
        assertThat(AuditPages.changes("not json", "[1]")).isEmpty();
    }
}
