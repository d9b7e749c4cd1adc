package io.driftless.worker.github;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * GitHub answered with a status of 400 or more. Carries what deciding on a retry needs: the status,
 * the rate-limit headers and GitHub's message.
 */
public class GitHubException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final transient Optional<String> retryAfter;
    private final transient Optional<String> rateLimitRemaining;
    private final transient Optional<String> rateLimitReset;
    private final String gitHubMessage;

    public GitHubException(int status, Optional<String> retryAfter, Optional<String> rateLimitRemaining,
            Optional<String> rateLimitReset, String gitHubMessage) {
        super("HTTP " + status + (gitHubMessage.isEmpty() ? "" : ": " + gitHubMessage));
        this.status = status;
        this.retryAfter = retryAfter;
        this.rateLimitRemaining = rateLimitRemaining;
        this.rateLimitReset = rateLimitReset;
        this.gitHubMessage = gitHubMessage;
    }

    public int status() {
        return status;
    }

    public Optional<String> retryAfter() {
        return retryAfter;
    }

    public Optional<String> rateLimitRemaining() {
        return rateLimitRemaining;
    }

    public Optional<String> rateLimitReset() {
        return rateLimitReset;
    }

    /** GitHub's own words ({@code message}, and the {@code errors} of a 422), or the start of the body. */
    public String gitHubMessage() {
        return gitHubMessage;
    }

    /** GitHub's error body, read for its message; anything unreadable is quoted as it came. */
    static String messageOf(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = JSON.readTree(body);
            StringBuilder message = new StringBuilder(json.path("message").asText(""));
            for (JsonNode error : json.path("errors")) {
                String text = error.isTextual() ? error.asText()
                        : error.path("message").asText(error.path("code").asText(error.toString()));
                message.append(message.isEmpty() ? "" : "; ").append(text);
            }
            if (!message.isEmpty()) {
                return message.toString();
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // quoted below
        }
        String trimmed = body.strip();
        return trimmed.length() > 300 ? trimmed.substring(0, 300) + "…" : trimmed;
    }

    /** Turns every answer of 400 or more into a {@link GitHubException}. */
    public static class Mapper implements ResponseExceptionMapper<GitHubException> {

        @Override
        public GitHubException toThrowable(Response response) {
            String body = "";
            try {
                if (response.hasEntity()) {
                    body = response.readEntity(String.class);
                }
            } catch (RuntimeException unreadable) {
                body = "";
            }
            return new GitHubException(response.getStatus(), header(response, "Retry-After"),
                    header(response, "X-RateLimit-Remaining"), header(response, "X-RateLimit-Reset"),
                    messageOf(body));
        }

        @Override
        public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
            return status >= 400;
        }

        private static Optional<String> header(Response response, String name) {
            return Optional.ofNullable(response.getHeaderString(name)).map(String::strip).filter(s -> !s.isEmpty());
        }
    }
}
