package io.driftless.api.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepositoryPathTest {

    @Test
    void aRelativePathInsideTheRepositoryIsFine() {
        assertThat(RepositoryPath.problemsOf("driftless.yaml")).isEmpty();
        assertThat(RepositoryPath.problemsOf("deploy/previews/driftless.yaml")).isEmpty();
        assertThat(RepositoryPath.problemsOf(".github/driftless.yaml")).isEmpty();
        assertThat(RepositoryPath.problemsOf("my stack/drift..less.yaml")).isEmpty();
        assertThat(RepositoryPath.problemsOf("x".repeat(RepositoryPath.MAX_LENGTH))).isEmpty();
    }

    @Test
    void aPathThatLeavesTheRepositoryOrIsReadDifferentlyIsRefusedSayingWhy() {
        assertThat(RepositoryPath.problemsOf("../x")).singleElement().asString().contains("'..'");
        assertThat(RepositoryPath.problemsOf("deploy/../../x")).singleElement().asString().contains("'..'");
        assertThat(RepositoryPath.problemsOf("/driftless.yaml")).singleElement().asString().contains("leading '/'");
        assertThat(RepositoryPath.problemsOf("deploy\\driftless.yaml")).singleElement().asString().contains("'\\'");
        assertThat(RepositoryPath.problemsOf("deploy//driftless.yaml")).singleElement().asString().contains("empty");
        assertThat(RepositoryPath.problemsOf("deploy/")).singleElement().asString().contains("end with '/'");
        assertThat(RepositoryPath.problemsOf("./driftless.yaml")).singleElement().asString().contains("'.'");
        assertThat(RepositoryPath.problemsOf("a\nb")).singleElement().asString().contains("control");
        assertThat(RepositoryPath.problemsOf("x".repeat(RepositoryPath.MAX_LENGTH + 1))).singleElement().asString()
                .contains("at most 255");
        assertThat(RepositoryPath.problemsOf(" ")).singleElement().asString().contains("relative to the repository root");
        assertThat(RepositoryPath.problemsOf(null)).hasSize(1);
        assertThat(RepositoryPath.isValid("../x")).isFalse();
    }
}
