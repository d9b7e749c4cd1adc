package io.driftless.api.security.github;

/**
 * GitHub could not be asked what a signed-in user may do (it is down, answered with an error, or its rate limit
 * is used up) and no answer of theirs is cached any more: the pages answer 503 with this message rather than
 * let anyone in on a guess.
 */
public class GitHubUnavailable extends RuntimeException {

    /**
     * The identity attribute that carries the message to the pages: such a user keeps their session (they are
     * let in as soon as GitHub answers) but sees nothing, and every page answers 503 with the message.
     */
    public static final String ATTRIBUTE = "driftless.github.unavailable";

    public GitHubUnavailable(String message) {
        super(message, null, false, false);
    }
}
