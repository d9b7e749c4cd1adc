package io.driftless.api.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads {@code driftless.yaml} (version 1), from a repository's file or from an API body, into a
 * {@link StackSpec}, or into every error found, each pointing at where it was written.
 *
 * <p>Three passes over the same tree: the JSON Schema editors use ({@link #schema()}), the rules a
 * schema cannot say ({@link StackRules}), then, when both found nothing, the model ({@link StackBuilder}).
 * Hostile text (too large, alias bombs, deep nesting) is refused by {@link YamlTree} before any of them.
 */
public final class SpecParser {

    /** The only version of the format there is. */
    public static final int VERSION = 1;

    private SpecParser() {
    }

    /**
     * The outcome of reading a spec: exactly one of a stack and a non-empty list of errors.
     *
     * @param stack  the validated stack; null when there are errors
     * @param errors sorted by line, then path; empty when there is a stack
     */
    public record Parsed(StackSpec stack, List<SpecError> errors) {

        public Parsed {
            errors = errors == null ? List.of() : errors.stream().sorted(SpecError.ORDER).toList();
            if ((stack == null) == errors.isEmpty()) {
                throw new IllegalArgumentException("a parsed spec is a stack or errors, not both nor neither");
            }
        }

        public boolean ok() {
            return stack != null;
        }
    }

    /** Reads a {@code driftless.yaml}; errors carry 1-based lines and columns. */
    public static Parsed parseYaml(String text) {
        YamlTree tree = YamlTree.read(text == null ? "" : text);
        if (tree.root() == null) {
            return new Parsed(null, tree.errors());
        }
        return check(tree.root(), tree, tree.errors());
    }

    /** Reads a spec sent as a JSON object (an API body); errors have paths and no positions. */
    public static Parsed parseJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Parsed(null, List.of(new SpecError("", null, null,
                    "the spec must be an object with 'version' and 'services'")));
        }
        return check(node, SpecSource.NONE, List.of());
    }

    /** {@code driftless.schema.json}, for editors and the API's documentation. */
    public static String schema() {
        return SpecSchema.TEXT;
    }

    private static Parsed check(JsonNode root, SpecSource source, List<SpecError> readErrors) {
        JsonNode version = root.get("version");
        if (version != null && version.isIntegralNumber() && !version.asText().equals(String.valueOf(VERSION))) {
            // another version's keys are not this version's: its errors would only be noise
            return new Parsed(null, List.of(SpecError.at("version", source.value("version"), "version "
                    + version.asText() + " is not known: this Driftless reads version " + VERSION)));
        }
        List<SpecError> schemaErrors = SpecSchema.check(root, source);
        Set<String> refused = schemaErrors.stream().map(SpecError::path).collect(Collectors.toSet());
        Map<String, SpecError> errors = new LinkedHashMap<>();
        List<SpecError> all = new ArrayList<>(readErrors);
        all.addAll(schemaErrors);
        // a value the schema refused is not checked again by the rules: one error says what is wrong with it
        StackRules.check(root, source).stream().filter(e -> !refused.contains(e.path())).forEach(all::add);
        all.forEach(e -> errors.putIfAbsent(e.path() + "\n" + e.message(), e));
        if (!errors.isEmpty()) {
            return new Parsed(null, new ArrayList<>(errors.values()));
        }
        return new Parsed(StackBuilder.build(root, source), List.of());
    }
}
