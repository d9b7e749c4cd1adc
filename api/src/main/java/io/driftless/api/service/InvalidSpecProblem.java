package io.driftless.api.service;

import java.util.List;

import io.driftless.api.spec.SpecError;

/** A stack spec that cannot be deployed: answered 400 with each error's path, line and column. */
public class InvalidSpecProblem extends RuntimeException {

    private final transient List<SpecError> errors;

    public InvalidSpecProblem(String message, List<SpecError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }

    /** The errors as one reason a person reads: {@code line 4, column 11: services.web.port: ...}. */
    public static String reason(List<SpecError> errors) {
        StringBuilder reason = new StringBuilder();
        for (SpecError e : errors) {
            if (!reason.isEmpty()) {
                reason.append('\n');
            }
            if (e.line() != null) {
                reason.append("line ").append(e.line()).append(", column ").append(e.column()).append(": ");
            }
            reason.append(e.path().isEmpty() ? "" : e.path() + ": ").append(e.message());
        }
        return reason.toString();
    }
}
