package io.driftless.api.policy;

import java.util.List;

import io.driftless.api.service.InvalidFieldsProblem;

/** A policy that cannot be saved: answered 400 with each field and what is wrong; nothing is changed. */
public class InvalidPolicyProblem extends InvalidFieldsProblem {

    public InvalidPolicyProblem(List<FieldProblem> errors) {
        super("The policy is not valid: see errors. Nothing was changed.", errors);
    }
}
