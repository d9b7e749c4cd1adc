package io.driftless.worker.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.policy.Expiry;
import io.driftless.api.service.GitHubRecords.RevisionState;
import io.driftless.api.service.GitHubRecords.SyncTarget;

/**
 * The body of an environment's sticky pull-request comment: a pure function of the environment's state,
 * so an unchanged state gives a byte-identical body (and no needless update). The hidden marker lets the
 * comment be found again if its id was lost. Text from outside (branch, failure reason) is HTML-escaped,
 * since GitHub renders the comment as Markdown with inline HTML.
 */
public final class PullRequestComment {

    private PullRequestComment() {
    }

    /** The hidden HTML comment that identifies the environment's comment among others on the PR. */
    public static String marker(UUID environmentId) {
        return "<!-- driftless:environment:" + environmentId + " -->";
    }

    /**
     * @param environmentPage the environment's page in Driftless
     */
    public static String render(SyncTarget target, String environmentPage) {
        RevisionState latest = target.latest();
        StringBuilder body = new StringBuilder();
        body.append(marker(target.environmentId())).append('\n');
        body.append("### Driftless preview: ").append(headline(latest)).append("\n\n");
        body.append("| | |\n|---|---|\n");
        body.append("| **Environment** | ").append(environmentCell(target)).append(" |\n");
        body.append("| **Revision** | ").append(latest.number()).append(": ").append(latest.url()).append(" |\n");
        body.append("| **Commit** | `").append(shortSha(latest.commitSha())).append("` |\n");
        body.append("| **Branch** | <code>").append(html(target.branch())).append("</code> |\n");
        body.append("| **Phase** | ").append(latest.phase()).append(" |\n");
        if (latest.phase() == RevisionPhase.FAILED && latest.failureReason() != null) {
            body.append("| **Reason** | ").append(lines(latest.failureReason())).append(" |\n");
        }
        if (!latest.withheldSecrets().isEmpty()) {
            body.append("| **Secrets withheld** | ").append(html(String.join(", ", latest.withheldSecrets())))
                    .append(" (a fork's revision gets no repository secrets; these variables are unset) |\n");
        }
        if (target.endedBy() != null && target.environmentStatus() != EnvironmentStatus.ACTIVE) {
            body.append("| **Torn down** | ").append(lines(target.endedBy())).append(" |\n");
        } else if (target.expiry() != null && target.environmentStatus() == EnvironmentStatus.ACTIVE) {
            body.append("| **Expires** | ").append(Expiry.time(target.expiry().expiresAt())).append(" (")
                    .append(html(target.expiry().explanation())).append(")");
            if (target.expiry().warned()) {
                body.append("<br>**Torn down then unless extended**: the Extend button on its page, or <code>POST /api/v1/environments/")
                        .append(target.environmentId()).append("/extend</code>");
            }
            body.append(" |\n");
        }
        body.append('\n').append("[Open in Driftless](").append(environmentPage).append(")\n");
        return body.toString();
    }

    /** SHA-256 of the body, hex: what is kept to tell whether the comment needs rewriting. */
    public static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Read from the newest revision's phase alone, not the environment's status: the status is confirmed
     * TORN_DOWN in a later transaction than the revision's last phase change, and the body must not
     * depend on which of the two a sync happened to see.
     */
    private static String headline(RevisionState latest) {
        return switch (latest.phase()) {
            case QUEUED -> "queued";
            case BUILDING -> "building";
            case DEPLOYING -> "deploying";
            case READY -> "ready";
            case SLEEPING -> "asleep (the first request to its URL wakes it)";
            case WAKING -> "waking up";
            case FAILED -> "failed";
            case SUPERSEDED -> "superseded";
            case TEARING_DOWN -> "being torn down";
            case TORN_DOWN -> "torn down";
        };
    }

    private static String environmentCell(SyncTarget target) {
        if (target.environmentStatus() != EnvironmentStatus.ACTIVE) {
            return "~~" + target.environmentUrl() + "~~";
        }
        if (target.aliasRevisionNumber() == null) {
            return target.environmentUrl() + " (no revision is serving yet)";
        }
        return target.environmentUrl() + " (serves revision " + target.aliasRevisionNumber() + ")";
    }

    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    /**
     * A reason of several lines (each error of a spec file, with its line and column) in one table cell:
     * each line collapsed and escaped, joined with {@code <br>}; at most 10 lines and 1,500 characters.
     */
    static String lines(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> shown = lines.stream().limit(10).map(l -> html(oneLine(l))).collect(Collectors.toList());
        if (lines.size() > shown.size()) {
            shown.add("… and " + (lines.size() - shown.size()) + " more");
        }
        String joined = String.join("<br>", shown);
        return joined.length() > 1500 ? joined.substring(0, 1499) + "…" : joined;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 500 ? line.substring(0, 499) + "…" : line;
    }

    /** Escapes what GitHub would read as HTML or as a table cell border. */
    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '|' -> out.append("&#124;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
