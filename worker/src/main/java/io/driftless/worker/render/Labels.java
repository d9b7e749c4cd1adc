package io.driftless.worker.render;

import java.util.Map;
import java.util.TreeMap;

import io.driftless.api.naming.Names;

/** Every label and annotation key Driftless puts on objects, and the sets each object carries. */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String DRIFTLESS = "driftless";

    public static final String ENVIRONMENT = "driftless.io/environment";
    public static final String REVISION = "driftless.io/revision";
    public static final String REPOSITORY = "driftless.io/repository";

    public static final String COMMIT_ANNOTATION = "driftless.io/commit";
    public static final String SPEC_HASH_ANNOTATION = "driftless.io/spec-hash";
    public static final String BRANCH_ANNOTATION = "driftless.io/branch";
    public static final String REPOSITORY_ANNOTATION = "driftless.io/repository";

    private Labels() {
    }

    /** Labels of every object of a revision, sorted so rendering is byte-stable. */
    public static Map<String, String> of(RenderInput in) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY, DRIFTLESS);
        labels.put(PART_OF, DRIFTLESS);
        labels.put(NAME, "app");
        labels.put(INSTANCE, in.name());
        labels.put(ENVIRONMENT, in.environmentId().toString());
        labels.put(REVISION, in.revisionId().toString());
        labels.put(REPOSITORY, repositoryValue(in.repository()));
        return labels;
    }

    /** A repository as a label value: '/' is not allowed there, and values stop at 63 characters. */
    public static String repositoryValue(String repository) {
        String value = repository.replace('/', '.');
        return value.length() <= Names.MAX_LABEL ? value : value.substring(0, Names.MAX_LABEL);
    }

    /** What selects the revision's pods: the revision alone. */
    public static Map<String, String> selector(RenderInput in) {
        return new TreeMap<>(Map.of(REVISION, in.revisionId().toString()));
    }

    /** Free-text facts that do not fit label values: the full repository, branch, commit and spec hash. */
    public static Map<String, String> annotations(RenderInput in) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(COMMIT_ANNOTATION, in.commit());
        annotations.put(SPEC_HASH_ANNOTATION, in.specHash());
        annotations.put(BRANCH_ANNOTATION, in.branch());
        annotations.put(REPOSITORY_ANNOTATION, in.repository());
        return annotations;
    }
}
