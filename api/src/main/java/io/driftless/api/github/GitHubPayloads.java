package io.driftless.api.github;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The parts of GitHub's webhook payloads Driftless reads. GitHub adds fields at will, so unknown ones
 * are ignored here (the application's own mapper refuses them for the API, on purpose).
 */
public final class GitHubPayloads {

    /** Its own mapper: the global one fails on unknown properties, which GitHub payloads are full of. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private GitHubPayloads() {
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("the payload does not read as " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Repository(@JsonProperty("full_name") String fullName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(String login) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Label(String name) {
    }

    /** One end of a pull request; {@code repo} is null when the fork was deleted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ref(String ref, String sha, Repository repo) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PullRequest(int number, String state, boolean draft, boolean merged, List<Label> labels, Ref head,
            Ref base) {

        public boolean hasLabel(String name) {
            return labels != null && labels.stream().anyMatch(l -> l.name() != null && l.name().equals(name));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PullRequestEvent(String action, int number, @JsonProperty("pull_request") PullRequest pullRequest,
            Label label, Repository repository, User sender) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PingEvent(String zen, @JsonProperty("hook_id") Long hookId, Repository repository) {
    }

    /** A branch or tag was deleted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeleteEvent(String ref, @JsonProperty("ref_type") String refType, Repository repository) {
    }

    /** What every event carries, enough to log what was ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AnyEvent(String action, Repository repository) {
    }
}
