package io.driftless.worker.github;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.jboss.resteasy.reactive.RestResponse;

import io.driftless.api.metrics.Meters;
import io.driftless.worker.jobs.PassingFailure;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Deployments, their statuses and pull-request comments on GitHub, with GitHub's errors sorted: rate
 * limits and server trouble become a {@link PassingFailure} (with how long to wait), anything else a
 * {@link GitHubRefused} with GitHub's reason.
 */
@ApplicationScoped
public class GitHubClient {

    /** Deployments are found again by this key in their payload, after a crash between create and record. */
    static final String REVISION_KEY = "driftless_revision";
    private static final int PAGE = 100;
    /** A pull request with more comments than this is not searched for a lost sticky comment. */
    private static final int MAX_COMMENT_PAGES = 10;

    private final GitHubConfig config;
    private final GitHubCredentials credentials;
    private final Meters meters;
    private volatile GitHubApi api;

    public GitHubClient(GitHubConfig config, GitHubCredentials credentials, Meters meters) {
        this.config = config;
        this.credentials = credentials;
        this.meters = meters;
    }

    /**
     * The Deployment of the revision: the one already on GitHub for this commit and environment whose
     * payload names the revision, or a new one.
     */
    public long findOrCreateDeployment(String repository, String sha, String environment, UUID revisionId,
            String description) {
        Repo repo = Repo.of(repository);
        List<GitHubApi.Deployment> existing = call("GET deployments of " + repository,
                auth -> api().deployments(auth, repo.owner(), repo.name(), sha, environment, PAGE));
        for (GitHubApi.Deployment d : existing) {
            if (d.payload() != null && revisionId.toString().equals(d.payload().path(REVISION_KEY).asText())) {
                return d.id();
            }
        }
        GitHubApi.NewDeployment deployment = new GitHubApi.NewDeployment(sha, "deploy", environment,
                truncate(description), false, List.of(), true, false, Map.of(REVISION_KEY, revisionId.toString()));
        return call("POST deployment to " + repository,
                auth -> api().createDeployment(auth, repo.owner(), repo.name(), deployment)).id();
    }

    public void postStatus(String repository, long deploymentId, String state, String description,
            String environmentUrl, String logUrl) {
        Repo repo = Repo.of(repository);
        GitHubApi.NewStatus status = new GitHubApi.NewStatus(state, truncate(description), environmentUrl, logUrl);
        call("POST " + state + " status of deployment " + deploymentId + " in " + repository,
                auth -> api().createStatus(auth, repo.owner(), repo.name(), deploymentId, status));
    }

    /** The id of a comment on the pull request that carries {@code marker}, if one is there. */
    public Optional<Long> findComment(String repository, int pullRequest, String marker) {
        Repo repo = Repo.of(repository);
        for (int page = 1; page <= MAX_COMMENT_PAGES; page++) {
            int p = page;
            List<GitHubApi.Comment> comments = call("GET comments of " + repository + "#" + pullRequest,
                    auth -> api().comments(auth, repo.owner(), repo.name(), pullRequest, PAGE, p));
            for (GitHubApi.Comment c : comments) {
                if (c.body() != null && c.body().contains(marker)) {
                    return Optional.of(c.id());
                }
            }
            if (comments.size() < PAGE) {
                break;
            }
        }
        return Optional.empty();
    }

    public long createComment(String repository, int pullRequest, String body) {
        Repo repo = Repo.of(repository);
        return call("POST comment on " + repository + "#" + pullRequest,
                auth -> api().createComment(auth, repo.owner(), repo.name(), pullRequest, new GitHubApi.CommentBody(body)))
                .id();
    }

    /** Rewrites the comment; false if it is gone (deleted by someone), so that a new one can be made. */
    public boolean updateComment(String repository, long commentId, String body) {
        Repo repo = Repo.of(repository);
        try {
            call("PATCH comment " + commentId + " in " + repository,
                    auth -> api().updateComment(auth, repo.owner(), repo.name(), commentId,
                            new GitHubApi.CommentBody(body)));
            return true;
        } catch (GitHubRefused refused) {
            if (refused.status() == 404) {
                return false;
            }
            throw refused;
        }
    }

    /**
     * A pull request as GitHub has it, with the rate limit GitHub said is left after the call.
     *
     * @param closedAt when it was closed; null while open
     */
    public record PullRequestState(boolean closed, boolean merged, Instant closedAt, Optional<RateLimit> rateLimit) {
    }

