package io.driftless.api.policy;

import java.util.List;

/** A policy that cannot be saved: answered 400 with each field and what is wrong; nothing is changed. */
public class InvalidPolicyProblem extends RuntimeException {

    public record FieldProblem(String field, String message) {
    }

    private final transient List<FieldProblem> errors;

    public InvalidPolicyProblem(List<FieldProblem> errors) {
        super("The policy is not valid: see errors. Nothing was changed.");
        this.errors = List.copyOf(errors);
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
