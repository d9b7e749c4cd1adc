package io.driftless.worker.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.ProcessingException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.driftless.api.metrics.Meters;
import io.driftless.api.source.FileTooLarge;
import io.driftless.api.source.RepositoryPath;
import io.driftless.api.source.SourceHost;
import io.driftless.api.source.SourceUnavailable;

/**
 * Files of GitHub repositories at a commit, through the contents API with the raw media type, and the
 * tree ids of their directories, through the Git database API (the commit's root tree, then one tree
 * per path segment), with the base URL and credentials of {@link GitHubClient}.
 *
 * <p>What was read is kept (the content, and that there is none; a tree id, and that there is no such
 * directory): a file or a tree at a commit never changes.
 * Failures are not kept. A 404 is ambiguous on GitHub (no such file, or a repository the credentials
 * cannot see), so it is only taken as "no file" once the commit itself is seen; otherwise a private
 * repository read without the right credentials would silently look like one without the file.
 *
 * <p>Trouble GitHub says is passing (5xx, 408, rate limits, no answer) is tried again here
 * ({@value #ATTEMPTS} tries in all) when the wait is short; a longer wait, or the last try, ends in a
 * {@link SourceUnavailable} carrying the wait GitHub asked for, for the job to be tried again later as
 * other GitHub calls are.
 *
 * <p>With no GitHub credentials configured (posting to GitHub is off) files are still read, without
 * credentials: public repositories answer, within GitHub's 60 requests an hour for anonymous callers; a
 * private one answers with a {@link SourceUnavailable} that says credentials are needed.
 */
@ApplicationScoped
// a bean of its own type only: which SourceHost is in use is chosen at start (the server's SourceHosts)
@Typed(GitHubSource.class)
public class GitHubSource implements SourceHost {

    /** Tries of one read, the first included. */
    static final int ATTEMPTS = 3;
    /** The wait before the second try when GitHub said nothing; doubled for the third. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    /** A longer wait is not spent holding a worker's thread: the job is tried again later instead. */
    static final Duration LONGEST_WAIT_HERE = Duration.ofSeconds(5);
    /** What the cache keeps, in characters of content (plus {@link #ENTRY_WEIGHT} an entry): about 16 MB. */
    static final long CACHE_WEIGHT = 16L * 1024 * 1024;
    static final int ENTRY_WEIGHT = 256;
    static final Duration CACHE_IDLE = Duration.ofHours(1);

    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern TREE_ID = Pattern.compile("[0-9a-f]{40}");

    private final GitHubConfig config;
    private final GitHubCredentials credentials;
    /** Files' contents and directories' tree ids alike: both never change at a commit. */
    private final Cache<Key, Optional<String>> files;
    private final Meters meters;
    private volatile GitHubApi api;

    enum Kind {
        FILE,
        TREE
    }

    /**
     * A file's content or a directory's tree id at a commit; repository and commit in lower case, as
     * GitHub does not tell them apart by case.
     */
    record Key(Kind kind, String repository, String commit, String path) {
    }

    /** {@code meters} may be null (tests that build the beans by hand): nothing is counted then. */
    public GitHubSource(GitHubConfig config, GitHubCredentials credentials, Meters meters) {
        this.meters = meters;
        this.config = config;
        this.credentials = credentials;
        this.files = Caffeine.newBuilder()
                .maximumWeight(CACHE_WEIGHT)
                .weigher((Key key, Optional<String> content) -> ENTRY_WEIGHT + content.map(String::length).orElse(0))
                .expireAfterAccess(CACHE_IDLE)
                .build();
    }

    @Override
    public Optional<String> readFile(String repository, String commit, String path) {
        GitHubClient.Repo repo = repo(repository);
        requireCommit(commit);
        requirePath(path);
        Key key = new Key(Kind.FILE, repository.toLowerCase(Locale.ROOT), commit.toLowerCase(Locale.ROOT), path);
        // getIfPresent and put rather than get(key, loader): a load can wait seconds between tries, and
        // Caffeine's loader would hold a lock that other keys share while it does
        Optional<String> known = files.getIfPresent(key);
        if (known != null) {
            return known;
        }
        Optional<String> read = read(repo, repository, key.commit(), path);
        files.put(key, read);
        return read;
    }

    @Override
    public Optional<String> treeId(String repository, String commit, String path) {
        GitHubClient.Repo repo = repo(repository);
        requireCommit(commit);
        if (!ROOT.equals(path)) {
            requirePath(path);
        }
        Key key = new Key(Kind.TREE, repository.toLowerCase(Locale.ROOT), commit.toLowerCase(Locale.ROOT), path);
        Optional<String> known = files.getIfPresent(key); // not get(key, loader): see readFile
        if (known != null) {
            return known;
        }
        Optional<String> tree = walk(repo, repository, key.commit(), path);
        files.put(key, tree);
        return tree;
    }

