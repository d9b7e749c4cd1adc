package io.driftless.api.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.driftless.api.naming.Names;

/**
 * Everything that determines a revision's objects. Two requests with equal specs are the same
 * revision; the SHA-256 of the canonical form is the revision's identity within its environment.
 *
 * <p>Version 2 (one image on one port) is kept readable: revisions asked for before stacks still
 * render byte-identically. Version 3 holds a {@link StackSpec}; fields a version does not have are
 * null and left out of the canonical form, so a version-2 spec still hashes as it always did.
 *
 * @param version bumped whenever the meaning of a field, or the rendering it drives, changes
 * @param image   version 2 only: the one image
 * @param port    version 2 only: its port
 * @param seal    the isolation policy in force when the revision was asked for
 * @param stack   version 3: the services and hooks
 * @param secrets version 3: the repository secrets this revision gets, name to version (never values);
 *                empty for forks, which get none
 * @param source  version 3: the SHA-256 of the {@code driftless.yaml} the stack was read from, or null
 *                when it came from the API
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevisionSpec(int version, String repository, String headRepository, String branch,
        String commit, String image, Integer port, SealPolicy seal, StackSpec stack,
        SortedMap<String, Integer> secrets, String source) {

    /** 2: the seal policy joined the spec. */
    public static final int SINGLE_IMAGE_VERSION = 2;
    /** 3: a stack of services and hooks. */
    public static final int STACK_VERSION = 3;
    public static final int CURRENT_VERSION = STACK_VERSION;

    /** Properties and map keys in code-point order, no whitespace: equal specs give equal bytes. */
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** A version-2 spec, as revisions were asked for before stacks. */
    public static RevisionSpec of(String repository, String headRepository, String branch, String commit,
            String image, int port, SealPolicy seal) {
        return new RevisionSpec(SINGLE_IMAGE_VERSION, repository, headRepository, branch, commit, image, port, seal,
                null, null, null);
    }

    /** A version-3 spec: a stack, the secrets it gets, and where it was read from (null: the API). */
    public static RevisionSpec ofStack(String repository, String headRepository, String branch, String commit,
            StackSpec stack, SealPolicy seal, Map<String, Integer> secrets, String sourceSha256) {
        return new RevisionSpec(STACK_VERSION, repository, headRepository, branch, commit, null, null, seal, stack,
                new TreeMap<>(secrets), sourceSha256);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isStack() {
        return stack != null;
    }

    /** Reads a stored canonical spec back. */
    public static RevisionSpec read(String json) {
        try {
            return CANONICAL.readValue(json, RevisionSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored revision spec no longer reads: " + e.getOriginalMessage(), e);
        }
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
