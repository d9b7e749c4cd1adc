package io.driftless.api.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one place where Kubernetes-facing names are made.
 *
 * <p>Every name is a DNS-1123 label (at most 63 characters of {@code [a-z0-9-]}, starting and ending
 * with an alphanumeric), because it is used both as a namespace name and as the first label of a
 * host name. Branch names may hold anything git accepts (unicode, '/', '.', '@', 250 characters...),
 * so the readable part of a name is lossy. To keep "different input, different name" we always end a
 * name with a hash of the exact, unabridged input: {@code feature/login} and {@code feature-login}
 * share a readable part but not a hash. The same input always gives the same name.
 *
 * <p>No name has hyphens in its third and fourth characters: that is the form RFC 5891 §4.2.3.1 reserves
 * (its {@code xn--} punycode prefix among others), and certificate authorities refuse such labels. Only
 * the join of a two-character branch and its repository could make it ({@code ui--shop-…}), and a single
 * hyphen joins them instead ({@code ui-shop-…}); the hash keeps the name distinct.
 */
public final class Names {

    /** Longest DNS-1123 label. */
    public static final int MAX_LABEL = 63;
    /** Hex characters of the SHA-256 kept as the identity suffix (40 bits). */
    static final int HASH_CHARS = 10;
    /** Hex characters of the spec hash shown in a revision's name. */
    static final int SPEC_HASH_CHARS = 8;

    private Names() {
    }

    /**
     * The slug of an environment: the readable branch and repository name, then a hash of
     * (repository, head repository, branch). Example: {@code feature-login--shop-1f2e3d4c5b}.
     */
    public static String environmentSlug(String repository, String headRepository, String branch) {
        String repoName = repository.substring(repository.indexOf('/') + 1);
        String readable = joinReadable(sanitize(branch), sanitize(repoName));
        String identity = sha256Hex(repository + '\n' + headRepository + '\n' + branch);
        return label(readable, identity.substring(0, HASH_CHARS));
    }

    /**
     * The name of one revision of an environment: {@code r-<spec hash>--<environment slug>}, trimmed
     * to a label. Used for its namespace and as the first label of its own host.
     */
    public static String revisionName(String environmentSlug, String specHash) {
        String prefix = "r-" + specHash.substring(0, SPEC_HASH_CHARS) + "--";
        String slug = environmentSlug;
        if (prefix.length() + slug.length() > MAX_LABEL) {
            // keep the environment's identity hash (its tail); drop readable characters before it
            int keep = MAX_LABEL - prefix.length();
            String tail = slug.substring(slug.length() - HASH_CHARS);
            String head = trimDashes(slug.substring(0, keep - HASH_CHARS - 1));
            slug = head.isEmpty() ? tail : head + "-" + tail;
        }
        return prefix + slug;
    }

    /** A host under the base domain, for a label made by this class. */
    public static String host(String label, String baseDomain) {
        return label + "." + baseDomain;
    }

    /** True when {@code name} is a valid DNS-1123 label. */
    public static boolean isDns1123Label(String name) {
        return name != null && name.length() <= MAX_LABEL && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    /** Lowercase ASCII alphanumerics with single dashes between runs; accents are folded first. */
    static String sanitize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean dash = false;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
                dash = false;
            } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
                // the accent of a folded letter: drop it, keep the letter
            } else if (!dash) {
                out.append('-');
                dash = true;
            }
        }
        return trimDashes(out.toString());
    }

    private static String joinReadable(String branch, String repoName) {
        if (branch.isEmpty()) {
            return repoName;
        }
        if (repoName.isEmpty()) {
            return branch;
        }
        // "--" right after two characters would be the reserved form
        return branch + (branch.length() == 2 ? "-" : "--") + repoName;
    }

    /**
     * The name, in the routing namespace, of an environment's Ingress that sends {@code /_driftless/} on its
     * preview hosts to Driftless (sign-in and share-link callbacks). Not a host label, so it may pass 63
     * characters (an Ingress name is a DNS subdomain); a slug ends with its hash, so no slug ends with
     * {@code -edge} and no two environments share this name.
     */
    public static String edgeRoutes(String environmentSlug) {
        return environmentSlug + "-edge";
    }

    /** The ExternalName Service in the routing namespace that names Driftless's own Service. */
    public static final String EDGE_SERVICE = "driftless-edge";

    /** True when {@code label} has the form RFC 5891 reserves: hyphens in its third and fourth places. */
    public static boolean hasReservedForm(String label) {
        return label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-';
    }

    private static String label(String readable, String hash) {
        int room = MAX_LABEL - hash.length() - 1;
        String head = trimDashes(readable.length() > room ? readable.substring(0, room) : readable);
        return head.isEmpty() ? "x-" + hash : head + "-" + hash;
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
