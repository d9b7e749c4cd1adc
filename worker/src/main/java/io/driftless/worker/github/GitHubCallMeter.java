package io.driftless.worker.github;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;

import io.driftless.api.metrics.Meters;

/**
 * Counts every answer of GitHub's API by outcome and keeps the rate limit it says is left, for
 * {@code driftless_github_calls_total} and {@code driftless_github_rate_limit_remaining}. Calls that got
 * no answer are counted where that is seen ({@link GitHubClient}, {@link GitHubSource}).
 */
final class GitHubCallMeter implements ClientResponseFilter {

    private final Meters meters;

    GitHubCallMeter(Meters meters) {
        this.meters = meters;
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        try {
            String remaining = header(response, "X-RateLimit-Remaining");
            if (remaining != null) {
                try {
                    meters.gitHubRateLimitRemaining(Long.parseLong(remaining.strip()));
                } catch (NumberFormatException unreadable) {
                    // not a number: nothing to show
                }
            }
            meters.gitHubCall(outcome(response.getStatus(), remaining, header(response, "Retry-After")));
        } catch (RuntimeException e) {
            // counting must never fail a call to GitHub
        }
    }

    /** A header of the answer; null when there is none, or no headers at all (an answer the client made up). */
    private static String header(ClientResponseContext response, String name) {
        return response.getHeaders() == null ? null : response.getHeaderString(name);
    }

    /** ok, rate_limited (403/429 with no calls left or a Retry-After), refused (other 4xx), server_error. */
    static String outcome(int status, String remaining, String retryAfter) {
        if (status < 400) {
            return "ok";
        }
        if ((status == 403 || status == 429) && ("0".equals(remaining == null ? null : remaining.strip())
                || retryAfter != null)) {
            return "rate_limited";
        }
        return status < 500 ? "refused" : "server_error";
    }
}
