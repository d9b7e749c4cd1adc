package io.driftless.api.policy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * Branch globs of {@code protectedBranches}: {@code main}, {@code release/*} ({@code *} stays within one
 * path segment), {@code hotfix/**} (any depth), {@code v{1,2}.*}. The JDK's glob matcher does the
 * matching; branch names are matched as slash-separated paths, which is what they are.
 */
public final class BranchGlobs {

    private BranchGlobs() {
    }

    /** @throws IllegalArgumentException naming what is wrong with the glob */
    public static PathMatcher compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (glob.startsWith("/") || glob.contains("\\")) {
            throw new IllegalArgumentException("'" + glob + "' is not a branch glob (no leading / or backslash)");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + glob + "' is not a valid glob: " + e.getDescription());
        }
    }

    /** The first glob that matches the branch. */
    public static Optional<String> firstMatch(List<String> globs, String branch) {
        Path path;
        try {
            path = Path.of(branch);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        for (String glob : globs) {
            if (compile(glob).matches(path)) {
                return Optional.of(glob);
            }
        }
        return Optional.empty();
    }
}
