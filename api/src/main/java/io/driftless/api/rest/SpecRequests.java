package io.driftless.api.rest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.api.service.InvalidSpecProblem;
import io.driftless.api.spec.SpecError;
import io.driftless.api.spec.SpecParser;
import io.driftless.api.spec.StackSpec;

/**
 * A request's stack: {@code image} (and {@code port}), a one-service stack; {@code build} (and
 * {@code port}), a one-service stack built from the commit; or {@code spec}, the content of a
 * {@code driftless.yaml} as a JSON object. Parsed and validated here, at the edge, once.
 */
final class SpecRequests {

    /** The path of the one service of a build request's document, which the request does not have. */
    private static final String APP_PATH = "services." + StackSpec.SINGLE_SERVICE + ".";

    private SpecRequests() {
    }

    /**
     * The stack a request with {@code spec} or {@code build} asks for; null for a single-image request.
     * That exactly one of image, build and spec is given was checked with the other fields.
     *
     * @throws InvalidSpecProblem naming each error under {@code spec.} or {@code build.}
     */
    static StackSpec stackOf(ImageOrSpec.Runs request) {
        if (given(request.spec())) {
            return stackOf(request.spec());
        }
        if (given(request.build())) {
            return buildOf(request.build(), request.port() == null ? EnvironmentRequest.DEFAULT_PORT : request.port());
        }
        return null;
    }

    private static StackSpec stackOf(JsonNode spec) {
        SpecParser.Parsed parsed = SpecParser.parseJson(spec);
        List<SpecError> errors = new ArrayList<>();
        for (SpecError e : parsed.errors()) {
            errors.add(new SpecError(e.path().isEmpty() ? "spec" : "spec." + e.path(), e.line(), e.column(),
                    e.message()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecProblem("The request's spec is not valid: see errors.", errors);
        }
        return parsed.stack();
    }

    /**
     * {@code build} checked as what it is, the build of a driftless.yaml's one exposed service, so that the
     * API and the file accept the same builds and say the same about the others.
     */
    private static StackSpec buildOf(JsonNode build, int port) {
        ObjectNode app = JsonNodeFactory.instance.objectNode();
        app.set("build", build);
        app.put("port", port);
        app.put("expose", true);
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("version", SpecParser.VERSION);
        document.putObject("services").set(StackSpec.SINGLE_SERVICE, app);
        SpecParser.Parsed parsed = SpecParser.parseJson(document);
        if (!parsed.ok()) {
            // services.app.build.context is the request's build.context
            List<SpecError> errors = parsed.errors().stream().map(e -> new SpecError(
                    e.path().startsWith(APP_PATH) ? e.path().substring(APP_PATH.length()) : e.path(),
                    e.line(), e.column(), e.message())).toList();
            throw new InvalidSpecProblem("The request's build is not valid: see errors.", errors);
        }
        return StackSpec.singleBuild(parsed.stack().exposed().build(), port);
    }

    private static boolean given(JsonNode node) {
        return node != null && !node.isNull();
    }
}