    /** The commit's root tree, then the entry of type tree named by each segment of {@code path} in turn. */
    private Optional<String> walk(GitHubClient.Repo repo, String repository, String commit, String path) {
        GitHubApi.GitCommit seen = commit(repo, repository, commit, "the tree of " + path);
        String tree = treeId(seen.tree() == null ? null : seen.tree().sha(), repository, commit, ROOT);
        if (ROOT.equals(path)) {
            return Optional.of(tree);
        }
        String walked = "";
        for (String segment : path.split("/")) {
            String parent = tree;
            String listed = walked.isEmpty() ? ROOT : walked;
            GitHubApi.GitTree listing = withRetries("list " + listed + " of " + repository + " at " + commit,
                    () -> api().gitTree(authorization(), repo.owner(), repo.name(), parent));
            List<GitHubApi.TreeEntry> entries = listing.tree() == null ? List.of() : listing.tree();
            Optional<GitHubApi.TreeEntry> entry = entries.stream()
                    .filter(e -> segment.equals(e.path()) && "tree".equals(e.type())).findFirst();
            if (entry.isEmpty()) {
                if (listing.truncated()) {
                    throw new SourceUnavailable("GitHub listed " + listed + " of " + repository + " at " + commit
                            + " only in part (too many entries), without " + segment + ", so whether " + path
                            + " is a directory is unknown", Optional.empty(), null);
                }
                return Optional.empty(); // no such entry, or a file or submodule by that name
            }
            tree = entry.get().sha();
            walked = walked.isEmpty() ? segment : walked + "/" + segment;
        }
        return Optional.of(treeId(tree, repository, commit, path));
    }

    /** GitHub's answer, checked: what is kept for good must be a tree id, not whatever came back. */
    private static String treeId(String sha, String repository, String commit, String path) {
        String id = sha == null ? "" : sha.toLowerCase(Locale.ROOT);
        if (!TREE_ID.matcher(id).matches()) {
            throw new SourceUnavailable("GitHub answered '" + sha + "' as the tree of " + path + " of " + repository
                    + " at " + commit + ", not a tree id (40 hexadecimal characters)", Optional.empty(), null);
        }
        return id;
    }

