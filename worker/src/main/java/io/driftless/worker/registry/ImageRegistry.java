package io.driftless.worker.registry;

import java.util.Optional;

/**
 * What Driftless asks an image registry before building: whether it has an image already. A port, so
 * that the embedded default (which has no registry) can answer from what it built itself; the registry
 * HTTP API's adapter is {@link DistributionRegistry}.
 */
public interface ImageRegistry {

    /**
     * The digest of the manifest {@code reference} names, when the registry has it.
     *
     * @param reference an image reference, {@code registry/repository:tag} (or {@code @sha256:<hex>})
     * @return the digest ({@code sha256:<hex>}); empty when the registry has no such manifest
     * @throws IllegalArgumentException             when {@code reference} is not an image reference
     * @throws io.driftless.worker.jobs.PassingFailure when the registry cannot say now (its trouble, a rate
     *                                              limit, refused credentials, no answer in time)
     */
    Optional<String> digestOf(String reference);
}
