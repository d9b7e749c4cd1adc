package io.driftless.api.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.driftless.api.github.GitHubPayloads.AnyEvent;
import io.driftless.api.github.GitHubPayloads.PingEvent;
import io.driftless.api.github.GitHubPayloads.PullRequestEvent;

class GitHubPayloadsTest {

    @ParameterizedTest
    @ValueSource(strings = {"opened", "closed", "labeled", "reopened", "synchronize"})
    void readsEveryPullRequestFixture(String action) throws IOException {
        PullRequestEvent event = read("pull_request." + action, PullRequestEvent.class);
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.number()).isEqualTo(2);
        assertThat(event.repository().fullName()).isEqualTo("Codertocat/Hello-World");
        assertThat(event.pullRequest().number()).isEqualTo(2);
        assertThat(event.pullRequest().head().sha()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
        assertThat(event.pullRequest().head().ref()).isEqualTo("changes");
        assertThat(event.pullRequest().head().repo().fullName()).isEqualTo("Codertocat/Hello-World");
        assertThat(event.pullRequest().base().repo().fullName()).isEqualTo("Codertocat/Hello-World");
        assertThat(event.pullRequest().draft()).isFalse();
        assertThat(event.pullRequest().hasLabel("bug")).isTrue();
        assertThat(event.sender().login()).isEqualTo("Codertocat");
    }

    @Test
    void readsTheLabelOfALabeledEvent() throws IOException {
        assertThat(read("pull_request.labeled", PullRequestEvent.class).label().name()).isEqualTo("bug");
    }

    @Test
    void readsPingAndPush() throws IOException {
        PingEvent ping = read("ping", PingEvent.class);
        assertThat(ping.zen()).isNotBlank();
        assertThat(ping.hookId()).isPositive();
        assertThat(ping.repository().fullName()).isEqualTo("Octocoders/Hello-World");
        AnyEvent push = read("push", AnyEvent.class);
        assertThat(push.action()).isNull();
        assertThat(push.repository().fullName()).isEqualTo("Codertocat/Hello-World");
    }

    @Test
    void saysWhyAPayloadDoesNotRead() {
        assertThatThrownBy(() -> GitHubPayloads.read("{\"number\": \"x\"}", PullRequestEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PullRequestEvent");
    }

    private static <T> T read(String fixture, Class<T> type) throws IOException {
        return GitHubPayloads.read(new String(WebhookSignatureTest.fixture(fixture), StandardCharsets.UTF_8), type);
    }
}
