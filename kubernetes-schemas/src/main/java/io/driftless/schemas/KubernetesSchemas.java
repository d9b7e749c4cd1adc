package io.driftless.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Validates Kubernetes objects against the OpenAPI schemas of one pinned Kubernetes version
 * ({@link #KUBERNETES}), as an API server with strict field validation would: required fields, types,
 * int-or-string, enums, and no field the schema does not declare. The schemas are test data derived from
 * npm packages (src/main/resources/kubernetes-schemas/README.md); this class only picks the one of an
 * object's apiVersion and kind and reports every violation with its path.
 *
 * <p>What it cannot see is what the API server checks in code rather than in the schema: name formats
 * (DNS-1123), label syntax, cross-field rules (a selector matching its template), quantity syntax.
 */
public final class KubernetesSchemas {

    /** The Kubernetes version whose OpenAPI spec the schemas come from. */
    public static final String KUBERNETES = "1.27.1";
    /** The schema documents, each with a {@code kinds} index of {@code apiVersion/kind} to a {@code $defs} entry. */
    private static final List<String> DOCUMENTS = List.of("kubernetes.json", "prometheus-operator.json");
    private static final String FOLDER = "/kubernetes-schemas/" + KUBERNETES + "/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, ObjectNode> DOCUMENT_OF_KIND = index();
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private KubernetesSchemas() {
    }

    /** One thing the API server would refuse: where in the object ({@code $.spec.ports[0].port}) and why. */
    public record Violation(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    /** Every {@code apiVersion/kind} there is a schema for, e.g. {@code apps/v1/Deployment}. */
    public static Set<String> kinds() {
        return new TreeSet<>(DOCUMENT_OF_KIND.keySet());
    }

    /** The violations of {@code object} as fabric8 sends it to the API server (its JSON); empty when valid. */
    public static List<Violation> violations(HasMetadata object) {
        return violations(Serialization.jsonMapper().<JsonNode>valueToTree(object));
    }

    /**
     * The violations of {@code object}, a Kubernetes object as JSON; empty when valid.
     *
     * @throws IllegalArgumentException for a kind without a schema: add it to tools/derive.cjs's KINDS, so
     *                                  no new kind passes unchecked
     */
    public static List<Violation> violations(JsonNode object) {
        String kind = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        JsonSchema schema = COMPILED.computeIfAbsent(kind, KubernetesSchemas::compile);
        return schema.validate(object).stream()
                .map(m -> new Violation(m.getInstanceLocation().toString(), message(m)))
                .sorted(Comparator.comparing(Violation::path).thenComparing(Violation::message))
                .distinct()
                .toList();
    }

    /**
     * Fails with every violation of every object, each named by kind, namespace and name, or returns; for tests,
     * which then see all that is wrong at once.
     */
    public static void assertValid(List<? extends HasMetadata> objects) {
        assertValidDocuments(objects.stream().map(o -> Serialization.jsonMapper().<JsonNode>valueToTree(o)).toList());
    }

    /** As {@link #assertValid}, for objects as JSON (e.g. as Helm prints them). */
    public static void assertValidDocuments(List<JsonNode> objects) {
        StringBuilder failures = new StringBuilder();
        for (JsonNode object : objects) {
            List<Violation> violations = violations(object);
            if (!violations.isEmpty()) {
                failures.append('\n').append(object.path("kind").asText()).append(' ')
                        .append(object.at("/metadata/namespace").asText("")).append('/')
                        .append(object.at("/metadata/name").asText());
                violations.forEach(v -> failures.append("\n  ").append(v));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("refused by the Kubernetes " + KUBERNETES + " schemas:" + failures);
        }
    }

    /** networknt's message starts with the path too; the record carries it apart. */
    private static String message(ValidationMessage m) {
        String path = m.getInstanceLocation().toString() + ": ";
        String message = m.getMessage();
        return message.startsWith(path) ? message.substring(path.length()) : message;
    }

    /**
     * The kind's document with a root {@code $ref} to its entry: the root resolves every {@code #/$defs/...}
     * of the closure, so the document needs no base URI or loader.
     */
    private static JsonSchema compile(String kind) {
        ObjectNode document = DOCUMENT_OF_KIND.get(kind);
        if (document == null) {
            throw new IllegalArgumentException("no schema for " + kind + " in Kubernetes " + KUBERNETES
                    + ": add it to kubernetes-schemas/tools/derive.cjs and re-derive");
        }
        ObjectNode root = document.deepCopy();
        root.remove("kinds");
        root.set("$ref", document.path("kinds").path(kind));
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of("urn:kubernetes:" + KUBERNETES + ":" + kind), root,
                SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build());
        schema.initializeValidators();
        return schema;
    }

    private static Map<String, ObjectNode> index() {
        Map<String, ObjectNode> byKind = new ConcurrentHashMap<>();
        for (String name : DOCUMENTS) {
            ObjectNode document = read(FOLDER + name);
            document.path("kinds").fieldNames().forEachRemaining(kind -> byKind.put(kind, document));
        }
        return byKind;
    }

    private static ObjectNode read(String resource) {
        try (InputStream in = KubernetesSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
