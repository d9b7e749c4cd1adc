package io.driftless.worker.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.GitHubRecords.ExpiryNote;
import io.driftless.api.service.GitHubRecords.RevisionState;
import io.driftless.api.service.GitHubRecords.SyncTarget;

class PullRequestCommentTest {

    private static final UUID ENVIRONMENT = UUID.fromString("0b9c1f6e-2a4d-4c11-9d3e-8f1a2b3c4d5e");
    private static final String PAGE = "https://driftless.example.com/environments/" + ENVIRONMENT;
    private static final String SHA = "4f2a9c0d1e2b3a4f5c6d7e8f9a0b1c2d3e4f5a6b";

    private static SyncTarget target(EnvironmentStatus status, RevisionPhase phase, String reason, Integer alias,
            String branch) {
        RevisionState latest = new RevisionState(UUID.randomUUID(), 3, SHA,
                "http://feature-login-shop-acme-3f9a1c2b.preview.example.com/", phase, reason);
        return new SyncTarget(ENVIRONMENT, "acme/shop", "acme/shop", branch, 42, status,
                "http://feature-login-shop-acme.preview.example.com/", latest, latest, alias, Optional.empty(),
                Optional.empty(), null, null);
    }

    @Test
    void aReadyEnvironmentShowsItsUrlsShortCommitPhaseAndDriftlessLinkUnderItsMarker() {
        String body = PullRequestComment.render(target(EnvironmentStatus.ACTIVE, RevisionPhase.READY, null, 3,
                "feature/login"), PAGE);

        assertThat(body).isEqualTo("""
                <!-- driftless:environment:0b9c1f6e-2a4d-4c11-9d3e-8f1a2b3c4d5e -->
                ### Driftless preview: ready

                | | |
                |---|---|
                | **Environment** | http://feature-login-shop-acme.preview.example.com/ (serves revision 3) |
                | **Revision** | 3: http://feature-login-shop-acme-3f9a1c2b.preview.example.com/ |
                | **Commit** | `4f2a9c0` |
                | **Branch** | <code>feature/login</code> |
                | **Phase** | READY |

                [Open in Driftless](https://driftless.example.com/environments/0b9c1f6e-2a4d-4c11-9d3e-8f1a2b3c4d5e)
                """);
    }

    @Test
    void aFailedRevisionShowsEachLineOfItsReasonInOneCellWithHtmlAndTableBordersEscaped() {
        String body = PullRequestComment.render(target(EnvironmentStatus.ACTIVE, RevisionPhase.FAILED,
                "Could not create Namespace:\n  HTTP 403 <forbidden> | quota", null, "feature/<b>x</b>"), PAGE);

        assertThat(body)
                .contains("### Driftless preview: failed")
                .contains("| **Phase** | FAILED |")
                .contains("| **Reason** | Could not create Namespace:<br>HTTP 403 &lt;forbidden&gt; &#124; quota |")
                .contains("<code>feature/&lt;b&gt;x&lt;/b&gt;</code>")
                .contains("(no revision is serving yet)")
                .doesNotContain("<b>");
    }

    @Test
    void aTornDownEnvironmentSaysSoAndStrikesItsUrl() {
        String body = PullRequestComment.render(target(EnvironmentStatus.TORN_DOWN, RevisionPhase.TORN_DOWN, null,
                null, "main"), PAGE);

        assertThat(body)
                .contains("### Driftless preview: torn down")
                .contains("| **Environment** | ~~http://feature-login-shop-acme.preview.example.com/~~ |")
                .contains("| **Phase** | TORN_DOWN |");
    }

    @Test
    void theSameStateRendersTheSameBodyAndADifferentPhaseAnother() {
        SyncTarget ready = target(EnvironmentStatus.ACTIVE, RevisionPhase.READY, null, 3, "main");
        String hash = PullRequestComment.sha256(PullRequestComment.render(ready, PAGE));

        assertThat(PullRequestComment.sha256(PullRequestComment.render(ready, PAGE))).isEqualTo(hash).hasSize(64);
        assertThat(PullRequestComment.sha256(PullRequestComment.render(
                target(EnvironmentStatus.ACTIVE, RevisionPhase.DEPLOYING, null, null, "main"), PAGE)))
                .isNotEqualTo(hash);
    }

