package io.driftless.server;

import java.time.Duration;
import java.util.Optional;

import io.driftless.worker.github.GitHubConfig;

/** A {@link GitHubConfig} for tests that build GitHub beans by hand: a token or none, and no GitHub App. */
public final class TestGitHubConfig {

    private TestGitHubConfig() {
    }

    public static GitHubConfig of(String apiUrl, Optional<String> token, Duration connectTimeout,
            Duration readTimeout) {
        return new GitHubConfig() {
            @Override
            public String apiUrl() {
                return apiUrl;
            }

            @Override
            public Optional<String> token() {
                return token;
            }

            @Override
            public App app() {
                return new App() {
                    @Override
                    public Optional<String> id() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> privateKey() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<Long> installationId() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public Duration connectTimeout() {
                return connectTimeout;
            }

            @Override
            public Duration readTimeout() {
                return readTimeout;
            }
        };
    }
}
