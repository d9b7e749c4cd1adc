package io.driftless.server.embedded;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' strategic merge patch, as far as the simulated cluster needs it: {@code kubectl edit}
 * and {@code kubectl patch} send one for every built-in kind, and fabric8's CRUD server answers it
 * with 415. Maps merge as in a JSON merge patch (null removes); lists of objects with a merge key
 * (containers by name, volume mounts by mount path, …) merge element by element; other lists are
 * replaced; the directives {@code $patch: delete|replace}, {@code $setElementOrder/…},
 * {@code $deleteFromPrimitiveList/…} and {@code $retainKeys} are honoured.
 *
 * <p>Written here because no Java library implements it (client-go's is in Go); the merge keys come
 * from the Kubernetes API types' {@code patchMergeKey} tags for the kinds Driftless uses.
 */
public final class StrategicMergePatch {

    /** {@code patchMergeKey} of the lists that merge, by field name. */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("env", "name"), Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("hostAliases", "ip"),
            Map.entry("conditions", "type"), Map.entry("ownerReferences", "uid"));
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVES = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /** Applies {@code patch} to a copy of {@code target} and returns the result. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        return merge(target == null ? null : target.deepCopy(), patch);
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        if ("replace".equals(patch.path("$patch").asText())) {
            ObjectNode replaced = patch.deepCopy();
            replaced.remove("$patch");
            return replaced;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("$patch") || name.equals("$retainKeys") || name.startsWith(SET_ORDER)) {
                continue;
            }
            if (name.startsWith(DELETE_PRIMITIVES)) {
                String list = name.substring(DELETE_PRIMITIVES.length());
                if (result.get(list) instanceof ArrayNode existing) {
                    List<JsonNode> removed = new ArrayList<>();
                    value.forEach(removed::add);
                    existing.removeIf(removed::contains);
                }
                continue;
            }
            if (value.isNull()) {
                result.remove(name);
            } else if (value.isArray() && mergeKey(name, value).isPresent() && result.get(name) instanceof ArrayNode list) {
                result.set(name, mergeList(list, (ArrayNode) value, mergeKey(name, value).get(),
                        patch.get(SET_ORDER + name)));
            } else if (value.isObject()) {
                result.set(name, merge(result.get(name), value));
            } else {
                result.set(name, value);
            }
        }
        return result;
    }

    /** Ports merge by containerPort in a container and by port in a Service. */
    private static java.util.Optional<String> mergeKey(String field, JsonNode patchList) {
        if (field.equals("ports")) {
            for (JsonNode element : patchList) {
                if (element.has("containerPort")) {
                    return java.util.Optional.of("containerPort");
                }
                if (element.has("port")) {
                    return java.util.Optional.of("port");
                }
            }
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(MERGE_KEYS.get(field));
    }

    private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String key, JsonNode order) {
        ArrayNode result = target.deepCopy();
        for (JsonNode element : patch) {
            JsonNode id = element.get(key);
            int at = indexOf(result, key, id);
            if ("delete".equals(element.path("$patch").asText())) {
                if (at >= 0) {
                    result.remove(at);
                }
            } else if (at >= 0) {
                result.set(at, merge(result.get(at), element));
            } else {
                ObjectNode added = element.deepCopy();
                added.remove("$patch");
                result.add(added);
            }
        }
        if (order != null && order.isArray()) {
            ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
            for (JsonNode wanted : order) {
                int at = indexOf(result, key, wanted.get(key));
                if (at >= 0) {
                    ordered.add(result.get(at));
                }
            }
            for (JsonNode element : result) {
                if (indexOf(ordered, key, element.get(key)) < 0) {
                    ordered.add(element);
                }
            }
            return ordered;
        }
        return result;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode id) {
        for (int i = 0; i < list.size(); i++) {
            if (id != null && id.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }
}
