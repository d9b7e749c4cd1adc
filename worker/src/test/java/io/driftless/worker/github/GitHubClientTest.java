package io.driftless.worker.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GitHubClientTest {

    @Test
    void aDescriptionLongerThanGitHubTakesIsCutTo140CharactersWithAnEllipsis() {
        String reason = "Could not create Namespace (HTTP 403): ".repeat(10);

        String cut = GitHubClient.truncate(reason);

        assertThat(cut).hasSize(140).endsWith("…").startsWith("Could not create Namespace (HTTP 403): Could");
        assertThat(GitHubClient.truncate("short")).isEqualTo("short");
        assertThat(GitHubClient.truncate("x".repeat(140))).isEqualTo("x".repeat(140));
    }

    @Test
    void aRepositoryIsOwnerSlashName() {
        assertThat(GitHubClient.Repo.of("acme/shop.web")).isEqualTo(new GitHubClient.Repo("acme", "shop.web"));
        assertThatThrownBy(() -> GitHubClient.Repo.of("gitlab.com/acme/shop"))
                .isInstanceOf(GitHubRefused.class).hasMessageContaining("not a GitHub repository");
    }

    @Test
    void aForksBranchGetsItsOwnGitHubEnvironment() {
        assertThat(GitHubSync.gitHubEnvironment("acme/shop", "acme/shop", "feature/login"))
                .isEqualTo("preview/feature/login");
        assertThat(GitHubSync.gitHubEnvironment("acme/shop", "octocat/shop", "main")).isEqualTo("preview/octocat:main");
    }
}
