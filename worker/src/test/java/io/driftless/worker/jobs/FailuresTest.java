package io.driftless.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.driftless.api.source.FileTooLarge;
import io.driftless.api.source.SourceUnavailable;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

class FailuresTest {

    static KubernetesClientException http(int code) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage("m").build());
    }

    @Test
    void serverErrorsTimeoutsAndThrottlingArePassing() {
        assertThat(Failures.classify(http(500)).passing()).isTrue();
        assertThat(Failures.classify(http(503)).passing()).isTrue();
        assertThat(Failures.classify(http(408)).passing()).isTrue();
        assertThat(Failures.classify(http(429)).passing()).isTrue();
    }

    @Test
    void noAnswerAtAllIsPassing() {
        assertThat(Failures.classify(new KubernetesClientException("refused", new ConnectException("refused")))
                .passing()).isTrue();
    }

    @Test
    void refusalsOfWhatWasSentArePermanent() {
        assertThat(Failures.classify(http(400)).passing()).isFalse();
        assertThat(Failures.classify(http(403)).passing()).isFalse();
        assertThat(Failures.classify(http(422)).passing()).isFalse();
        assertThat(Failures.classify(new IllegalStateException("bug")).passing()).isFalse();
    }

    @Test
    void throttlingCarriesItsRetryAfter() {
        KubernetesClientException throttled = new KubernetesClientException(new StatusBuilder().withCode(429)
                .withNewDetails().withRetryAfterSeconds(7).endDetails().build());

        assertThat(Failures.classify(throttled).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aSourceHostThatCannotAnswerNowIsPassingWithTheWaitItAskedForButATooLargeFileIsNot() {
        RuntimeException limited = new RuntimeException("delivery 3",
                new SourceUnavailable("GitHub answered with HTTP 403: rate limit", Optional.of(Duration.ofMinutes(20)), null));

        assertThat(Failures.classify(limited).passing()).isTrue();
        assertThat(Failures.classify(limited).retryAfter()).contains(Duration.ofMinutes(20));
        assertThat(Failures.classify(new FileTooLarge("acme/shop", "a".repeat(40), "driftless.yaml", 300_000))
                .passing()).isFalse();
    }

    @Test
    void aDatabaseThatIsAwayIsPassingButABadQueryIsNot() {
        RuntimeException refused = new RuntimeException("could not begin",
                new java.sql.SQLException("Connection to localhost:5432 refused", "08001"));
        RuntimeException restarting = new RuntimeException(new java.sql.SQLException("the database system is starting up", "57P03"));
        RuntimeException poolTimeout = new RuntimeException(new java.sql.SQLException("Acquisition timeout while waiting for new connection"));
        RuntimeException badQuery = new RuntimeException(new java.sql.SQLException("syntax error", "42601"));

        assertThat(Failures.classify(refused).passing()).isTrue();
        assertThat(Failures.classify(restarting).passing()).isTrue();
        assertThat(Failures.classify(poolTimeout).passing()).isTrue();
        assertThat(Failures.classify(badQuery).passing()).isFalse();
    }

    @Test
    void aHandlersPassingFailureKeepsItsRetryAfter() {
        Failures.Verdict verdict = Failures.classify(new PassingFailure("rate limited", java.util.Optional.of(Duration.ofSeconds(30))));

        assertThat(verdict.passing()).isTrue();
        assertThat(verdict.retryAfter()).contains(Duration.ofSeconds(30));
    }
}
