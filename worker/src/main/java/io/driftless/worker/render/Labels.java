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
    /** On a stack's service objects: which service they belong to; half of its pods' selector. */
    public static final String SERVICE = "driftless.io/service";
    /** On a stack's hook Jobs and their pods: which hook they run. */
    public static final String HOOK = "driftless.io/hook";
    /** On a build namespace: what it is for ({@link #ROLE_BUILD}); revisions' namespaces have none. */
    public static final String ROLE = "driftless.io/role";
    public static final String ROLE_BUILD = "build";
    /** On a build's objects: the build's id. */
    public static final String BUILD = "driftless.io/build";
    /**
     * On a build's objects: its cache key. A label value stops at 63 characters, so the label holds the
     * first 63 of its 64 hex digits and the annotation of the same name all of them.
     */
    public static final String CACHE_KEY = "driftless.io/cache-key";
    public static final String HEAD_REPOSITORY_ANNOTATION = "driftless.io/head-repository";

    public static final String COMMIT_ANNOTATION = "driftless.io/commit";
    public static final String SPEC_HASH_ANNOTATION = "driftless.io/spec-hash";
    public static final String BRANCH_ANNOTATION = "driftless.io/branch";
    public static final String REPOSITORY_ANNOTATION = "driftless.io/repository";

    private Labels() {
    }

    /** Labels of every object of a revision, sorted so rendering is byte-stable. */
    public static Map<String, String> of(RevisionIdentity in) {
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

    /**
     * Labels of the objects of one service of a stack: the revision's, named after the service and
     * marked with it, so {@link #selector(RevisionIdentity, String)} finds its pods and no other's.
     */
    public static Map<String, String> of(RevisionIdentity in, String service) {
        Map<String, String> labels = of(in);
        labels.put(NAME, service);
        labels.put(SERVICE, service);
        return labels;
    }

    /** Labels of a stack's hook Job and its pod: the revision's and the hook's, never a service's selector. */
    public static Map<String, String> ofHook(RevisionIdentity in, String hook) {
        Map<String, String> labels = of(in);
        labels.put(HOOK, hook);
        return labels;
    }

    /** A repository as a label value: '/' is not allowed there, and values stop at 63 characters. */
    public static String repositoryValue(String repository) {
        String value = repository.replace('/', '.');
        return value.length() <= Names.MAX_LABEL ? value : value.substring(0, Names.MAX_LABEL);
    }

    /** What selects a single-image revision's pods: the revision alone. */
    public static Map<String, String> selector(RevisionIdentity in) {
        return new TreeMap<>(Map.of(REVISION, in.revisionId().toString()));
    }

    /** What selects the pods of one service of a stack: the revision and the service. */
    public static Map<String, String> selector(RevisionIdentity in, String service) {
        return new TreeMap<>(Map.of(REVISION, in.revisionId().toString(), SERVICE, service));
    }

    /** Free-text facts that do not fit label values: the full repository, branch, commit and spec hash. */
    public static Map<String, String> annotations(RevisionIdentity in) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(COMMIT_ANNOTATION, in.commit());
        annotations.put(SPEC_HASH_ANNOTATION, in.specHash());
        annotations.put(BRANCH_ANNOTATION, in.branch());
        annotations.put(REPOSITORY_ANNOTATION, in.repository());
        return annotations;
    }
}
