package io.driftless.worker.render;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

    public static String yaml(List<? extends HasMetadata> objects) {
        return objects.stream().map(Manifests::yaml).collect(Collectors.joining("---\n"));
    }

    private static String yaml(HasMetadata object) {
        // through a tree of maps, so keys are sorted; fabric8's mapper knows the model's JSON shape
        JsonNode tree = Serialization.jsonMapper().valueToTree(object);
        try {
            return YAML.writeValueAsString(YAML.convertValue(tree, java.util.Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Kubernetes object always serialises", e);
        }
    }
}
