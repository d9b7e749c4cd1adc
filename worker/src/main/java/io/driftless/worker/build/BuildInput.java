package io.driftless.worker.build;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import io.driftless.api.naming.Names;
import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.StackSpec;

/**
 * Everything one service's image build is rendered from ({@link BuildRenderer}). Nothing else goes in, so
 * equal inputs give byte-identical objects. {@link #of} derives the names from the configuration; the
 * canonical constructor takes them as they are, so a test or a later policy can say exactly what it wants.
 *
 * @param buildId          the build's own id, on every object
 * @param cacheKey         64 hex digits: what the built image is known by, its tag's tail
 * @param repository       {@code owner/name} of the base repository
 * @param headRepository   {@code owner/name} the commit comes from; the base repository but for forks
 * @param commit           the full SHA the image is built from
 * @param service          the stack's service whose image this is
 * @param build            how to build it, as the stack says
 * @param gitUrl           what BuildKit clones: {@code https://github.com/<headRepository>.git}
 * @param destination      the image reference pushed, with its {@code key-<cacheKey>} tag
 * @param cacheRef         the registry cache imported and exported ({@code mode=max}); a fork's is its own
 * @param builderImage     the rootless BuildKit image, pinned by digest
 * @param fork             whether the commit comes from a fork: no git token, nothing under the shared paths
 * @param timeoutSeconds   how long the build may run before it is failed
 * @param namespace        the build namespace's name ({@link #namespaceName})
 * @param seal             the revision seal the build namespace's container defaults come from
 * @param pushSecret       whether the registry push credentials exist (then they are mounted)
 * @param gitTokenSecret   whether a git token exists; a fork never mounts it ({@link #mountsGitToken})
 */
public record BuildInput(UUID buildId, String cacheKey, String repository, String headRepository, String commit,
        String service, StackSpec.BuildSpec build, String gitUrl, String destination, String cacheRef,
        String builderImage, boolean fork, long timeoutSeconds, String namespace, SealPolicy seal,
        boolean pushSecret, boolean gitTokenSecret) {

    /** Where fork builds push and cache, under the registry: never beside the base repository's images. */
    public static final String FORKS = "forks";
    /** The tag of a service's registry cache. */
    public static final String CACHE_TAG = "buildcache";
    /** The tag prefix of a built image; the cache key follows. */
    public static final String TAG_PREFIX = "key-";
    /** Hex digits of the cache key a build namespace's name starts with. */
    static final int NAMESPACE_KEY_CHARS = 12;

    public BuildInput {
        Objects.requireNonNull(buildId, "buildId");
        requireKey(cacheKey);
        Objects.requireNonNull(build, "build");
        if (!Names.isDns1123Label(namespace)) {
            throw new IllegalArgumentException("a build namespace is a DNS label: " + namespace);
        }
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("a build's timeout is positive: " + timeoutSeconds);
        }
    }

    /**
     * A build with its names derived from the configured {@code registry} ({@code ghcr.io/acme/previews}):
     * the clone URL of the head repository, the destination and cache under the base repository, or under
     * {@code forks/<headRepository>} for a fork.
     */
    public static BuildInput of(UUID buildId, String cacheKey, String repository, String headRepository,
            String commit, String service, StackSpec.BuildSpec build, String registry, String builderImage,
            boolean fork, long timeoutSeconds, SealPolicy seal, boolean pushSecret, boolean gitTokenSecret) {
        String path = imagePath(registry, repository, headRepository, service, fork);
        return new BuildInput(buildId, cacheKey, repository, headRepository, commit, service, build,
                gitUrl(headRepository), path + ":" + TAG_PREFIX + cacheKey, path + ":" + CACHE_TAG, builderImage,
                fork, timeoutSeconds, namespaceName(cacheKey, service), seal, pushSecret, gitTokenSecret);
    }

    /** The HTTPS clone URL of a GitHub repository. */
    public static String gitUrl(String repository) {
        return "https://github.com/" + repository + ".git";
    }

    /**
     * {@code <registry>/<repository>/<service>}, or {@code <registry>/forks/<headRepository>/<service>} for a
     * fork; lowercase, as image references must be (GitHub names are case-insensitive).
     */
    public static String imagePath(String registry, String repository, String headRepository, String service,
            boolean fork) {
        String base = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
        String owner = fork ? FORKS + "/" + headRepository : repository;
        return (base + "/" + owner + "/" + service).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code b-<first 12 hex of the key>-<service>}, a DNS label. A service name too long to fit is cut and
     * ends with a hash of the whole name instead, so two services never share a build namespace.
     */
    public static String namespaceName(String cacheKey, String service) {
        requireKey(cacheKey);
        String prefix = "b-" + cacheKey.substring(0, NAMESPACE_KEY_CHARS) + "-";
        String name = prefix + service;
        if (name.length() <= Names.MAX_LABEL) {
            return name;
        }
        String hash = Names.sha256Hex(service).substring(0, 10);
        String head = service.substring(0, Names.MAX_LABEL - prefix.length() - hash.length() - 1)
                .replaceAll("-+$", "");
        return prefix + head + "-" + hash;
    }

    private static void requireKey(String cacheKey) {
        if (cacheKey == null || !cacheKey.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a cache key is 64 lowercase hex digits: " + cacheKey);
        }
    }

    /** Whether the build authenticates its clone: only when a token exists, and never for a fork. */
    public boolean mountsGitToken() {
        return gitTokenSecret && !fork;
    }

    /** BuildKit's git context: the repository at the commit, in the service's context directory. */
    public String context() {
        return gitUrl + "#" + commit + ":" + build.context();
    }
}
