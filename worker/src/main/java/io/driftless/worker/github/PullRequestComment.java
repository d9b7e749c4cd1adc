package io.driftless.worker.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;
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
            body.append("| **Reason** | ").append(html(oneLine(latest.failureReason()))).append(" |\n");
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
            case DEPLOYING -> "deploying";
            case READY -> "ready";
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
