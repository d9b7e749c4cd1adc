package io.driftless.api.spec;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.driftless.api.naming.Names;

/**
 * Everything that determines a revision's objects. Two requests with equal specs are the same
 * revision; the SHA-256 of the canonical form is the revision's identity within its environment.
 *
 * @param version bumped whenever the meaning of a field, or the rendering it drives, changes
 */
public record RevisionSpec(int version, String repository, String headRepository, String branch,
        String commit, String image, int port) {

    public static final int CURRENT_VERSION = 1;

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false);

    public static RevisionSpec of(String repository, String headRepository, String branch, String commit,
            String image, int port) {
        return new RevisionSpec(CURRENT_VERSION, repository, headRepository, branch, commit, image, port);
    }

    /** Compact JSON with keys in code-point order: the same spec always gives the same bytes. */
    public String canonicalJson() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("version", version);
        fields.put("repository", repository);
        fields.put("headRepository", headRepository);
        fields.put("branch", branch);
        fields.put("commit", commit);
        fields.put("image", image);
        fields.put("port", port);
        try {
            return CANONICAL.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }

    /** Lowercase hex SHA-256 of {@link #canonicalJson()}. */
    public String hash() {
        return Names.sha256Hex(canonicalJson());
    }
}
