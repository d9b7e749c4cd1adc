package io.driftless.worker.github;

/**
 * GitHub refused a call for a reason another try will not change (422 invalid, 404 no such repository,
 * 403 no permission): the job fails for good with GitHub's reason. The revision itself is not failed.
 */
public class GitHubRefused extends RuntimeException {

    private final int status;

    public GitHubRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    /** GitHub's HTTP status; 0 when the call was not made. */
    public int status() {
        return status;
    }
}
