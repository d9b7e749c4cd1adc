package io.driftless.server.simulated;

import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.driftless.api.naming.Names;
import io.driftless.api.source.SourceHost;

/**
 * The source host of the embedded default (simulated cluster, no GitHub credentials), which has no
 * GitHub to ask: no repository has a spec file, so every revision runs the image it was given; and every
 * directory has a tree id derived from (repository, commit, path), so that the same commit agrees with
 * itself (two branches at one commit share a tree, and a build) and different commits differ.
 *
 * <p>Chosen by {@link SimulatedOrReal}; not a bean of its own.
 */
public final class SimulatedSourceHost implements SourceHost {

    private static final Logger LOG = Logger.getLogger(SimulatedSourceHost.class);

    SimulatedSourceHost() {
        LOG.info("source host: simulated (driftless.cluster=simulated and no GitHub credentials): repositories "
                + "have no spec files, so revisions run the image they are given; set driftless.github.token or "
                + "driftless.github.app.* to read spec files from GitHub");
    }

    @Override
    public Optional<String> readFile(String repository, String commit, String path) {
        return Optional.empty();
    }

    @Override
    public Optional<String> treeId(String repository, String commit, String path) {
        return Optional.of(derivedTreeId(repository, commit, path));
    }

    /**
     * 40 hexadecimal characters, like a Git tree id, standing for the directory at the commit: the start of
     * a SHA-256 over the three, repository and commit in lower case as GitHub does not tell them apart by
     * case. None of the three holds a line break (a repository name, a SHA, a path without control
     * characters), so joining them with one is unambiguous.
     */
    public static String derivedTreeId(String repository, String commit, String path) {
        return Names.sha256Hex("simulated tree\n" + repository.toLowerCase(Locale.ROOT) + "\n"
                + commit.toLowerCase(Locale.ROOT) + "\n" + path).substring(0, 40);
    }
}
