package io.driftless.worker.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * Who Driftless is on GitHub: a bearer token ({@code driftless.github.token}), or a GitHub App
 * installation whose token is fetched with a signed JWT and kept until shortly before it expires. With
 * neither configured, GitHub posting is off.
 */
@Startup // says once, at start, whether GitHub posting is on
@ApplicationScoped
public class GitHubCredentials {

    private static final Logger LOG = Logger.getLogger(GitHubCredentials.class);
    /** An installation token is renewed this long before GitHub says it expires (they last an hour). */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    public enum Mode {
        OFF,
        TOKEN,
        APP
    }

    private final Mode mode;
    private final Optional<String> token;
    private final String appId;
    private final long installationId;
    private final PrivateKey appKey;
    private Cached cached;

    private record Cached(String token, Instant expiresAt) {
    }

    public GitHubCredentials(GitHubConfig config) {
        this.token = config.token().map(String::strip).filter(t -> !t.isEmpty());
        GitHubConfig.App app = config.app();
        boolean anyApp = app.id().isPresent() || app.privateKey().isPresent() || app.installationId().isPresent();
        if (token.isPresent()) {
            mode = Mode.TOKEN;
            appId = null;
            installationId = 0;
            appKey = null;
        } else if (anyApp) {
            if (app.id().isEmpty() || app.privateKey().isEmpty() || app.installationId().isEmpty()) {
                throw new IllegalStateException("driftless.github.app.id, driftless.github.app.private-key and "
                        + "driftless.github.app.installation-id must all be set to act as a GitHub App");
            }
            mode = Mode.APP;
            appId = app.id().get().strip();
            installationId = app.installationId().get();
            appKey = GitHubAppJwt.readPrivateKey(pem(app.privateKey().get()));
        } else {
            mode = Mode.OFF;
            appId = null;
            installationId = 0;
            appKey = null;
        }
        switch (mode) {
            case OFF -> LOG.info("GitHub posting is off: set driftless.github.token or driftless.github.app.* "
                    + "to report deployments and comment on pull requests");
            case TOKEN -> LOG.infof("GitHub posting is on, with a token, to %s", config.apiUrl());
            case APP -> LOG.infof("GitHub posting is on, as installation %d of GitHub App %s, to %s", installationId,
                    appId, config.apiUrl());
        }
    }

    public Mode mode() {
        return mode;
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    /**
     * The Authorization header value for a call. As an App, {@code exchange} (given the App's JWT
     * header value) is asked for a new installation token when none is kept or it is about to expire.
     */
    public synchronized String authorization(Function<String, GitHubApi.InstallationToken> exchange, Instant now) {
        return switch (mode) {
            case OFF -> throw new IllegalStateException("GitHub posting is off: no credentials are configured");
            case TOKEN -> "Bearer " + token.get();
            case APP -> {
                if (cached == null || !now.isBefore(cached.expiresAt().minus(RENEW_BEFORE))) {
                    GitHubApi.InstallationToken fresh = exchange.apply("Bearer " + GitHubAppJwt.sign(appId, appKey, now));
                    cached = new Cached(fresh.token(), fresh.expiresAt() == null ? now.plus(Duration.ofMinutes(10))
                            : fresh.expiresAt());
                }
                yield "Bearer " + cached.token();
            }
        };
    }

    /** GitHub refused the kept installation token (revoked, or the App's permissions changed): fetch anew. */
    public synchronized boolean forget() {
        boolean had = cached != null;
        cached = null;
        return mode == Mode.APP && had;
    }

    /** The key itself, or the path of a file holding it (a mounted Secret). */
    private static String pem(String value) {
        if (value.contains("-----BEGIN")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value.strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("driftless.github.app.private-key is neither a PEM key nor a readable file: "
                    + value.strip(), e);
        }
    }
}
