package io.driftless.api.github;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a person opens a repository's pull request, commit, branch and the changes between two commits on
 * GitHub's web site. Pure: built from the configuration once ({@link #of}), the links follow from names.
 *
 * <p>
 * A fork's environment has two repositories: the pull request lives in the base repository, its commits
 * and branch in the head repository (the fork). Commits of the same branch are compared in the head
 * repository, where all of them are.
 *
 * @param web the web site's root without a trailing slash, e.g. {@code https://github.com}
 */
public record GitHubLinks(String web) {

    public GitHubLinks {
        web = web.endsWith("/") ? web.substring(0, web.length() - 1) : web;
    }

    /**
     * The web site that belongs to the REST API Driftless is configured with ({@code driftless.github.api-url}),
     * unless {@code webUrl} names it: {@code https://api.github.com} gives {@code https://github.com}, GitHub
     * Enterprise Server's {@code https://<host>/api/v3} gives {@code https://<host>}, and GitHub Enterprise
     * Cloud's {@code https://api.<subdomain>.ghe.com} gives {@code https://<subdomain>.ghe.com}. Any other
     * API URL is taken to be served from the web site's own root.
     */
    public static GitHubLinks of(String apiUrl, Optional<String> webUrl) {
        if (webUrl.isPresent() && !webUrl.get().isBlank()) {
            return new GitHubLinks(webUrl.get().strip());
        }
        URI api = URI.create(apiUrl.strip());
        String host = api.getHost().toLowerCase(Locale.ROOT);
        String path = api.getPath() == null ? "" : api.getPath().replaceAll("/+$", "");
        if (path.endsWith("/api/v3")) {
            path = path.substring(0, path.length() - "/api/v3".length());
        } else if (host.startsWith("api.")) {
            host = host.substring("api.".length());
        }
        String port = api.getPort() == -1 ? "" : ":" + api.getPort();
        return new GitHubLinks(api.getScheme() + "://" + host + port + path);
    }

    /** {@code <web>/<owner>/<name>} */
    public String repository(String repository) {
        return web + "/" + repository;
    }

    /** The pull request, in the base repository (also for a fork's). */
    public String pullRequest(String repository, int number) {
        return repository(repository) + "/pull/" + number;
    }

    /** The commit, in the repository it was pushed to: the fork for a fork's commit. */
    public String commit(String headRepository, String sha) {
        return repository(headRepository) + "/commit/" + sha;
    }

    /**
     * The branch's tree, in the repository it lives in. A branch name's slashes stay path separators
     * (GitHub reads {@code tree/feature/x} as the branch {@code feature/x}); every other character outside
     * the unreserved set is percent-encoded, segment by segment, so {@code #}, {@code ?} or {@code %} in a
     * name cannot end or change the path.
     */
    public String branch(String headRepository, String branch) {
        StringBuilder path = new StringBuilder(repository(headRepository)).append("/tree");
        for (String segment : branch.split("/", -1)) {
            path.append('/').append(encodeSegment(segment));
        }
        return path.toString();
    }

    /** A file as it was at a commit, in the repository the commit was pushed to. */
    public String file(String headRepository, String sha, String path) {
        StringBuilder link = new StringBuilder(repository(headRepository)).append("/blob/").append(sha);
        for (String segment : path.split("/", -1)) {
            link.append('/').append(encodeSegment(segment));
        }
        return link.toString();
    }

    /** The changes from one commit to a later one ({@code compare/<old>...<new>}), in the head repository. */
    public String compare(String headRepository, String oldSha, String newSha) {
        return repository(headRepository) + "/compare/" + oldSha + "..." + newSha;
    }

    /** Percent-encodes UTF-8 bytes outside RFC 3986's unreserved characters. */
    static String encodeSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
