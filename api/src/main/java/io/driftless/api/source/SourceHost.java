package io.driftless.api.source;

import java.util.Optional;

/**
 * Where the code of a repository is hosted, as far as Driftless reads it: one file at one commit.
 * A port, so that what reads a repository's files does not depend on GitHub's API; the GitHub adapter
 * lives in the worker. A file at a commit never changes, so an adapter may keep what it read.
 */
public interface SourceHost {

    /** The largest file read: a spec file bigger than this is a mistake, not a spec. */
    int MAX_FILE_BYTES = 256 * 1024;

    /**
     * The file's content (UTF-8) at the commit.
     *
     * @param repository owner/name
     * @param commit     the full commit SHA
     * @param path       relative to the repository root, '/'-separated, e.g. {@code deploy/driftless.yaml}
     * @return empty when the commit has no file at {@code path}
     * @throws FileTooLarge      when the file is bigger than {@link #MAX_FILE_BYTES}
     * @throws SourceUnavailable when the host cannot say now (no answer, its trouble, a rate limit, credentials
     *                           missing or refused); another try later may succeed
     */
    Optional<String> readFile(String repository, String commit, String path);
}
