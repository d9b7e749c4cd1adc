package io.driftless.server;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.driftless.api.source.SourceHost;
import io.driftless.server.simulated.SimulatedSourceHost;
import io.driftless.worker.github.GitHubSource;

/**
 * The source host of the tests. Tests whose GitHub is a local stub (GitHubStub, WireMock) read through
 * the real GitHub adapter, so that reading a file at a commit is tested end to end; the others have no
 * GitHub at all (the default api.github.com is out of reach here) and read files from {@link #FILES},
 * where a repository has none unless a test puts one, and tree ids from {@link #TREES}, where a
 * directory has the simulated source host's derived id unless a test puts another.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestSourceHost implements SourceHost {

    /** (repository, commit, path) → content, for tests without a GitHub stub. */
    static final Map<String, String> FILES = new ConcurrentHashMap<>();
    /** (repository, commit, path) → tree id, for tests without a GitHub stub. */
    static final Map<String, String> TREES = new ConcurrentHashMap<>();

    private final GitHubSource github;
    private final boolean stubbed;

    public TestSourceHost(GitHubSource github, @ConfigProperty(name = "driftless.github.api-url") String apiUrl) {
        this.github = github;
        this.stubbed = apiUrl.startsWith("http://localhost") || apiUrl.startsWith("http://127.0.0.1");
    }

    static void put(String repository, String commit, String path, String content) {
        FILES.put(key(repository, commit, path), content);
    }

    static void putTree(String repository, String commit, String path, String treeId) {
        TREES.put(key(repository, commit, path), treeId);
    }

    @Override
    public Optional<String> treeId(String repository, String commit, String path) {
        if (stubbed) {
            return github.treeId(repository, commit, path);
        }
        String put = TREES.get(key(repository, commit, path));
        return Optional.of(put != null ? put : SimulatedSourceHost.derivedTreeId(repository, commit, path));
    }

    @Override
    public Optional<String> readFile(String repository, String commit, String path) {
        return stubbed ? github.readFile(repository, commit, path)
                : Optional.ofNullable(FILES.get(key(repository, commit, path)));
    }

    private static String key(String repository, String commit, String path) {
        return repository + "@" + commit + ":" + path;
    }
}
