package io.driftless.api.security;

/** The caller is known but may not do this; answered 403 with the reason. */
public class ForbiddenProblem extends RuntimeException {

    public ForbiddenProblem(String message) {
        super(message);
    }
}
