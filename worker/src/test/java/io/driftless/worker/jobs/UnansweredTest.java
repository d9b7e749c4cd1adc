package io.driftless.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

class UnansweredTest {

    @Test
    void aCallWithoutAnyAnswerIsRetriedInPlaceButAnAnswerIsNot() {
        assertThat(Failures.unanswered(new KubernetesClientException("no answer", new TimeoutException(
                "The timeout period of 1500ms has been exceeded while executing POST /api/v1/namespaces")))).isTrue();
        assertThat(Failures.unanswered(new KubernetesClientException("dropped",
                new java.io.IOException("Connection was closed")))).isTrue();
        assertThat(Failures.unanswered(new KubernetesClientException("refused", new ConnectException("refused"))))
                .isTrue();
        // a dropped connection as the HTTP client reports it: a RuntimeException, no status code
        KubernetesClientException closed = new KubernetesClientException("Connection was closed",
                new RuntimeException("Connection was closed"));
        assertThat(Failures.unanswered(closed)).isTrue();
        assertThat(Failures.classify(closed).passing()).as("and the job is tried again").isTrue();

        assertThat(Failures.unanswered(new KubernetesClientException(
                new StatusBuilder().withCode(500).withMessage("etcd is unhappy").build()))).isFalse();
        assertThat(Failures.unanswered(new KubernetesClientException(
                new StatusBuilder().withCode(422).withMessage("invalid").build()))).isFalse();
        assertThat(Failures.unanswered(new KubernetesClientException("a bug", new IllegalStateException("x"))))
                .isFalse();
    }
}
