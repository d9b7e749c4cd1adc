package io.driftless.api.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.driftless.api.naming.Names;

/**
 * Everything that determines a revision's objects. Two requests with equal specs are the same
 * revision; the SHA-256 of the canonical form is the revision's identity within its environment.
 *
 * @param version bumped whenever the meaning of a field, or the rendering it drives, changes
 * @param seal    the isolation policy in force when the revision was asked for
 */
public record RevisionSpec(int version, String repository, String headRepository, String branch,
        String commit, String image, int port, SealPolicy seal) {

    /** 2: the seal policy joined the spec. */
    public static final int CURRENT_VERSION = 2;

    /** Properties and map keys in code-point order, no whitespace: equal specs give equal bytes. */
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public static RevisionSpec of(String repository, String headRepository, String branch, String commit,
            String image, int port, SealPolicy seal) {
        return new RevisionSpec(CURRENT_VERSION, repository, headRepository, branch, commit, image, port, seal);
    }

    public String canonicalJson() {
        return write(this);
    }

    /** Lowercase hex SHA-256 of {@link #canonicalJson()}. */
    public String hash() {
        return Names.sha256Hex(canonicalJson());
    }

    public static String canonicalJson(SealPolicy seal) {
        return write(seal);
    }

    public static SealPolicy readSeal(String json) {
        try {
            return CANONICAL.readValue(json, SealPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored seal policy no longer reads: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings and numbers always serialise", e);
        }
    }
}
