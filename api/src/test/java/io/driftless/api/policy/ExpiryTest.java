package io.driftless.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.driftless.api.policy.Fate.Rule;

class ExpiryTest {

    private static final Instant CREATED = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant REVISION_4 = Instant.parse("2026-11-02T10:00:00Z");

    private static EffectivePolicy policy(PolicyDocument override) {
        return EffectivePolicy.resolve(PolicyDocumentTest.global(), override, "acme/shop");
    }

    private static final EffectivePolicy GLOBAL = policy(PolicyDocument.EMPTY);

    private static EnvironmentFacts facts(String branch) {
        return new EnvironmentFacts(branch, CREATED, 4, REVISION_4, null, false, null, null, null);
    }

    private static PolicyDocument override(Duration idle, List<String> protectedBranches) {
        return new PolicyDocument(idle, null, null, null, protectedBranches, null, null, null, null, null, null, null, null);
    }

    @Test
    void anEnvironmentExpiresIdleExpiryAfterItsNewestRevisionAndSaysWhy() {
        Fate fate = Expiry.evaluate(facts("feature/login"), GLOBAL, REVISION_4.plus(Duration.ofHours(1)));
        assertThat(fate.expiresAt()).isEqualTo(REVISION_4.plus(Duration.ofHours(72)));
        assertThat(fate.rule()).isEqualTo(Rule.IDLE);
        assertThat(fate.source()).isEqualTo("global");
        assertThat(fate.explanation()).isEqualTo("idle for 72h since revision 4 at 2026-11-02T10:00:00Z, global policy");
        assertThat(fate.warnAt()).isEqualTo(REVISION_4.plus(Duration.ofHours(48)));
        assertThat(fate.dueAt(REVISION_4.plus(Duration.ofHours(72)))).isTrue();
        assertThat(fate.dueAt(REVISION_4.plus(Duration.ofHours(71)))).isFalse();
    }

    @Test
    void aRepositorysIdleExpiryIsNamedAsItsSource() {
        Fate fate = Expiry.evaluate(facts("feature/login"), policy(override(Duration.ofHours(2), null)), REVISION_4);
        assertThat(fate.expiresAt()).isEqualTo(REVISION_4.plus(Duration.ofHours(2)));
        assertThat(fate.source()).isEqualTo("repository acme/shop");
        assertThat(fate.explanation()).endsWith("repository policy acme/shop");
    }

    @Test
    void aProtectedBranchNeverExpires() {
        Fate fate = Expiry.evaluate(facts("release/1.2"), policy(override(null, List.of("main", "release/*"))),
                REVISION_4.plus(Duration.ofDays(400)));
        assertThat(fate.expires()).isFalse();
        assertThat(fate.rule()).isEqualTo(Rule.PROTECTED_BRANCH);
        assertThat(fate.source()).isEqualTo("protected branch");
        assertThat(fate.explanation()).contains("'release/*'", "repository policy acme/shop");
    }

    @Test
    void anExtensionPutsTheExpiryOffButNeverPastTheMaximumLifetime() {
        Instant now = REVISION_4.plus(Duration.ofHours(60));
        Instant until = Expiry.extend(facts("f"), GLOBAL, Duration.ofHours(24), false, now);
        assertThat(until).isEqualTo(REVISION_4.plus(Duration.ofHours(96)));
        EnvironmentFacts extended = new EnvironmentFacts("f", CREATED, 4, REVISION_4, until, false, null, null, null);
        Fate fate = Expiry.evaluate(extended, GLOBAL, now);
        assertThat(fate.rule()).isEqualTo(Rule.EXTENDED);
        assertThat(fate.expiresAt()).isEqualTo(until);

        Instant nearTheEnd = CREATED.plus(Duration.ofDays(29));
        EnvironmentFacts late = new EnvironmentFacts("f", CREATED, 9, nearTheEnd, null, false, null, null, null);
        assertThat(Expiry.evaluate(late, GLOBAL, nearTheEnd).rule()).isEqualTo(Rule.MAX_LIFETIME);
        assertThat(Expiry.evaluate(late, GLOBAL, nearTheEnd).expiresAt()).isEqualTo(CREATED.plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> Expiry.extend(late, GLOBAL, Duration.ofHours(24), false, nearTheEnd))
                .isInstanceOf(Expiry.ExtensionRefused.class)
                .hasMessageContaining("maximum lifetime of 30d (global policy)")
                .hasMessageContaining("2026-12-01T10:00:00Z")
                .hasMessageContaining("\"force\": true");
    }

    @Test
    void anAdminsForcedExtensionPassesTheMaximumLifetime() {
        Instant nearTheEnd = CREATED.plus(Duration.ofDays(29));
        EnvironmentFacts late = new EnvironmentFacts("f", CREATED, 9, nearTheEnd, null, false, null, null, null);
        Instant until = Expiry.extend(late, GLOBAL, Duration.ofDays(3), true, nearTheEnd);
        assertThat(until).isEqualTo(CREATED.plus(Duration.ofDays(33)));
        EnvironmentFacts forced = new EnvironmentFacts("f", CREATED, 9, nearTheEnd, until, true, null, null, null);
        assertThat(Expiry.evaluate(forced, GLOBAL, nearTheEnd).expiresAt()).isEqualTo(until);
        assertThat(Expiry.evaluate(forced, GLOBAL, nearTheEnd).explanation()).contains("past its maximum lifetime");
    }

