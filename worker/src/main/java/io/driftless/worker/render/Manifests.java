package io.driftless.worker.render;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Objects as multi-document YAML, byte-stable: the same objects always give the same bytes. */
public final class Manifests {

    /** Map keys sorted at every level, so no insertion order leaks into the bytes. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Manifests() {
    }

    /** Stands in for every value of a Secret in {@link #yamlRedacted}: plain text, so it never decodes to a value. */
    public static final String REDACTED = "<redacted>";

    public static String yaml(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> yaml(o, false)).collect(Collectors.joining("---\n"));
    }

    /**
     * As {@link #yaml}, but every value of a Secret's {@code data} and {@code stringData} is {@link #REDACTED}:
     * what may be shown to people. The keys stay, so the view still says which secrets a revision got.
     */
    public static String yamlRedacted(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> yaml(o, true)).collect(Collectors.joining("---\n"));
    }

    private static String yaml(HasMetadata object, boolean redacted) {
        // through a tree of maps, so keys are sorted; fabric8's mapper knows the model's JSON shape
        JsonNode tree = Serialization.jsonMapper().valueToTree(object);
        if (redacted && "Secret".equals(tree.path("kind").asText())) {
            for (String field : List.of("data", "stringData")) {
                if (tree.get(field) instanceof ObjectNode values) {
                    values.fields().forEachRemaining(value -> value.setValue(TextNode.valueOf(REDACTED)));
                }
            }
        }
        try {
            return YAML.writeValueAsString(YAML.convertValue(tree, java.util.Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Kubernetes object always serialises", e);
        }
    }
}
