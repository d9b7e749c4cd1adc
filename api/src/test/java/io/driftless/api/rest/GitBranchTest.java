package io.driftless.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitBranchTest {

    @ParameterizedTest
    @ValueSource(strings = { "main", "feature/login", "fix/ünïcödé", "日本語", "user@host", "a_b", "v1.2.3",
            "emoji/🚀", "a-", "x/y/z", "HEADS", "@@", "a@b{c}" })
    void acceptsWhatGitAccepts(String branch) {
        assertThat(GitBranch.Validator.isValid(branch)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "with space", "a..b", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b",
            "a@{b", "/lead", "trail/", "a//b", ".hidden", "a/.hidden", "a.lock", "a/b.lock/c", "dot.", "-dash",
            "HEAD", "@", "tab\there", "bell\u0007", "del\u007f" })
    void refusesWhatGitRefuses(String branch) {
        assertThat(GitBranch.Validator.isValid(branch)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void acceptsA250CharacterBranchButNotAnEndlessOne() {
        assertThat(GitBranch.Validator.isValid("b".repeat(250))).isTrue();
        assertThat(GitBranch.Validator.isValid("b".repeat(GitBranch.MAX_LENGTH + 1))).isFalse();
    }
}