    @Test
    void anInvalidSpecFileShowsEveryErrorWithItsLineAndAForkSaysWhichSecretsItWasNotGiven() {
        String reason = "driftless.yaml at abc1234 is not valid:\n"
                + "line 4, column 11: services.web.port: port 70000 is not a TCP port: use 1 to 65535\n"
                + "line 9, column 3: services: two services are exposed: api, web";
        SyncTarget failed = target(EnvironmentStatus.ACTIVE, RevisionPhase.FAILED, reason, null, "main");
        assertThat(PullRequestComment.render(failed, PAGE)).contains("| **Reason** | driftless.yaml at abc1234 is not "
                + "valid:<br>line 4, column 11: services.web.port: port 70000 is not a TCP port: use 1 to 65535<br>"
                + "line 9, column 3: services: two services are exposed: api, web |");

        RevisionState fork = new RevisionState(UUID.randomUUID(), 1, SHA, "http://x.preview.example.com/",
                RevisionPhase.READY, null, List.of("STRIPE_TEST_KEY"));
        SyncTarget forked = new SyncTarget(ENVIRONMENT, "acme/shop", "alice/shop", "main", 42,
                EnvironmentStatus.ACTIVE, "http://y.preview.example.com/", fork, fork, 1, Optional.empty(),
                Optional.empty(), null, null);
        assertThat(PullRequestComment.render(forked, PAGE)).contains("| **Secrets withheld** | STRIPE_TEST_KEY");
    }

    private static SyncTarget withFate(EnvironmentStatus status, RevisionPhase phase, ExpiryNote expiry,
            String endedBy) {
        SyncTarget t = target(status, phase, null, status == EnvironmentStatus.ACTIVE ? 3 : null, "feature/login");
        return new SyncTarget(t.environmentId(), t.repository(), t.headRepository(), t.branch(), t.pullRequest(),
                t.environmentStatus(), t.environmentUrl(), t.revision(), t.latest(), t.aliasRevisionNumber(),
                t.deployment(), t.comment(), expiry, endedBy);
    }

    @Test
    void anExpiringEnvironmentSaysWhenAndOnceWarnedHowToExtendIt() {
        Instant at = Instant.parse("2026-12-02T10:00:00Z");
        String quiet = PullRequestComment.render(withFate(EnvironmentStatus.ACTIVE, RevisionPhase.READY,
                new ExpiryNote(at, "idle for 72h since revision 3 at 2026-11-29T10:00:00Z, global policy", false),
                null), PAGE);
        assertThat(quiet).contains("| **Expires** | 2026-12-02T10:00:00Z (idle for 72h since revision 3 at "
                + "2026-11-29T10:00:00Z, global policy) |").doesNotContain("/extend");

        String warned = PullRequestComment.render(withFate(EnvironmentStatus.ACTIVE, RevisionPhase.READY,
                new ExpiryNote(at, "idle for 72h since revision 3, global policy", true), null), PAGE);
        assertThat(warned).contains("**Torn down then unless extended**")
                .contains("<code>POST /api/v1/environments/" + ENVIRONMENT + "/extend</code>");
    }

    @Test
    void anEnvironmentPolicyToreDownSaysWhy() {
        String body = PullRequestComment.render(withFate(EnvironmentStatus.TORN_DOWN, RevisionPhase.TORN_DOWN, null,
                "expired: idle for 72h since revision 3 at 2026-11-29T10:00:00Z, repository policy acme/shop"), PAGE);
        assertThat(body).contains("### Driftless preview: torn down")
                .contains("| **Torn down** | expired: idle for 72h since revision 3 at 2026-11-29T10:00:00Z, "
                        + "repository policy acme/shop |")
                .doesNotContain("**Expires**");
    }
}
