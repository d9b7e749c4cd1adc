package io.driftless.api.source;

/** The file is there but bigger than {@link SourceHost#MAX_FILE_BYTES}; another try will not shrink it. */
public class FileTooLarge extends RuntimeException {

    private final String repository;
    private final String commit;
    private final String path;
    private final long size;

    public FileTooLarge(String repository, String commit, String path, long size) {
        super(path + " of " + repository + " at " + commit + " is " + size + " bytes; at most "
                + SourceHost.MAX_FILE_BYTES + " (" + SourceHost.MAX_FILE_BYTES / 1024 + " KiB) are read");
        this.repository = repository;
        this.commit = commit;
        this.path = path;
        this.size = size;
    }

    public String repository() {
        return repository;
    }

    public String commit() {
        return commit;
    }

    public String path() {
        return path;
    }

    /** The file's size in bytes. */
    public long size() {
        return size;
    }
}
