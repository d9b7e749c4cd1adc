package io.driftless.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.Views.EnvironmentQuery;

/**
 * The environment list's search as typed into its form: what it asks for, what it echoes back into the
 * form, and a sentence for each value it could not read (that value is then not filtered on).
 *
 * @param fork     "yes", "no" or "" (any)
 * @param problems what could not be read, for the page to show
 */
public record ListFilter(String repository, String text, String pullRequest, String phase, String fork,
        boolean expiring, String after, List<String> problems) {

    private static final Pattern PULL_REQUEST = Pattern.compile("#?(\\d{1,9})");

    public static ListFilter read(String repository, String text, String pullRequest, String phase, String fork,
            String expiring, String after) {
        List<String> problems = new ArrayList<>();
        String pr = trim(pullRequest);
        if (!pr.isEmpty() && !PULL_REQUEST.matcher(pr).matches()) {
            problems.add("PR must be a pull request number, such as 42; '" + pr + "' is not one.");
        }
        String wantedPhase = trim(phase).toUpperCase(Locale.ROOT);
        if (!wantedPhase.isEmpty() && RevisionPhase.parse(wantedPhase).isEmpty()) {
            problems.add("Phase must be one of " + List.of(RevisionPhase.values()) + ".");
        }
        String forks = trim(fork).toLowerCase(Locale.ROOT);
        if (!forks.isEmpty() && !forks.equals("yes") && !forks.equals("no")) {
            problems.add("Fork must be yes, no or any.");
            forks = "";
        }
        return new ListFilter(trim(repository), trim(text), pr, wantedPhase, forks,
                "on".equalsIgnoreCase(trim(expiring)) || "true".equalsIgnoreCase(trim(expiring)), blankToNull(after),
                List.copyOf(problems));
    }

    /** The query for the service; values that could not be read do not filter. */
    public EnvironmentQuery query() {
        var prMatch = PULL_REQUEST.matcher(pullRequest);
        return new EnvironmentQuery(repository.isEmpty() ? null : repository, text.isEmpty() ? null : text,
                prMatch.matches() ? Integer.valueOf(prMatch.group(1)) : null,
                RevisionPhase.parse(phase).orElse(null),
                fork.isEmpty() ? null : fork.equals("yes"), expiring);
    }

    /** The query string of this search without the cursor, for links to its pages and its live rows. */
    public String queryString() {
        StringBuilder q = new StringBuilder();
        append(q, "repository", repository);
        append(q, "q", text);
        append(q, "pr", pullRequest);
        append(q, "phase", phase);
        append(q, "fork", fork);
        if (expiring) {
            append(q, "expiring", "on");
        }
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        q.append(q.isEmpty() ? "" : "&").append(name).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String trim(String text) {
        return text == null ? "" : text.trim();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
