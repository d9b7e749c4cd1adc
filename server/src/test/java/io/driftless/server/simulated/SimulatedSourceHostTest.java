package io.driftless.server.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatedSourceHostTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String NEXT = "89abcdef0123456789abcdef0123456789abcdef";

    private final SimulatedSourceHost host = new SimulatedSourceHost();

    @Test
    void noRepositoryHasASpecFile() {
        assertThat(host.readFile("acme/shop", COMMIT, "driftless.yaml")).isEmpty();
    }

    @Test
    void theSameDirectoryAtTheSameCommitHasOneTreeIdWhateverBranchAsksAndAnotherCommitOrDirectoryAnother() {
        String tree = host.treeId("acme/shop", COMMIT, ".").orElseThrow();

        assertThat(tree).matches("[0-9a-f]{40}");
        assertThat(host.treeId("acme/shop", COMMIT, ".")).contains(tree);
        assertThat(host.treeId("Acme/Shop", COMMIT.toUpperCase(), ".")).contains(tree);
        assertThat(host.treeId("acme/shop", NEXT, ".")).isNotEqualTo(host.treeId("acme/shop", COMMIT, "."));
        assertThat(host.treeId("acme/shop", COMMIT, "web")).isNotEqualTo(host.treeId("acme/shop", COMMIT, "."));
        assertThat(host.treeId("acme/other", COMMIT, ".")).isNotEqualTo(host.treeId("acme/shop", COMMIT, "."));
    }
}
