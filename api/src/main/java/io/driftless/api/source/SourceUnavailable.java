package io.driftless.api.source;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@link SourceHost} could not say what a file is now: it did not answer, answered with its own
 * trouble, limited our rate, or refused (or was given no) credentials for the repository. Not an absent
 * file: what depends on the file should wait and try again, not carry on without it.
 */
public class SourceUnavailable extends RuntimeException {

    private final transient Optional<Duration> retryAfter;

    /** @param retryAfter how long the host asked us to wait, if it said */
    public SourceUnavailable(String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
