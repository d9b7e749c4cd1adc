package io.driftless.api.security.github;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * Until when GitHub asks not to be called again, from an answer's headers: {@code Retry-After} (seconds) on a
 * 403 or 429 (a secondary rate limit), else {@code X-RateLimit-Reset} (epoch seconds) once
 * {@code X-RateLimit-Remaining} is 0. Pure.
 */
final class RateLimit {

    private RateLimit() {
    }

    static Optional<Instant> until(int status, HttpHeaders headers, Instant now) {
        boolean refused = status == 403 || status == 429;
        Optional<Long> retryAfter = headers.firstValue("Retry-After").flatMap(RateLimit::number);
        if (refused && retryAfter.isPresent()) {
            return Optional.of(now.plusSeconds(retryAfter.get()));
        }
        boolean exhausted = headers.firstValue("X-RateLimit-Remaining").flatMap(RateLimit::number)
                .map(remaining -> remaining <= 0).orElse(false);
        if (!exhausted) {
            return Optional.empty();
        }
        // a clock that runs ahead of GitHub's still waits a minute rather than not at all
        return Optional.of(headers.firstValue("X-RateLimit-Reset").flatMap(RateLimit::number)
                .map(Instant::ofEpochSecond).filter(now::isBefore).orElse(now.plusSeconds(60)));
    }

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
