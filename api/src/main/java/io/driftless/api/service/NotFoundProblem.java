package io.driftless.api.service;

/** The thing asked for does not exist. */
public class NotFoundProblem extends RuntimeException {

    public NotFoundProblem(String message) {
        super(message);
    }
}
