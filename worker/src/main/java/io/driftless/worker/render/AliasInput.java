package io.driftless.worker.render;

import java.util.Optional;
import java.util.UUID;

/**
 * What an environment's alias (its stable URL) is rendered from.
 *
 * @param environmentName the environment's DNS-1123 name, e.g. {@code feature-login--shop-656f1cc2b7}
 * @param host            the stable host
 * @param routingNamespace where alias objects live
 * @param targetNamespace the namespace of the revision the alias points at
 * @param targetService   the Service there that answers on port 80: the exposed service of a stack,
 *                        {@code app} for a single-image revision
 */
public record AliasInput(UUID environmentId, String environmentName, String host, String routingNamespace,
        String targetNamespace, UUID targetRevisionId, Optional<String> ingressClass, String repository,
        String targetService) {
}
