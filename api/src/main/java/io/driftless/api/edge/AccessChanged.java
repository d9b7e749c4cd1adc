package io.driftless.api.edge;

/**
 * The {@code access} of a policy changed: fired synchronously in the transaction that changed it, so the ROUTE
 * jobs that bring preview Ingresses to the new access commit with the change.
 *
 * @param scope a repository's policy scope (lower-case owner/name), or {@code *} for the global policy
 */
public record AccessChanged(String scope) {
}
