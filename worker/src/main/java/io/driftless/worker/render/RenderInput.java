package io.driftless.worker.render;

import java.util.Optional;
import java.util.UUID;

import io.driftless.api.spec.SealPolicy;

/**
 * Everything a single-image (spec version 2) revision's objects are rendered from. Nothing else goes
 * in, so equal inputs give byte-identical objects.
 *
 * @param name the revision's DNS-1123 name, used for its namespace
 * @param host the revision's own host
 * @param seal the isolation the revision's namespace gets
 */
public record RenderInput(UUID environmentId, UUID revisionId, String repository, String branch, String commit,
        String specHash, String name, String host, String image, int port, Optional<String> ingressClass,
        SealPolicy seal) implements RevisionIdentity {
}
