package io.driftless.api.rest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftless.api.service.InvalidSpecProblem;
import io.driftless.api.spec.SpecError;
import io.driftless.api.spec.SpecParser;
import io.driftless.api.spec.StackSpec;

/**
 * A request's stack: either {@code image} (and {@code port}), a one-service stack, or {@code spec}, the
 * content of a {@code driftless.yaml} as a JSON object. Parsed and validated here, at the edge, once.
 */
final class SpecRequests {

    private SpecRequests() {
    }

    /**
     * The stack a request with {@code spec} asks for; null for a single-image request.
     *
     * @throws InvalidSpecProblem naming each error under {@code spec.}
     */
    static StackSpec stackOf(JsonNode spec) {
        if (spec == null || spec.isNull()) {
            return null; // the single image; that one of the two is given was checked with the other fields
        }
        List<SpecError> errors = new ArrayList<>();
        SpecParser.Parsed parsed = SpecParser.parseJson(spec);
        for (SpecError e : parsed.errors()) {
            errors.add(new SpecError(e.path().isEmpty() ? "spec" : "spec." + e.path(), e.line(), e.column(),
                    e.message()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecProblem("The request's spec is not valid: see errors.", errors);
        }
        return parsed.stack();
    }
}
