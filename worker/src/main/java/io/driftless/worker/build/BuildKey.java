package io.driftless.worker.build;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.driftless.api.naming.Names;
import io.driftless.api.spec.StackSpec;

/**
 * What a built image is keyed by, so that one source tree is built once: the SHA-256 of a canonical JSON
 * object of the context's Git tree id, the Dockerfile, the target, the build arguments, the platform and
 * the builder's version. The context's path is not in it: its tree id stands for its content, so the same
 * directory at another commit, branch or path builds the same image. JSON rather than a joined string
 * because its escaping keeps fields apart: no '=' or line break inside an argument can make two
 * different builds encode alike.
 */
public final class BuildKey {

    /** Bumped when what the key covers changes, so that no older key is taken for a newer build. */
    static final int VERSION = 1;
    /** The tag prefix of images pushed under their key, {@code key-<64 hex>}. */
    public static final String TAG_PREFIX = "key-";

    private static final Pattern TREE_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    /** Map keys in code-point order, no whitespace: equal builds give equal bytes. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private BuildKey() {
    }

    /**
     * The key of building {@code build} from the directory whose tree id is {@code treeId}.
     *
     * @param treeId         the Git tree id of the build's context at the commit (SHA-1's 40 or SHA-256's 64
     *                       hexadecimal characters)
     * @param builderVersion what builds, and its version: another builder may build other bytes
     * @return 64 lower-case hexadecimal characters
     */
    public static String of(String treeId, StackSpec.BuildSpec build, String builderVersion) {
        Objects.requireNonNull(build, "build");
        String tree = treeId == null ? "" : treeId.toLowerCase(Locale.ROOT);
        if (!TREE_ID.matcher(tree).matches()) {
            throw new IllegalArgumentException("'" + treeId + "' is not a Git tree id (40 or 64 hexadecimal characters)");
        }
        if (builderVersion == null || builderVersion.isBlank()) {
            throw new IllegalArgumentException("the builder's version is needed: another builder may build other bytes");
        }
        Map<String, Object> fields = new TreeMap<>();
        fields.put("version", VERSION);
        fields.put("tree", tree);
        fields.put("dockerfile", build.dockerfile());
        fields.put("target", build.target()); // null (the last stage) is not "" (no such stage)
        fields.put("args", new TreeMap<>(build.args()));
        fields.put("platform", build.platform());
        fields.put("builder", builderVersion);
        try {
            return Names.sha256Hex(CANONICAL.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and a map of strings always serialise", e);
        }
    }

    /** The tag an image built under {@code key} is pushed with: {@code key-<key>}. */
    public static String tag(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a build key (64 lower-case hexadecimal characters)");
        }
        return TAG_PREFIX + key;
    }
}
