package io.driftless.api.policy;

/** Where an effective value comes from: the global policy or a repository's override. */
public record PolicySource(Kind kind, String repository) {

    public enum Kind {
        GLOBAL,
        REPOSITORY
    }

    public static final PolicySource GLOBAL = new PolicySource(Kind.GLOBAL, null);

    public static PolicySource repository(String repository) {
        return new PolicySource(Kind.REPOSITORY, repository);
    }

    /** {@code global} or {@code repository acme/shop}, as the API shows it. */
    public String label() {
        return kind == Kind.GLOBAL ? "global" : "repository " + repository;
    }

    /** As a sentence says it: {@code global policy}, {@code repository policy acme/shop}. */
    public String policyName() {
        return kind == Kind.GLOBAL ? "global policy" : "repository policy " + repository;
    }
}
