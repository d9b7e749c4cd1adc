package io.driftless.worker.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GitHubCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static GitHubConfig config(Optional<String> token, Optional<String> appId, Optional<String> key,
            Optional<Long> installation) {
        return new GitHubConfig() {
            @Override
            public String apiUrl() {
                return "https://api.github.com";
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
                        return appId;
                    }

                    @Override
                    public Optional<String> privateKey() {
                        return key;
                    }

                    @Override
                    public Optional<Long> installationId() {
                        return installation;
                    }
                };
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration readTimeout() {
                return Duration.ofSeconds(20);
            }
        };
    }

    private static String keyFile() throws URISyntaxException {
        return Path.of(GitHubCredentialsTest.class.getResource("/github/app-private-key-pkcs1.pem").toURI()).toString();
    }

    @Test
    void withoutCredentialsPostingIsOff() {
        GitHubCredentials off = new GitHubCredentials(config(Optional.of("  "), Optional.empty(), Optional.empty(),
                Optional.empty()));

        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(() -> off.authorization(jwt -> null, NOW)).hasMessageContaining("off");
    }

    @Test
    void aTokenIsSentAsABearerToken() {
        GitHubCredentials token = new GitHubCredentials(config(Optional.of("ghp_abc"), Optional.empty(),
                Optional.empty(), Optional.empty()));

        assertThat(token.mode()).isEqualTo(GitHubCredentials.Mode.TOKEN);
        assertThat(token.authorization(jwt -> null, NOW)).isEqualTo("Bearer ghp_abc");
    }

    @Test
    void anAppsInstallationTokenIsKeptUntilShortlyBeforeItExpiresThenFetchedAgainWithAFreshJwt() throws Exception {
        GitHubCredentials app = new GitHubCredentials(config(Optional.empty(), Optional.of("42"),
                Optional.of(keyFile()), Optional.of(7L)));
        List<String> jwts = new ArrayList<>();
        Instant expires = NOW.plus(Duration.ofHours(1));

        String first = app.authorization(jwt -> {
            jwts.add(jwt);
            return new GitHubApi.InstallationToken("ghs_one", expires);
        }, NOW);
        String kept = app.authorization(jwt -> {
            throw new AssertionError("asked again although the token is good for 54 more minutes");
        }, expires.minus(Duration.ofMinutes(6)));
        String renewed = app.authorization(jwt -> {
            jwts.add(jwt);
            return new GitHubApi.InstallationToken("ghs_two", expires.plus(Duration.ofHours(1)));
        }, expires.minus(Duration.ofMinutes(4)));

        assertThat(first).isEqualTo("Bearer ghs_one");
        assertThat(kept).isEqualTo("Bearer ghs_one");
        assertThat(renewed).isEqualTo("Bearer ghs_two");
        assertThat(jwts).hasSize(2).allSatisfy(jwt -> assertThat(jwt).startsWith("Bearer ey"));
        assertThat(jwts.get(0)).isNotEqualTo(jwts.get(1));
    }

    @Test
    void aForgottenInstallationTokenIsFetchedAgain() throws Exception {
        GitHubCredentials app = new GitHubCredentials(config(Optional.empty(), Optional.of("42"),
                Optional.of(keyFile()), Optional.of(7L)));
        app.authorization(jwt -> new GitHubApi.InstallationToken("ghs_one", NOW.plus(Duration.ofHours(1))), NOW);

        assertThat(app.forget()).isTrue();
        assertThat(app.authorization(jwt -> new GitHubApi.InstallationToken("ghs_two", NOW.plus(Duration.ofHours(1))),
                NOW)).isEqualTo("Bearer ghs_two");
    }

    @Test
    void anIncompleteAppConfigurationIsRefusedAtStartWithTheKeysToSet() {
        assertThatThrownBy(() -> new GitHubCredentials(config(Optional.empty(), Optional.of("42"), Optional.empty(),
                Optional.of(7L))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("driftless.github.app.private-key");
    }
}
