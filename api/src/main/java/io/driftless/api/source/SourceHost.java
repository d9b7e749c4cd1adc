package io.driftless.api.source;

import java.util.Optional;

/**
 * Where the code of a repository is hosted, as far as Driftless reads it: one file at one commit, and
 * the tree id of one directory at one commit. A port, so that what reads a repository does not depend on
 * GitHub's API; the GitHub adapter lives in the worker. A file or a tree at a commit never changes, so an
 * adapter may keep what it read.
 */
public interface SourceHost {

    /** The largest file read: a spec file bigger than this is a mistake, not a spec. */
    int MAX_FILE_BYTES = 256 * 1024;

    /** The path that names the repository's root directory in {@link #treeId}. */
    String ROOT = ".";

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

    /**
     * The Git tree id of a directory at the commit: it names the directory's whole content, so two commits
     * (or branches) whose directory holds the same files have the same id, and any change changes it.
     *
     * @param repository owner/name
     * @param commit     the full commit SHA
     * @param path       {@link #ROOT} for the root, else a directory relative to it, '/'-separated, e.g. {@code services/api}
     * @return the tree id (40 hexadecimal characters, lower case); empty when the commit has no directory at
     *         {@code path} (nothing there, or a file or a submodule)
     * @throws SourceUnavailable when the host cannot say now, as for {@link #readFile}
     */
    Optional<String> treeId(String repository, String commit, String path);
}
