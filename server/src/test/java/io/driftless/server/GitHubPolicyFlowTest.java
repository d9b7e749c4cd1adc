package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Webhooks.label;
import static io.driftless.server.Webhooks.pullRequest;
import static io.driftless.server.Webhooks.withSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.api.github.GitHubDeliveries;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The other side of each GitHub policy: an opt-in label, trusted forks, drafts deployed, and
 * environments kept when their pull request closes.
 */
@QuarkusTest
@TestProfile(GitHubPolicyFlowTest.OtherPolicies.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class GitHubPolicyFlowTest {

    public static class OtherPolicies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("driftless.github.policy.opt-in-label", "preview",
                    "driftless.github.policy.forks", "trusted",
                    "driftless.github.policy.drafts", "deploy",
                    "driftless.github.policy.on-close", "keep");
        }
    }

    @Inject
    GitHubDeliveries deliveries;

    @Test
    void withAnOptInLabelOnlyALabelledPullRequestGetsAnEnvironment() {
        String repository = withSettings();
        String sha = commit();
        Webhooks.process(deliveries, "pull_request", pullRequest("opened", repository, repository, 21, sha));
        assertThat(total(repository)).isZero();

        ObjectNode labelled = pullRequest("labeled", repository, repository, 21, sha);
        label(labelled, "preview");
        Webhooks.process(deliveries, "pull_request", labelled);
        assertThat(total(repository)).isEqualTo(1);
        String id = given().get("/api/v1/environments?repository=" + repository).path("items[0].id");
        awaitPhase(id, "READY");
    }

    @Test
    void trustedForksNeedNoApprovalAndAClosedPullRequestKeepsItsEnvironment() {
        String repository = withSettings();
        String fork = "alice" + repository.substring(repository.indexOf('/'));
        String sha = commit();
        ObjectNode opened = pullRequest("opened", repository, fork, 22, sha);
        label(opened, "preview");
        Webhooks.process(deliveries, "pull_request", opened);
        String id = given().get("/api/v1/environments?repository=" + repository).path("items[0].id");
        assertThat(awaitPhase(id, "READY").<String>path("headRepository")).isEqualTo(fork);

        ObjectNode closed = pullRequest("closed", repository, fork, 22, sha);
        label(closed, "preview");
        Webhooks.process(deliveries, "pull_request", closed);
        given().get("/api/v1/environments/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("ACTIVE"));
    }

    @Test
    void aDraftIsDeployedWhenPolicySaysSo() {
        String repository = withSettings();
        ObjectNode draft = pullRequest("opened", repository, repository, 23, commit());
        ((ObjectNode) draft.get("pull_request")).put("draft", true);
        label(draft, "preview");
        Webhooks.process(deliveries, "pull_request", draft);
        assertThat(total(repository)).isEqualTo(1);
    }

    private static int total(String repository) {
        return given().get("/api/v1/environments?repository=" + repository).path("total");
    }
}
