package io.driftless.worker.render;

import java.util.UUID;

/**
 * Who a revision is: what every one of its objects is labelled, annotated and namespaced with, whatever
 * it runs. {@link RenderInput} (one image) and {@link RevisionModel} (a stack) both are one, so
 * {@link Labels} and {@link SealRenderer} serve both without knowing which.
 *
 * <p>An interface rather than a record of its own: both inputs are records whose components already
 * carry these accessors, so neither has to nest or copy them.
 */
public interface RevisionIdentity {

    UUID environmentId();

    UUID revisionId();

    /** {@code owner/name} of the repository the revision was built from. */
    String repository();

    String branch();

    String commit();

    /** The SHA-256 of the revision's canonical spec. */
    String specHash();

    /** The revision's DNS-1123 name: its namespace. */
    String name();
}
