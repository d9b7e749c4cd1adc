package io.driftless.api.security.github;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.config.GitHubConfig;
import io.driftless.api.security.AuthConfig;

/**
 * Reads a signed-in user's permissions from GitHub's REST API with their own token: their repositories with
 * {@code GET /user/repos} (100 a page, following {@code Link: rel="next"}) and, when configured, their
 * membership of the admin team. Two or so calls per user and TTL, whatever the number of environments.
 *
 * <p>
 * Hand-written on the JDK's client: the worker's GitHub client calls as the GitHub App and lives in the worker
 * module, which the api module does not depend on; these are two read-only GET requests.
 *
 * <p>
 * GitHub's rate limit applies to each user's token: an answer that says it is used up
 * ({@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset}, or {@code Retry-After} on a 403 or 429)
 * stops every call for that user until then.
 */
@ApplicationScoped
public class GitHubUserApi {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final HttpClient http;
    private final String api;
    private final Duration readTimeout;
    private final ObjectMapper json;
    private final InstantSource clock;
    private final AuthConfig.Github config;
    private final Map<String, Instant> limitedUntil = new ConcurrentHashMap<>();

    public GitHubUserApi(GitHubConfig github, AuthConfig auth, ObjectMapper json, InstantSource clock) {
        this.http = HttpClient.newBuilder().connectTimeout(github.connectTimeout()).build();
        this.api = github.apiUrl().replaceAll("/+$", "");
        this.readTimeout = github.readTimeout();
        this.json = json;
        this.clock = clock;
        this.config = auth.github();
    }

    /** What the user may do: admin when listed or in the admin team, else their repositories' permissions. */
    public GitHubPermissions permissions(String login, String token) {
        String lower = login.toLowerCase(Locale.ROOT);
        boolean listed = config.adminLogins().orElse(List.of()).stream()
                .anyMatch(l -> l.strip().toLowerCase(Locale.ROOT).equals(lower));
        if (listed || config.adminTeam().map(team -> member(login, token, team)).orElse(false)) {
            return GitHubPermissions.admin(login);
        }
        List<JsonNode> pages = new ArrayList<>();
        Optional<String> next = Optional.of(api + "/user/repos?per_page=100");
        while (next.isPresent()) {
            HttpResponse<String> page = get(login, token, next.get());
            if (page.statusCode() != 200) {
                throw new GitHubUnavailable("GitHub answered " + page.statusCode()
                        + " when asked which repositories " + login + " can read; try again later.");
            }
            pages.add(read(page.body()));
            next = page.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1));
        }
        return GitHubPermissions.of(login, pages);
    }

    /** Whether the user is an active member of {@code org/team-slug} (404: not a member, or not visible). */
    private boolean member(String login, String token, String team) {
        String[] orgAndSlug = team.strip().split("/", 2);
        if (orgAndSlug.length != 2) {
            throw new IllegalStateException("driftless.auth.github.admin-team is org/team-slug, not " + team);
        }
        HttpResponse<String> answer = get(login, token, api + "/orgs/" + encode(orgAndSlug[0]) + "/teams/"
                + encode(orgAndSlug[1]) + "/memberships/" + encode(login));
        if (answer.statusCode() == 404) {
            return false;
        }
        if (answer.statusCode() != 200) {
            throw new GitHubUnavailable("GitHub answered " + answer.statusCode() + " when asked whether " + login
                    + " is in " + team + "; try again later.");
        }
        return "active".equals(read(answer.body()).path("state").asText());
    }

    private HttpResponse<String> get(String login, String token, String url) {
        Instant until = limitedUntil.get(login);
        if (until != null && clock.instant().isBefore(until)) {
            throw rateLimited(login, until);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28").GET().build();
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GitHubUnavailable("GitHub could not be reached (" + e.getMessage() + "); try again later.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubUnavailable("Interrupted while asking GitHub; try again.");
        }
        Optional<Instant> limit = RateLimit.until(answer.statusCode(), answer.headers(), clock.instant());
        if (limit.isPresent()) {
            limitedUntil.put(login, limit.get());
            if (answer.statusCode() == 403 || answer.statusCode() == 429) {
                throw rateLimited(login, limit.get());
            }
        }
        if (answer.statusCode() >= 500) {
            throw new GitHubUnavailable("GitHub is unavailable (it answered " + answer.statusCode()
                    + "); try again later.");
        }
        return answer;
    }

    private static GitHubUnavailable rateLimited(String login, Instant until) {
        return new GitHubUnavailable("GitHub's rate limit for " + login + " is used up until " + until
                + "; try again then.");
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new GitHubUnavailable("GitHub answered with something other than JSON; try again later.");
        }
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
