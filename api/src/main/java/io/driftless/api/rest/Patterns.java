package io.driftless.api.rest;

/** The shapes of request fields, each with the message a caller sees when a value does not fit. */
public final class Patterns {

    private Patterns() {
    }

    /** GitHub's owner/name: owner of alphanumerics and single dashes, name of [A-Za-z0-9._-]. */
    public static final String REPOSITORY = "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\\.\\.?$)[A-Za-z0-9._-]{1,100}";
    public static final String REPOSITORY_MESSAGE = "must be of the form owner/name, e.g. acme/shop";

    public static final String COMMIT = "[0-9a-fA-F]{40}";
    public static final String COMMIT_MESSAGE = "must be a full commit SHA: 40 hexadecimal characters";

    /**
     * An OCI image reference pinned by digest: [registry[:port]/]path[:tag]@sha256:<64 hex>, after the
     * distribution reference grammar. Written here because no small Java library parses references.
     */
    public static final String PINNED_IMAGE = "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?@sha256:[0-9a-f]{64}";
    public static final String PINNED_IMAGE_MESSAGE = "must be an image pinned by digest, "
            + "e.g. registry.example.com/shop@sha256:<64 hex characters>";
}
