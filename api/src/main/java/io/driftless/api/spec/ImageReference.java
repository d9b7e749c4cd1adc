package io.driftless.api.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI image reference, {@code [registry[:port]/]path[:tag][@digest]}, after the grammar of the
 * distribution project's reference package, with Docker Hub's implicit names made explicit
 * ({@code nginx} is {@code registry-1.docker.io/library/nginx}). Written here because no small, kept
 * Java library parses references; the grammar is short and the tests pin it.
 *
 * @param original   the reference as given
 * @param name       the name as given, without tag or digest (e.g. {@code nginx}, {@code ghcr.io/acme/shop})
 * @param registry   the registry's host[:port] to talk to (Docker Hub's API host for Hub names)
 * @param repository the repository path on that registry ({@code library/nginx}, {@code acme/shop})
 * @param tag        the tag, if any
 * @param digest     the digest ({@code sha256:<hex>}), if any
 */
public record ImageReference(String original, String name, String registry, String repository, Optional<String> tag,
        Optional<String> digest) {

    /** Where Docker Hub's registry API answers; names without a registry host live there. */
    public static final String DOCKER_HUB = "registry-1.docker.io";

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}";
    private static final Pattern REFERENCE = Pattern.compile("((?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/"
            + PATH_COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

    public static final String FORM = "[registry[:port]/]name[:tag][@sha256:<64 hex>], e.g. ghcr.io/acme/shop:1.2";

    /** Parses a reference; empty when it is not one. */
    public static Optional<ImageReference> parse(String text) {
        if (text == null || text.length() > 512) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(1);
        if (name.length() > 255) {
            return Optional.empty();
        }
        String registry;
        String repository;
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            registry = first;
            repository = name.substring(slash + 1);
        } else {
            registry = DOCKER_HUB;
            repository = slash < 0 ? "library/" + name : name;
        }
        if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
            if (!repository.contains("/")) {
                repository = "library/" + repository;
            }
        }
        return Optional.of(new ImageReference(text, name, registry, repository, Optional.ofNullable(m.group(2)),
                Optional.ofNullable(m.group(3))));
    }

    /** Whether the reference names its content by digest already. */
    public boolean pinned() {
        return digest.isPresent();
    }

    /** The reference that names this image by {@code digest}, keeping the tag as a note for people. */
    public String pinnedTo(String resolvedDigest) {
        return name + tag.map(t -> ":" + t).orElse("") + "@" + resolvedDigest;
    }

    /** What to ask the registry for: the digest when there is one, else the tag ({@code latest} when none). */
    public String manifestReference() {
        return digest.orElseGet(() -> tag.orElse("latest"));
    }
}