    @Test
    void aPinHoldsItUntilUnpinnedOrUntilItsEnd() {
        EnvironmentFacts.Pin forever = new EnvironmentFacts.Pin("admin", "customer demo", REVISION_4, null);
        EnvironmentFacts pinned = new EnvironmentFacts("f", CREATED, 4, REVISION_4, null, false, forever, null, null);
        Fate fate = Expiry.evaluate(pinned, GLOBAL, REVISION_4.plus(Duration.ofDays(90)));
        assertThat(fate.expires()).isFalse();
        assertThat(fate.pinned()).isTrue();
        assertThat(fate.source()).isEqualTo("pin");
        assertThat(fate.explanation()).contains("pinned by admin", "customer demo");
        assertThatThrownBy(() -> Expiry.extend(pinned, GLOBAL, Duration.ofHours(1), false, REVISION_4))
                .hasMessageContaining("never expires");

        Instant end = REVISION_4.plus(Duration.ofDays(5));
        EnvironmentFacts.Pin untilEnd = new EnvironmentFacts.Pin("admin", "demo", REVISION_4, end);
        EnvironmentFacts pinnedUntil = new EnvironmentFacts("f", CREATED, 4, REVISION_4, null, false, untilEnd, null, null);
        assertThat(Expiry.evaluate(pinnedUntil, GLOBAL, REVISION_4).expiresAt()).isEqualTo(end);
        assertThat(Expiry.evaluate(pinnedUntil, GLOBAL, end.plusSeconds(1)).rule()).isEqualTo(Rule.IDLE);
        assertThat(Expiry.evaluate(pinnedUntil, GLOBAL, end.plusSeconds(1)).dueAt(end.plusSeconds(1))).isTrue();
    }

    @Test
    void aClosedPullRequestGoesAfterItsGracePeriodOrIsKeptToIdleExpiry() {
        Instant closed = REVISION_4.plus(Duration.ofHours(1));
        EnvironmentFacts facts = new EnvironmentFacts("f", CREATED, 4, REVISION_4, null, false, null, closed, null);
        PolicyDocument grace = new PolicyDocument(null, null, null, null, null, OnClose.parse("2h"), null, null, null,
                null, null, null, null);
        Fate fate = Expiry.evaluate(facts, policy(grace), closed);
        assertThat(fate.rule()).isEqualTo(Rule.PULL_REQUEST_CLOSED);
        assertThat(fate.expiresAt()).isEqualTo(closed.plus(Duration.ofHours(2)));
        assertThat(fate.explanation()).contains("torn down 2h later", "repository policy acme/shop");
        PolicyDocument keep = new PolicyDocument(null, null, null, null, null, OnClose.KEEP, null, null, null, null,
                null, null, null);
        assertThat(Expiry.evaluate(facts, policy(keep), closed).rule()).isEqualTo(Rule.IDLE);
    }

    @Test
    void aRequestToThePreviewAfterTheNewestRevisionRestartsTheIdleClock() {
        Instant request = REVISION_4.plus(Duration.ofHours(10));
        EnvironmentFacts facts = new EnvironmentFacts("f", CREATED, 4, REVISION_4, null, false, null, null, request);
        Fate fate = Expiry.evaluate(facts, GLOBAL, request);
        assertThat(fate.expiresAt()).isEqualTo(request.plus(Duration.ofHours(72)));
        assertThat(fate.explanation())
                .isEqualTo("idle for 72h since the last request to its preview at 2026-11-02T20:00:00Z, global policy");
    }

    @Test
    void aRequestOlderThanTheNewestRevisionDoesNotMoveTheClockBack() {
        EnvironmentFacts facts = new EnvironmentFacts("f", CREATED, 4, REVISION_4, null, false, null, null,
                REVISION_4.minus(Duration.ofHours(1)));
        assertThat(facts.lastActivity()).isEqualTo(REVISION_4);
        assertThat(Expiry.evaluate(facts, GLOBAL, REVISION_4).explanation()).contains("since revision 4");
    }

    @Test
    void theCurrentRevisionSleepsSleepAfterPastTheLastActivityUnlessSleepAfterIsNever() {
        Instant request = REVISION_4.plus(Duration.ofMinutes(30));
        EnvironmentFacts facts = new EnvironmentFacts("f", CREATED, 4, REVISION_4, null, false, null, null, request);
        assertThat(Expiry.sleepsAt(facts, GLOBAL)).contains(request.plus(Duration.ofHours(2)));
        PolicyDocument never = PolicyDocument.parse(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("sleepAfter", "never"), false);
        assertThat(Expiry.sleepsAt(facts, policy(never))).isEmpty();
        assertThat(Expiry.sleepsAt(new EnvironmentFacts("f", CREATED, null, null, null, false, null, null, null),
                GLOBAL)).contains(CREATED.plus(Duration.ofHours(2)));
    }
}
