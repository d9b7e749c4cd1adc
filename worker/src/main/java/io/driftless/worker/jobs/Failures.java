package io.driftless.worker.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import io.driftless.api.service.DatabaseErrors;
import io.driftless.api.source.SourceUnavailable;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

/**
 * Tells a passing failure (worth another try later) from a permanent one (fail now, with the reason).
 * Passing: no answer (connection refused, timeouts), 408, 429 (with its Retry-After), any 5xx, a
 * database that is away, a {@link PassingFailure} a handler threw, a {@link SourceUnavailable} (the source
 * host could not say what a file is now). Permanent: every other 4xx (the cluster refused what was sent: invalid,
 * forbidden, over quota) and programming errors.
 */
public final class Failures {

    public record Verdict(boolean passing, Optional<Duration> retryAfter, String reason) {
    }

    private Failures() {
    }

    public static Verdict classify(Throwable failure) {
        String reason = String.valueOf(failure.getMessage());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PassingFailure p) {
                return new Verdict(true, p.retryAfter(), reason);
            }
            if (t instanceof SourceUnavailable s) {
                return new Verdict(true, s.retryAfter(), reason);
            }
            if (t instanceof KubernetesClientTimeoutException) {
                return new Verdict(true, Optional.empty(), reason);
            }
            if (t instanceof KubernetesClientException k) {
                int code = k.getCode();
                if (unanswered(k) || code == 408 || code >= 500) {
                    return new Verdict(true, Optional.empty(), reason);
                }
                if (code == 429) {
                    return new Verdict(true, retryAfter(k), reason);
                }
                if (code >= 400) {
                    return new Verdict(false, Optional.empty(), reason);
                }
            }
            if (t instanceof IOException || t instanceof TimeoutException || DatabaseErrors.isUnreachable(t)) {
                return new Verdict(true, Optional.empty(), reason);
            }
        }
        return new Verdict(false, Optional.empty(), reason);
    }

    /**
     * The call got no HTTP answer at all (a timeout, a refused or dropped connection: the client then
     * reports no status code), and not because of a bug on this side.
     */
    public static boolean unanswered(KubernetesClientException e) {
        if (e.getCode() > 0) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                    || t instanceof NullPointerException || t instanceof ClassCastException) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Duration> retryAfter(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getDetails() != null
                && e.getStatus().getDetails().getRetryAfterSeconds() != null) {
            return Optional.of(Duration.ofSeconds(e.getStatus().getDetails().getRetryAfterSeconds()));
        }
        return Optional.empty();
    }
}
