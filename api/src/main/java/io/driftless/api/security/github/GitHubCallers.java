package io.driftless.api.security.github;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.driftless.api.security.AuthConfig;
import io.driftless.api.security.Caller;

/**
 * The {@link Caller} of a user signed in with GitHub, from their permissions on GitHub, cached per user (and
 * token) for {@code driftless.auth.github.permission-ttl}.
 *
 * <p>
 * Caffeine reads them again in the background once half the TTL has passed, so a user who keeps using the
 * pages never waits for GitHub, and a permission removed on GitHub takes effect within the TTL. A failed
 * background read keeps the cached answer; once it is older than the TTL the next request reads synchronously
 * and, if GitHub still cannot answer, is refused ({@link GitHubUnavailable}). A user with nothing cached is
 * never let in without GitHub's answer. The cache's ticker is the injected clock, so tests move time.
 */
@ApplicationScoped
public class GitHubCallers {

    /** A user and the token to ask GitHub with; a new sign-in (a new token) reads afresh. */
    record Key(String login, String token) {
        @Override
        public String toString() {
            return login;
        }
    }

    private final LoadingCache<Key, GitHubPermissions> cache;

    public GitHubCallers(AuthConfig auth, GitHubUserApi github, InstantSource clock) {
        Duration ttl = auth.github().permissionTtl();
        this.cache = Caffeine.newBuilder()
                .ticker(() -> nanos(clock.instant()))
                .expireAfterWrite(ttl)
                .refreshAfterWrite(ttl.dividedBy(2))
                .maximumSize(10_000)
                .build(key -> github.permissions(key.login(), key.token()));
    }

    /** The caller; {@link GitHubUnavailable} when GitHub cannot answer and nothing fresh enough is cached. */
    public Caller caller(String login, String token) {
        return cache.get(new Key(login, token)).caller();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