    /** GitHub's {@code X-RateLimit-Remaining} and {@code X-RateLimit-Limit}: calls left of this window. */
    public record RateLimit(long remaining, long limit) {

        /** The last tenth of the limit is kept for what people see: deployment statuses and comments. */
        public boolean inReserve() {
            return remaining * 10 < limit;
        }

        static Optional<RateLimit> of(String remaining, String limit) {
            try {
                return remaining == null || limit == null ? Optional.empty()
                        : Optional.of(new RateLimit(Long.parseLong(remaining.strip()), Long.parseLong(limit.strip())));
            } catch (NumberFormatException unreadable) {
                return Optional.empty();
            }
        }
    }

    /** Whether the pull request is open or closed (and merged), as GitHub says now. */
    public PullRequestState pullRequest(String repository, int number) {
        Repo repo = Repo.of(repository);
        RestResponse<GitHubApi.PullRequest> answer = call("GET pull request " + repository + "#" + number,
                auth -> api().pullRequest(auth, repo.owner(), repo.name(), number));
        GitHubApi.PullRequest pr = answer.getEntity();
        return new PullRequestState("closed".equals(pr.state()), pr.merged(), pr.closedAt(),
                RateLimit.of(answer.getHeaderString("X-RateLimit-Remaining"),
                        answer.getHeaderString("X-RateLimit-Limit")));
    }

    /** GitHub's limit on a deployment status's description; longer ones are refused with 422. */
    static final int DESCRIPTION_LIMIT = 140;

    static String truncate(String description) {
        if (description == null || description.length() <= DESCRIPTION_LIMIT) {
            return description;
        }
        return description.substring(0, DESCRIPTION_LIMIT - 1) + "…";
    }

    private <T> T call(String what, Function<String, T> request) {
        try {
            return request.apply(authorization());
        } catch (RuntimeException e) {
            GitHubException answer = find(e, GitHubException.class);
            if (answer != null) {
                throw sorted(what, answer);
            }
            if (e instanceof ProcessingException || find(e, ProcessingException.class) != null) {
                // no answer: refused connection, timeout, TLS trouble
                meters.gitHubCall("unreachable");
                throw new PassingFailure("GitHub did not answer " + what + ": " + rootMessage(e), Optional.empty(), e);
            }
            throw e;
        }
    }

    private RuntimeException sorted(String what, GitHubException e) {
        if (e.status() == 401 && credentials.forget()) {
            return new PassingFailure("GitHub refused the installation token for " + what + "; a new one is fetched",
                    Optional.empty(), e);
        }
        GitHubRetry.Decision decision = GitHubRetry.decide(e, Instant.now());
        if (decision.retry()) {
            return new PassingFailure("GitHub answered " + what + " with " + e.getMessage(), decision.delay(), e);
        }
        return new GitHubRefused(e.status(), "GitHub refused " + what + ": " + e.getMessage()
                + (e.status() == 404 ? " (no such repository or pull request, or the credentials cannot see it)" : ""));
    }

    static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private String authorization() {
        return credentials.authorization(jwt -> api().accessToken(jwt, installationId()), Instant.now());
    }

    private long installationId() {
        return config.app().installationId().orElseThrow();
    }

    private GitHubApi api() {
        GitHubApi built = api;
        if (built == null) {
            synchronized (this) {
                if (api == null) {
                    api = build(config, meters);
                }
                built = api;
            }
        }
        return built;
    }

    /**
     * A client of the GitHub API at the configured base URL, with the configured timeouts; its answers
     * are counted on {@code meters} (none when null: tests that build the beans by hand).
     */
    static GitHubApi build(GitHubConfig config, Meters meters) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.apiUrl()))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (meters != null) {
            builder.register(new GitHubCallMeter(meters));
        }
        return builder.build(GitHubApi.class);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** owner/name of a repository. */
    record Repo(String owner, String name) {
        static Repo of(String repository) {
            int slash = repository.indexOf('/');
            if (slash <= 0 || slash != repository.lastIndexOf('/') || slash == repository.length() - 1) {
                throw new GitHubRefused(0, "'" + repository + "' is not a GitHub repository (owner/name)");
            }
            return new Repo(repository.substring(0, slash), repository.substring(slash + 1));
        }
    }
}
