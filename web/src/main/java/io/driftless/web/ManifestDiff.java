package io.driftless.web;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/**
 * What a revision changed in the cluster: the unified diff of its rendered manifests against the previous
 * revision's, line by line, each line saying whether it was added, removed, or is context, so the page
 * can tell them apart by more than colour.
 *
 * @param lines   the diff without its two file header lines; empty when both are the same
 * @param added   how many lines the newer revision added
 * @param removed how many lines it removed
 */
record ManifestDiff(List<Line> lines, int added, int removed) {

    /** Unchanged lines shown around each change. */
    static final int CONTEXT = 3;

    enum Kind {
        HUNK, CONTEXT, ADDED, REMOVED
    }

    /** @param text the line as the unified diff has it, with its leading {@code +}, {@code -} or space */
    record Line(Kind kind, String text) {

        public boolean isAdded() {
            return kind == Kind.ADDED;
        }

        public boolean isRemoved() {
            return kind == Kind.REMOVED;
        }

        public boolean isHunk() {
            return kind == Kind.HUNK;
        }
    }

    static ManifestDiff of(String olderName, String older, String newerName, String newer) {
        List<String> before = older.lines().toList();
        List<String> after = newer.lines().toList();
        Patch<String> patch = DiffUtils.diff(before, after);
        if (patch.getDeltas().isEmpty()) {
            return new ManifestDiff(List.of(), 0, 0);
        }
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(olderName, newerName, before, patch, CONTEXT);
        List<Line> lines = new ArrayList<>();
        int added = 0;
        int removed = 0;
        // the first two lines are the "--- older" and "+++ newer" headers, which the page says in words
        for (String text : unified.subList(2, unified.size())) {
            Kind kind;
            if (text.startsWith("@@")) {
                kind = Kind.HUNK;
            } else if (text.startsWith("+")) {
                kind = Kind.ADDED;
                added++;
            } else if (text.startsWith("-")) {
                kind = Kind.REMOVED;
                removed++;
            } else {
                kind = Kind.CONTEXT;
            }
            lines.add(new Line(kind, text));
        }
        return new ManifestDiff(List.copyOf(lines), added, removed);
    }

    public boolean isIdentical() {
        return lines.isEmpty();
    }
}
