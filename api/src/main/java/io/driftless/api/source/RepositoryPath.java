package io.driftless.api.source;

import java.util.ArrayList;
import java.util.List;

/**
 * What a file's path in a repository may be: relative to the root, '/'-separated, with no way out of
 * the repository ('..') and nothing a host would read differently ('\', empty or '.' segments).
 */
public final class RepositoryPath {

    /** The longest path accepted, in characters. */
    public static final int MAX_LENGTH = 255;

    private RepositoryPath() {
    }

    /** What is wrong with {@code path}, one message per problem; empty when it is fine. */
    public static List<String> problemsOf(String path) {
        List<String> problems = new ArrayList<>();
        if (path == null || path.isBlank()) {
            problems.add("must be a path relative to the repository root, e.g. driftless.yaml or deploy/driftless.yaml");
            return problems;
        }
        if (path.length() > MAX_LENGTH) {
            problems.add("must be at most " + MAX_LENGTH + " characters");
        }
        if (path.startsWith("/")) {
            problems.add("must be relative to the repository root: no leading '/'");
        }
        if (path.contains("\\")) {
            problems.add("must separate directories with '/', not '\\'");
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            problems.add("must not contain control characters");
        }
        List<String> segments = List.of(path.split("/", -1));
        if (segments.contains("..")) {
            problems.add("must not contain a '..' segment: the file must be inside the repository");
        }
        if (segments.contains(".") || segments.subList(path.startsWith("/") ? 1 : 0, segments.size()).contains("")) {
            problems.add("must not contain '.' or empty segments, nor end with '/'");
        }
        return problems;
    }

    /** Whether {@code path} is a path {@link #problemsOf} finds nothing wrong with. */
    public static boolean isValid(String path) {
        return problemsOf(path).isEmpty();
    }
}
