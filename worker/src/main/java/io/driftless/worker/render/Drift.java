package io.driftless.worker.render;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What a live object lost or changed against what was rendered. The rendered object must be a
 * structural subset of the live one: every field it sets must be there with the same value. Fields
 * the API server adds (status, uid, resourceVersion, defaults) are not drift.
 *
 * <p>Written here because a three-way diff library would also flag server defaults; a subset check
 * is the rule Driftless needs, in a few lines.
 */
public final class Drift {

    /** Of metadata, only what Driftless sets is compared. */
    private static final Set<String> METADATA_COMPARED = Set.of("name", "namespace", "labels", "annotations");

    private Drift() {
    }

    /** Readable differences, e.g. {@code spec.template.spec.containers[0].image: "a" → "b"}; empty when none. */
    public static List<String> differences(HasMetadata desired, HasMetadata live) {
        JsonNode want = Serialization.jsonMapper().valueToTree(desired);
        JsonNode have = Serialization.jsonMapper().valueToTree(live);
        List<String> found = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("status")) {
                continue;
            }
            if (key.equals("metadata")) {
                for (String part : METADATA_COMPARED) {
                    JsonNode wanted = field.getValue().get(part);
                    if (part.equals("annotations") && wanted instanceof ObjectNode annotations) {
                        // access is policy, not spec: the Router keeps these as policy says (EdgeGuard)
                        wanted = annotations.deepCopy().without(EdgeGuard.KEYS);
                    }
                    compare("metadata." + part, wanted, have.path("metadata").get(part), found);
                }
            } else {
                compare(key, field.getValue(), have.get(key), found);
            }
        }
        return found;
    }

    private static void compare(String path, JsonNode want, JsonNode have, List<String> found) {
        if (want == null || want.isNull()) {
            return;
        }
        if (have == null || have.isNull() || have.isMissingNode()) {
            found.add(path + ": " + want + " → (missing)");
        } else if (want.isObject() && have.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(path + "." + field.getKey(), field.getValue(), have.get(field.getKey()), found);
            }
        } else if (want.isArray() && have.isArray()) {
            if (want.size() != have.size()) {
                found.add(path + ": " + want.size() + " items → " + have.size() + " items");
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(path + "[" + i + "]", want.get(i), have.get(i), found);
            }
        } else if (!sameValue(want, have)) {
            found.add(path + ": " + want + " → " + have);
        }
    }

    /** Quantities and ports may come back as numbers or strings; "1" and 1 are the same value. */
    private static boolean sameValue(JsonNode want, JsonNode have) {
        return want.equals(have) || (want.isValueNode() && have.isValueNode() && want.asText().equals(have.asText()));
    }
}
