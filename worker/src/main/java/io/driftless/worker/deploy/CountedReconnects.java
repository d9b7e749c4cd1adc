package io.driftless.worker.deploy;

import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;

import io.driftless.api.metrics.Meters;

/**
 * When a watcher's informer lists and watches again after a failure, with each try counted as
 * {@code driftless_informer_reconnects_total}. fabric8's own rule (again once the informer has started,
 * unless the watch itself failed), and also when the first list fails: fabric8 then stops the informer for
 * good, so an API server slow or away for a moment while Driftless starts left it without readiness or drift
 * signals until a restart (revisions stayed DEPLOYING). fabric8 spaces the tries out (backoff).
 */
public final class CountedReconnects {

    private CountedReconnects() {
    }

    public static ExceptionHandler of(Meters meters, String informer) {
        return (started, failure) -> {
            boolean retry = retries(started, failure);
            if (retry) {
                meters.informerReconnect(informer);
            }
            return retry;
        };
    }

    /** Whether an informer lists and watches again after this failure. */
    public static boolean retries(boolean started, Throwable failure) {
        return !started || !(failure instanceof WatcherException);
    }
}
