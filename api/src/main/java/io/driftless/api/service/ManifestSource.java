package io.driftless.api.service;

import java.util.UUID;

/**
 * The rendered manifests of a revision. A port: rendering belongs to the worker, which provides the
 * implementation; the API only shows what it returns.
 */
public interface ManifestSource {

    /** Multi-document YAML, byte-identical for the same spec. */
    String manifests(UUID revisionId);
}
