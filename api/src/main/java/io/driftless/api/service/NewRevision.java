package io.driftless.api.service;

/** A validated request for a revision of a branch's environment. */
public record NewRevision(String repository, String headRepository, String branch, Integer pullRequest,
        String commit, String image, int port) {
}
