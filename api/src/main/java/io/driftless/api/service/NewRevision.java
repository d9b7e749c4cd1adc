package io.driftless.api.service;

import io.driftless.api.spec.StackSpec;

/**
 * A validated request for a revision of a branch's environment.
 *
 * @param image  the one image of a single-image request (null when {@code stack} is given)
 * @param port   its port
 * @param stack  the stack asked for, parsed and validated at the edge; null: the single image
 * @param source where the stack was read from in the repository; null when it came from the API
 * @param invalid why the spec file at the commit cannot be deployed (its errors with lines and columns);
 *                such a request makes a FAILED revision that says so
 */
public record NewRevision(String repository, String headRepository, String branch, Integer pullRequest,
        String commit, String image, int port, StackSpec stack, SpecFile source, String invalid) {

    /** A single-image request: a one-service stack. */
    public NewRevision(String repository, String headRepository, String branch, Integer pullRequest, String commit,
            String image, int port) {
        this(repository, headRepository, branch, pullRequest, commit, image, port, null, null, null);
    }

    /** A stack's request. */
    public static NewRevision ofStack(String repository, String headRepository, String branch, Integer pullRequest,
            String commit, StackSpec stack, SpecFile source) {
        return new NewRevision(repository, headRepository, branch, pullRequest, commit, null, 0, stack, source, null);
    }

    /** A spec file that cannot be deployed, and why. */
    public static NewRevision invalid(String repository, String headRepository, String branch, Integer pullRequest,
            String commit, SpecFile source, String reason) {
        return new NewRevision(repository, headRepository, branch, pullRequest, commit, null, 0, null, source, reason);
    }

    /** The same request, found not deployable. */
    public NewRevision asInvalid(String reason) {
        return new NewRevision(repository, headRepository, branch, pullRequest, commit, image, port, stack, source,
                reason);
    }

    /** The stack this request deploys: the one asked for, or the single image as a one-service stack. */
    public StackSpec resolvedStack() {
        return stack != null ? stack : StackSpec.singleImage(image, port);
    }

    public boolean fork() {
        return !repository.equals(headRepository);
    }

    /** A spec file exactly as it was at the commit, and where it was read from. */
    public record SpecFile(String path, String content) {
    }
}
