package io.driftless.worker.deploy;

import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;

import io.driftless.api.metrics.Meters;

/**
 * fabric8's own decision on a broken watch (open it again once the informer has started, unless the
 * watch itself failed), with each reopening counted as {@code driftless_informer_reconnects_total}.
 */
final class CountedReconnects {

    private CountedReconnects() {
    }

    static ExceptionHandler of(Meters meters, String informer) {
        return (started, failure) -> {
            // fabric8 7.5's default handler, kept as it is
            boolean retry = started && !(failure instanceof WatcherException);
            if (retry) {
                meters.informerReconnect(informer);
            }
            return retry;
        };
    }
}
