package io.driftless.api.service;

/** The request cannot be carried out in the current state of the thing it names. */
public class ConflictProblem extends RuntimeException {

    public ConflictProblem(String message) {
        super(message);
    }
}
