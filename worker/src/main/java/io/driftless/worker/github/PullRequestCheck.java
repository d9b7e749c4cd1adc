package io.driftless.worker.github;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.github.ForkApprovals;
import io.driftless.api.policy.PullRequestClosures;
import io.driftless.api.policy.PullRequestClosures.OpenPullRequest;
import io.driftless.worker.jobs.PassingFailure;

/**
 * Reconciles missed webhooks: asks GitHub for the state of each pull request that still has an ACTIVE
 * environment, and applies the repository's {@code onPullRequestClose} to those GitHub says are closed, as
 * the {@code closed} webhook would have.
 *
 * <p>It fails safe. Only an answer that says "closed" tears anything down: when GitHub cannot be reached
 * or refuses (5xx, no answer, 401/403, 404 of the repository) the repository is skipped for this pass,
 * with the reason logged, and the pass goes on with the others. GitHub's rate limits are honoured: when
 * GitHub asks to wait ({@code Retry-After}, or {@code X-RateLimit-Remaining: 0}), or when what is left of
 * the limit falls into the tenth kept for deployment statuses and comments, the pass stops there and the
 * rest is checked by the next one.
 */
@ApplicationScoped
public class PullRequestCheck {

    private static final Logger LOG = Logger.getLogger(PullRequestCheck.class);

    static final String MERGED = "pull request merged (found by asking GitHub: its webhook was missed)";
    static final String CLOSED = "pull request closed (found by asking GitHub: its webhook was missed)";

    /**
     * What one pass did, for the job's note.
     *
     * @param asked     pull requests GitHub answered about
     * @param closed    "owner/repo#n: what was done", for each found closed
     * @param skipped   repository to why it was skipped
     * @param stopped   why the pass stopped early (GitHub's rate limit); null when it went through
     * @param left      pull requests not asked about because the pass stopped
     */
    public record Pass(int asked, List<String> closed, Map<String, String> skipped, String stopped, int left) {

        public String summary() {
            StringBuilder s = new StringBuilder("asked GitHub about ").append(asked).append(" open pull request(s), ")
                    .append(closed.size()).append(" found closed");
            if (!closed.isEmpty()) {
                s.append(" (").append(String.join("; ", closed)).append(")");
            }
            if (!skipped.isEmpty()) {
                s.append("; skipped ").append(skipped.size()).append(" repository(ies), nothing of them changed: ");
                skipped.forEach((repository, why) -> s.append(repository).append(": ").append(why).append("; "));
                s.setLength(s.length() - 2);
            }
            if (stopped != null) {
                s.append("; stopped early: ").append(stopped).append("; ").append(left)
                        .append(" pull request(s) left for the next check");
            }
            return s.toString();
        }
    }

    private final PullRequestClosures closures;
    private final ForkApprovals forks;
    private final GitHubClient github;

    public PullRequestCheck(PullRequestClosures closures, ForkApprovals forks, GitHubClient github) {
        this.closures = closures;
        this.forks = forks;
        this.github = github;
    }

    /** One pass over every pull request that still has an environment, outside any transaction. */
    public Pass check() {
        List<OpenPullRequest> open = closures.stillOpen();
        List<String> closed = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Set<String> skippedKeys = new HashSet<>();
        int asked = 0;
        for (int i = 0; i < open.size(); i++) {
            OpenPullRequest pr = open.get(i);
            String repository = pr.repository();
            String key = repository.toLowerCase(Locale.ROOT);
            if (skippedKeys.contains(key)) {
                continue;
            }
            GitHubClient.PullRequestState state;
            try {
                state = github.pullRequest(repository, pr.number());
            } catch (PassingFailure e) {
                if (e.retryAfter().isPresent()) {
                    // GitHub said how long to wait: asking about the next one now would only be refused too
                    String why = "GitHub's rate limit: it asked to wait " + e.retryAfter().get().toSeconds()
                            + "s (" + e.getMessage() + ")";
                    LOG.warnf("pull-request check stopped at %s#%d: %s", repository, pr.number(), why);
                    return new Pass(asked, closed, skipped, why, open.size() - i);
                }
                skip(skipped, skippedKeys, repository, e.getMessage());
                continue;
            } catch (GitHubRefused e) {
                skip(skipped, skippedKeys, repository, e.getMessage());
                continue;
            }
            asked++;
            if (state.closed()) {
                forks.close(repository, pr.number());
                String outcome = closures.closed(repository, pr.number(), state.merged() ? MERGED : CLOSED,
                        AuditEvent.REAPER, state.closedAt());
                LOG.infof("%s#%d is closed on GitHub but its webhook never came: %s", repository, pr.number(),
                        outcome);
                closed.add(repository + "#" + pr.number() + ": " + outcome);
            }
            if (state.rateLimit().filter(GitHubClient.RateLimit::inReserve).isPresent() && i + 1 < open.size()) {
                GitHubClient.RateLimit limit = state.rateLimit().get();
                String why = "GitHub's rate limit is nearly used up (" + limit.remaining() + " of " + limit.limit()
                        + " calls left), and the rest is kept for deployment statuses and comments";
                LOG.infof("pull-request check stopped after %s#%d: %s", repository, pr.number(), why);
                return new Pass(asked, closed, skipped, why, open.size() - i - 1);
            }
        }
        return new Pass(asked, closed, skipped, null, 0);
    }

    private static void skip(Map<String, String> skipped, Set<String> skippedKeys, String repository, String why) {
        // never torn down because GitHub could not be reached: the repository waits for the next pass
        LOG.warnf("pull-request check skipped %s, nothing of it changed: %s", repository, why);
        skipped.put(repository, why);
        skippedKeys.add(repository.toLowerCase(Locale.ROOT));
    }
}
