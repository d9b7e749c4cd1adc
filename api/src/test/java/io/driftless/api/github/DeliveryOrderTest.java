package io.driftless.api.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DeliveryOrderTest {

    @Test
    void deliveriesOfOnePullRequestShareAKeyWhateverTheAction() throws Exception {
        String opened = new String(WebhookSignatureTest.fixture("pull_request.opened"), StandardCharsets.UTF_8);
        String closed = new String(WebhookSignatureTest.fixture("pull_request.closed"), StandardCharsets.UTF_8);

        assertThat(GitHubDeliveries.serialKey("pull_request", opened)).isEqualTo("github:codertocat/hello-world#2");
        assertThat(GitHubDeliveries.serialKey("pull_request", closed))
                .isEqualTo(GitHubDeliveries.serialKey("pull_request", opened));
    }

    @Test
    void otherEventsAndUnreadablePayloadsAreNotOrdered() throws Exception {
        String ping = new String(WebhookSignatureTest.fixture("ping"), StandardCharsets.UTF_8);

        assertThat(GitHubDeliveries.serialKey("ping", ping)).isNull();
        assertThat(GitHubDeliveries.serialKey("pull_request", "not json")).isNull();
        assertThat(GitHubDeliveries.serialKey("pull_request", "{\"number\": 3}")).isNull();
    }
}
