package io.driftless.api.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubLinksTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String OLDER = "fedcba9876543210fedcba9876543210fedcba98";
    private final GitHubLinks github = GitHubLinks.of("https://api.github.com", Optional.empty());

    @ParameterizedTest
    @CsvSource({
            "https://api.github.com, https://github.com",
            "https://api.github.com/, https://github.com",
            "https://ghe.example.com/api/v3, https://ghe.example.com",
            "https://ghe.example.com/api/v3/, https://ghe.example.com",
            "https://ghe.example.com:8443/api/v3, https://ghe.example.com:8443",
            "https://api.acme.ghe.com, https://acme.ghe.com",
            "http://localhost:8089, http://localhost:8089" })
    void theWebSiteFollowsFromTheApiUrl(String apiUrl, String web) {
        assertThat(GitHubLinks.of(apiUrl, Optional.empty()).web()).isEqualTo(web);
    }

    @Test
    void aConfiguredWebUrlWinsOverTheApiUrl() {
        assertThat(GitHubLinks.of("https://api.github.com", Optional.of("https://git.example.org/")).web())
                .isEqualTo("https://git.example.org");
        assertThat(GitHubLinks.of("https://api.github.com", Optional.of(" ")).web()).isEqualTo("https://github.com");
    }

    @Test
    void linksTheRepositoryItsPullRequestCommitAndBranch() {
        assertThat(github.repository("acme/shop")).isEqualTo("https://github.com/acme/shop");
        assertThat(github.pullRequest("acme/shop", 7)).isEqualTo("https://github.com/acme/shop/pull/7");
        assertThat(github.commit("acme/shop", SHA)).isEqualTo("https://github.com/acme/shop/commit/" + SHA);
        assertThat(github.branch("acme/shop", "main")).isEqualTo("https://github.com/acme/shop/tree/main");
    }

    @Test
    void aForksPullRequestIsInTheBaseRepositoryItsCommitsAndBranchInTheFork() {
        assertThat(github.pullRequest("acme/shop", 12)).isEqualTo("https://github.com/acme/shop/pull/12");
        assertThat(github.commit("mallory/shop", SHA)).isEqualTo("https://github.com/mallory/shop/commit/" + SHA);
        assertThat(github.branch("mallory/shop", "patch-1")).isEqualTo("https://github.com/mallory/shop/tree/patch-1");
        assertThat(github.compare("mallory/shop", OLDER, SHA))
                .isEqualTo("https://github.com/mallory/shop/compare/" + OLDER + "..." + SHA);
    }

    @Test
    void aBranchKeepsItsSlashesAndEncodesEachSegment() {
        assertThat(github.branch("acme/shop", "feature/login/v2"))
                .isEqualTo("https://github.com/acme/shop/tree/feature/login/v2");
        assertThat(github.branch("acme/shop", "fix/#12%/a+b"))
                .isEqualTo("https://github.com/acme/shop/tree/fix/%2312%25/a%2Bb");
        assertThat(github.branch("acme/shop", "x/<img>&\"q\""))
                .isEqualTo("https://github.com/acme/shop/tree/x/%3Cimg%3E%26%22q%22");
        assertThat(github.branch("acme/shop", "fix/ünï"))
                .isEqualTo("https://github.com/acme/shop/tree/fix/%C3%BCn%C3%AF");
    }

    @Test
    void linksAFileAtACommitSegmentBySegment() {
        assertThat(github.file("mallory/shop", SHA, "deploy/driftless.yaml"))
                .isEqualTo("https://github.com/mallory/shop/blob/" + SHA + "/deploy/driftless.yaml");
        assertThat(github.file("acme/shop", SHA, "my spec#1.yaml"))
                .isEqualTo("https://github.com/acme/shop/blob/" + SHA + "/my%20spec%231.yaml");
    }

    @Test
    void comparesTwoCommits() {
        assertThat(github.compare("acme/shop", OLDER, SHA))
                .isEqualTo("https://github.com/acme/shop/compare/" + OLDER + "..." + SHA);
    }
}
