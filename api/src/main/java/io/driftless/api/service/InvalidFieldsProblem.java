package io.driftless.api.service;

import java.util.List;

/**
 * A request that cannot be carried out as it stands: answered 400 with each field and what is wrong with it,
 * so that a caller can fix all of them at once; nothing is changed.
 */
public class InvalidFieldsProblem extends RuntimeException {

    public record FieldProblem(String field, String message) {
    }

    private final transient List<FieldProblem> errors;

    public InvalidFieldsProblem(String message, List<FieldProblem> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
