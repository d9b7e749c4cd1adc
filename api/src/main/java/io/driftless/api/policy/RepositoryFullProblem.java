package io.driftless.api.policy;

import java.util.List;

/** A new environment does not fit under maxEnvironmentsPerRepository: 409 naming who holds the places. */
public class RepositoryFullProblem extends RuntimeException {

    private final transient List<Lifecycle.Fated> holders;

    public RepositoryFullProblem(String message, List<Lifecycle.Fated> holders) {
        super(message);
        this.holders = List.copyOf(holders);
    }

    public List<Lifecycle.Fated> holders() {
        return holders;
    }
}
