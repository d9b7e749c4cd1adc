package io.driftless.api.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * {@code driftless.schema.json}, the schema editors use, applied to a spec. The validator's messages
 * speak of JSON Schema ("does not match the regex pattern ..."); these speak of what the person wrote,
 * keyword by keyword, and point at the key or value by its dotted path.
 */
final class SpecSchema {

    static final String ID = "https://driftless.io/schemas/driftless.schema.json";
    private static final String RESOURCE = "/driftless.schema.json";

    static final String TEXT = load();
    private static final JsonNode NODE = readTree(TEXT);
    private static final JsonSchema SCHEMA = compile();

    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z])");

    private SpecSchema() {
    }

    /** What the schema says is wrong with {@code root}, one error per path and cause, in no order. */
    static List<SpecError> check(JsonNode root, SpecSource source) {
        Map<String, SpecError> errors = new LinkedHashMap<>();
        Set<String> suggested = new TreeSet<>();
        List<ValidationMessage> messages = new ArrayList<>(SCHEMA.validate(root));
        for (ValidationMessage m : messages) {
            if (m.getType().equals("additionalProperties")) {
                DidYouMean.closest(m.getProperty(), allowedKeys(m)).ifPresent(k -> suggested.add(
                        SpecSource.child(path(m.getInstanceLocation()), k)));
            }
        }
        for (ValidationMessage m : messages) {
            SpecError error = describe(m, source);
            // "unknown key 'secrt' (did you mean 'secret'?)" already says 'secret' is missing
            if (m.getType().equals("required") && suggested.contains(error.path())) {
                continue;
            }
            // "version must be the number 1, not text" already says it is not 1
            if (m.getType().equals("const") && !m.getInstanceNode().isNumber()) {
                continue;
            }
            // the branches of "image or build" each require one of them: the oneOf's own message says which
            if (m.getType().equals("required") && inOneOf(m)) {
                continue;
            }
            // "unknown key 'imagee' (did you mean 'image'?)" already says what the service lacks
            String service = path(m.getInstanceLocation());
            if (m.getType().equals("oneOf") && (suggested.contains(SpecSource.child(service, "image"))
                    || suggested.contains(SpecSource.child(service, "build")))) {
                continue;
            }
            errors.putIfAbsent(error.path() + "\n" + error.message(), error);
        }
        return new ArrayList<>(errors.values());
    }

    private static SpecError describe(ValidationMessage m, SpecSource source) {
        String at = path(m.getInstanceLocation());
        String name = name(m.getInstanceLocation());
        JsonNode value = m.getInstanceNode();
        String def = definition(m);
        String property = m.getProperty();
        switch (m.getType()) {
            case "additionalProperties": {
                String path = SpecSource.child(at, property);
                List<String> allowed = allowedKeys(m);
                String hint = DidYouMean.closest(property, allowed).map(k -> " (did you mean '" + k + "'?)")
                        .orElse(allowed.isEmpty() ? "" : " (known here: " + String.join(", ", allowed) + ")");
                return SpecError.at(path, source.keyOrValue(path), "unknown key '" + property + "'" + hint);
            }
            case "propertyNames": {
                String path = SpecSource.child(at, property);
                String what = name.equals("env") ? notAnEnvName(property)
                        : name.equals("services") ? notAServiceName(property)
                        : name.equals("args") ? notABuildArgName(property)
                        : "'" + property + "' is not a valid key here";
                return SpecError.at(path, source.keyOrValue(path), what);
            }
            case "required": {
                String path = SpecSource.child(at, property);
                String about = firstSentence(propertySchema(m, property).path("description").asText(""));
                return SpecError.at(path, source.keyOrValue(at),
                        "missing '" + property + "'" + (about.isEmpty() ? "" : ": " + about));
            }
            case "oneOf": {
                // the only oneOf is a service's "exactly one of image and build"
                boolean both = value != null && value.has("image") && value.has("build");
                String path = both ? SpecSource.child(at, "build") : at;
                return SpecError.at(path, source.keyOrValue(path), both ? "give image or build, not both"
                        : "give image (a prebuilt image) or build (built from this commit)");
            }
            case "uniqueItems": {
                int second = firstRepeat(value);
                String path = second < 0 ? at : SpecSource.item(at, second);
                String repeated = second < 0 ? "an entry" : shown(value.get(second), null);
                return SpecError.at(path, source.value(path), name + " lists " + repeated + " more than once");
            }
            default:
                // a list or mapping as a whole (too many entries, empty) is pointed at by its key
                SpecSource.Position where = value != null && value.isContainerNode() ? source.keyOrValue(at)
                        : source.value(at);
                String message = valueMessage(m, def, name, value == null ? 0 : value.size(),
                        shown(value, source.written(at)));
                return SpecError.at(at, where, message);
        }
    }

    /** The message for a keyword about a value: its type, its form, its size. */
    private static String valueMessage(ValidationMessage m, String def, String name, int size, String shown) {
        String keyword = m.getType();
        Object[] args = m.getArguments() == null ? new Object[0] : m.getArguments();
        if (def.equals("port") && keyword.equals("type")) {
            return name + " must be a number from 1 to 65535, not " + kind(String.valueOf(args[0]))
                    + " (" + shown + ")";
        }
        if (def.equals("port")) {
            return name + " " + shown + " is not a TCP port: use 1 to 65535";
        }
        if (name.equals("version") && keyword.equals("type")) {
            return "version must be the number 1, not " + kind(String.valueOf(args[0])) + " (" + shown + ")";
        }
        if (name.equals("version") && keyword.equals("const")) {
            return "version " + shown + " is not known: this Driftless reads version 1";
        }
        switch (keyword) {
            case "type": {
                String prefix = def.equals("envValue") ? "env " : def.equals("buildArgValue") ? "build arg " : "";
                return prefix + name + " must be " + expected(def, args[1]) + ", not " + kind(String.valueOf(args[0]));
            }
            case "pattern":
                return switch (def) {
                    case "serviceName" -> notAServiceName(shown);
                    case "secretName" -> shown + " is not a secret name: upper-case letters, digits and '_', "
                            + "not starting with a digit, at most 64 characters";
                    case "duration" -> name + " " + shown + " is not a duration: seconds or minutes, e.g. 120s or 2m";
                    case "quantity" -> name + " " + shown + " is not a Kubernetes quantity: e.g. 250m, 1, 256Mi, 1Gi";
                    case "repositoryPath" -> name + " " + shown + notARepositoryPath(m.getInstanceNode().asText());
                    case "buildArgName" -> notABuildArgName(m.getInstanceNode().asText());
                    case "build" -> name.equals("target")
                            ? name + " " + shown + " is not a Dockerfile stage name: letters, digits, '_', '.' and "
                                    + "'-', starting with a letter or a digit, at most 128 characters"
                            : name + " " + shown + " is not a platform: os/arch, e.g. linux/amd64 or linux/arm64";
                    default -> name.equals("path") ? name + " " + shown + " must start with '/' and have no spaces"
                            : name + " " + shown + " does not have the expected form";
                };
            case "minItems":
                return def.equals("words") ? name + " is empty: give at least one word, e.g. [\"./run\"]"
                        : name + " needs at least " + args[0] + " entries";
            case "maxItems":
                return name + " has " + size + " entries; at most " + args[0];
            case "minLength":
                return name + " is empty";
            case "maxLength":
                return name + " is too long: at most " + args[0] + " characters";
            case "minProperties":
                return name.equals("services")
                        ? "no services: describe at least one, e.g. web: {image: nginx:1.27, port: 80, expose: true}"
                        : name + " is empty";
            case "maxProperties":
                return name.equals("services") ? size + " services; at most " + args[0]
                        : name + " has " + size + " entries; at most " + args[0];
            case "minimum":
                return name + " " + shown + " is too small: at least " + args[0];
            case "maximum":
                return name + " " + shown + " is too large: at most " + args[0];
            default:
                String message = m.getMessage();
                int colon = message.indexOf(": ");
                return name + ": " + (colon < 0 ? message : message.substring(colon + 2));
        }
    }

    static String notAServiceName(String shown) {
        return (shown.startsWith("'") ? shown : "'" + shown + "'") + " is not a service name: lower-case letters, "
                + "digits and '-', starting with a letter, at most 63 characters";
    }

    private static String notAnEnvName(String name) {
        return "'" + name + "' is not an environment variable name: letters, digits and '_', not starting with a "
                + "digit, at most 128 characters";
    }

    private static String notABuildArgName(String name) {
        return "'" + name + "' is not a build argument name: letters, digits and '_', not starting with a digit, "
                + "at most 128 characters";
    }

    /** Why a path the pattern refused is no relative path of the repository. */
    private static String notARepositoryPath(String path) {
        if (path.startsWith("/")) {
            return " must be relative to the repository's root: no leading '/'";
        }
        if (path.contains("\\")) {
            return " has a backslash: use '/' between directories";
        }
        if (("/" + path + "/").contains("/../")) {
            return " leaves its directory: no '..' segment";
        }
        return " has a control character";
    }

    private static String expected(String def, Object types) {
        if (def.equals("envValue")) {
            return "text, a number, true/false or {secret: NAME}";
        }
        if (def.equals("buildArgValue")) {
            return "text, a number or true/false";
        }
        return kind(String.valueOf(types).replaceAll("[\\[\\]]", ""));
    }

    /** A JSON Schema type as the person who wrote YAML knows it. */
    private static String kind(String type) {
        return switch (type) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "string" -> "text";
            case "boolean" -> "true or false";
            case "array" -> "a list";
            case "object" -> "a mapping";
            case "null" -> "empty";
            default -> type;
        };
    }

    /** A value as it appears in a message: numbers as written, text quoted and cut short. */
    private static String shown(JsonNode value, String written) {
        if (value == null) {
            return "";
        }
        if (value.isTextual()) {
            String text = value.asText();
            return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
        }
        if (value.isValueNode()) {
            return written != null ? written : value.asText();
        }
        return value.isArray() ? "a list" : "a mapping";
    }

    private static int firstRepeat(JsonNode array) {
        Set<JsonNode> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!seen.add(array.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The $defs entry the failing keyword belongs to, or, for a property with a $ref, the one it refers to. */
    private static String definition(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        if (fragment.getNameCount() >= 2 && "$defs".equals(fragment.getName(0))) {
            return fragment.getName(1);
        }
        return "";
    }

    /** The keys the schema object the keyword belongs to declares, sorted. */
    private static List<String> allowedKeys(ValidationMessage m) {
        List<String> keys = new ArrayList<>();
        owner(m).path("properties").fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        return keys;
    }

    private static JsonNode propertySchema(ValidationMessage m, String property) {
        JsonNode schema = owner(m).path("properties").path(property);
        return schema.has("description") ? schema : resolve(schema);
    }

    /** Whether the failing keyword is within a oneOf's branch. */
    private static boolean inOneOf(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        for (int i = 0; i < fragment.getNameCount(); i++) {
            if ("oneOf".equals(fragment.getName(i))) {
                return true;
            }
        }
        return false;
    }

    /** The schema object holding the failing keyword. */
    private static JsonNode owner(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            pointer.append('/').append(fragment.getName(i).replace("~", "~0").replace("/", "~1"));
        }
        return NODE.at(JsonPointer.compile(pointer.toString()));
    }

    private static JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#") ? NODE.at(ref.substring(1)) : schema;
    }

    private static String firstSentence(String text) {
        // a sentence ends where the next one starts with a capital: "e.g. /healthz" goes on
        Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

    /** The dotted path of a validator's instance location. */
    static String path(JsonNodePath location) {
        String path = "";
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? SpecSource.item(path, index)
                    : SpecSource.child(path, String.valueOf(element));
        }
        return path;
    }

    /** The name a value goes by in a message: its key, or its list's key and its index. */
    private static String name(JsonNodePath location) {
        int count = location.getNameCount();
        if (count == 0) {
            return "the file";
        }
        Object last = location.getElement(count - 1);
        if (last instanceof Integer index) {
            return (count > 1 ? String.valueOf(location.getElement(count - 2)) : "") + "[" + index + "]";
        }
        return String.valueOf(last);
    }

    private static String load() {
        try (InputStream in = SpecSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " is not JSON", e);
        }
    }

    private static JsonSchema compile() {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(ID), NODE, SchemaValidatorsConfig.builder().build());
        schema.initializeValidators();
        return schema;
    }
}