    private static void requireCommit(String commit) {
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("'" + commit + "' is not a full commit SHA (40 hexadecimal characters)");
        }
    }

    private static void requirePath(String path) {
        if (!RepositoryPath.isValid(path)) {
            throw new IllegalArgumentException("'" + path + "' is not a path in a repository: "
                    + String.join("; ", RepositoryPath.problemsOf(path)));
        }
    }

    private Optional<String> read(GitHubClient.Repo repo, String repository, String commit, String path) {
        String what = "read " + path + " of " + repository + " at " + commit;
        Optional<byte[]> content = withRetries(what, () -> {
            try {
                return Optional.of(api().rawContent(authorization(), repo.owner(), repo.name(), encode(path), commit));
            } catch (RuntimeException e) {
                GitHubException answer = GitHubClient.find(e, GitHubException.class);
                if (answer != null && answer.status() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
        if (content.isEmpty()) {
            // tells "the commit has no such file" from "GitHub shows us no such commit"
            commit(repo, repository, commit, "whether it has " + path);
            return Optional.empty();
        }
        byte[] bytes = content.get();
        if (bytes.length > MAX_FILE_BYTES) {
            throw new FileTooLarge(repository, commit, path, bytes.length);
        }
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * The commit, as the Git database has it.
     *
     * @param unknown what cannot be said when GitHub shows no such commit, for the message
     * @throws SourceUnavailable when GitHub shows no such commit: a 404 may be credentials that cannot see it
     */
    private GitHubApi.GitCommit commit(GitHubClient.Repo repo, String repository, String commit, String unknown) {
        String what = "find commit " + commit + " of " + repository;
        return withRetries(what, () -> {
            try {
                return api().gitCommit(authorization(), repo.owner(), repo.name(), commit);
            } catch (RuntimeException e) {
                GitHubException answer = GitHubClient.find(e, GitHubException.class);
                if (answer != null && (answer.status() == 404 || answer.status() == 422)) {
                    throw new SourceUnavailable("GitHub shows no commit " + commit + " in " + repository
                            + ", so " + unknown + " is unknown: the repository or commit does not exist, or "
                            + (credentials.enabled() ? "the configured GitHub credentials cannot see it"
                                    : "it is private and no GitHub credentials are configured "
                                            + "(driftless.github.token or driftless.github.app.*)"),
                            Optional.empty(), e);
                }
                throw e;
            }
        });
    }

    /** The call, tried again while GitHub says the trouble passes and the wait is short. */
    private <T> T withRetries(String what, Supplier<T> call) {
        for (int attempt = 1;; attempt++) {
            Verdict verdict;
            try {
                return call.get();
            } catch (SourceUnavailable | FileTooLarge decided) {
                throw decided;
            } catch (RuntimeException e) {
                verdict = sort(what, e, attempt);
            }
            Optional<Duration> wait = verdict.waitHere();
            if (attempt >= ATTEMPTS || wait.isEmpty() || wait.get().compareTo(LONGEST_WAIT_HERE) > 0) {
                throw verdict.failure();
            }
            sleep(wait.get(), verdict.failure());
        }
    }

    /**
     * @param failure   what the caller is told if this was the last try
     * @param waitHere  how long to wait before trying again here; empty: no other try will do better now
     */
    private record Verdict(SourceUnavailable failure, Optional<Duration> waitHere) {
    }

    private Verdict sort(String what, RuntimeException e, int attempt) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
        GitHubException answer = GitHubClient.find(e, GitHubException.class);
        if (answer == null) {
            if (e instanceof ProcessingException || GitHubClient.find(e, ProcessingException.class) != null) {
                // no answer: refused connection, timeout, TLS trouble
                if (meters != null) {
                    meters.gitHubCall("unreachable");
                }
                return new Verdict(new SourceUnavailable("GitHub did not answer to " + what + " (" + config.apiUrl()
                        + "): " + GitHubClient.rootMessage(e), Optional.empty(), e), Optional.of(backoff));
            }
            throw e;
        }
        if (answer.status() == 401) {
            if (credentials.forget()) {
                return new Verdict(new SourceUnavailable("GitHub refused the installation token, fetched anew each try, to "
                        + what + ": " + answer.getMessage(), Optional.empty(), e), Optional.of(Duration.ZERO));
            }
            return new Verdict(new SourceUnavailable("GitHub refused the credentials to " + what + " ("
                    + answer.getMessage() + "): check driftless.github.token or driftless.github.app.*",
                    Optional.empty(), e), Optional.empty());
        }
        GitHubRetry.Decision decision = GitHubRetry.decide(answer, Instant.now());
        if (decision.retry()) {
            String anonymous = credentials.enabled() || (answer.status() != 403 && answer.status() != 429) ? ""
                    : " (without credentials GitHub allows 60 requests an hour: set driftless.github.token or "
                            + "driftless.github.app.* for more)";
            return new Verdict(new SourceUnavailable("GitHub answered " + what + " with " + answer.getMessage()
                    + anonymous + decision.delay().map(d -> "; it asks to wait " + d.toSeconds() + " s").orElse(""),
                    decision.delay(), e), Optional.of(decision.delay().orElse(backoff)));
        }
        String hint = answer.status() != 403 ? ""
                : credentials.enabled() ? " (the credentials may lack read access to the repository's contents)"
                        : " (no GitHub credentials are configured: driftless.github.token or driftless.github.app.*)";
        return new Verdict(new SourceUnavailable("GitHub refused to " + what + ": " + answer.getMessage() + hint,
                Optional.empty(), e), Optional.empty());
    }

    private static void sleep(Duration wait, SourceUnavailable failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /**
     * Each segment percent-encoded, the slashes between them kept: GitHub takes the path as URL path
     * segments. {@link URLEncoder} encodes for forms, so its '+' for a space is made "%20".
     */
    static String encode(String path) {
        return Stream.of(path.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    /** The Authorization header, or null (sent without one) when no credentials are configured. */
    private String authorization() {
        if (!credentials.enabled()) {
            return null;
        }
        return credentials.authorization(jwt -> api().accessToken(jwt, config.app().installationId().orElseThrow()),
                Instant.now());
    }

    private static GitHubClient.Repo repo(String repository) {
        try {
            return GitHubClient.Repo.of(repository);
        } catch (GitHubRefused notARepository) {
            throw new IllegalArgumentException(notARepository.getMessage());
        }
    }

    private GitHubApi api() {
        GitHubApi built = api;
        if (built == null) {
            synchronized (this) {
                if (api == null) {
                    api = GitHubClient.build(config, meters);
                }
                built = api;
            }
        }
        return built;
    }
}
