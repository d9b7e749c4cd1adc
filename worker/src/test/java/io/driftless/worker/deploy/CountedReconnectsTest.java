package io.driftless.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;

class CountedReconnectsTest {

    @Test
    void aFirstListThatFailsIsTriedAgainWhateverTheFailure() {
        // fabric8's default stops the informer here for good: a slow start left the watchers dead
        assertThat(CountedReconnects.retries(false, new TimeoutException())).isTrue();
        assertThat(CountedReconnects.retries(false, new KubernetesClientException("Forbidden", 403, null))).isTrue();
        assertThat(CountedReconnects.retries(false, new WatcherException("gone"))).isTrue();
    }

    @Test
    void aStartedInformerWatchesAgainUnlessTheWatchItselfFailed() {
        assertThat(CountedReconnects.retries(true, new KubernetesClientException("connection reset"))).isTrue();
        assertThat(CountedReconnects.retries(true, new WatcherException("too old resource version"))).isFalse();
    }
}
