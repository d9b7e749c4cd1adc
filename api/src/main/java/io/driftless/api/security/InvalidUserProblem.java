package io.driftless.api.security;

import java.util.List;

import io.driftless.api.service.InvalidFieldsProblem;

/** A user that cannot be added or changed: answered 400 with each field and what is wrong; nothing is changed. */
public class InvalidUserProblem extends InvalidFieldsProblem {

    public InvalidUserProblem(List<FieldProblem> errors) {
        super("The user is not valid: see errors. Nothing was changed.", errors);
    }
}
