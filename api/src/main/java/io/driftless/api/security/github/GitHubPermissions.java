package io.driftless.api.security.github;

import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftless.api.security.Caller;
import io.driftless.api.security.Role;

/**
 * What a GitHub user may do in Driftless, as read from GitHub: the repositories they can read (pull or triage)
 * and those they can write to (push, maintain or admin), or everything when they are a Driftless admin. Pure.
 */
public record GitHubPermissions(String login, Set<String> readable, Set<String> writable, boolean admin) {

    public GitHubPermissions {
        readable = Set.copyOf(readable);
        writable = Set.copyOf(writable);
    }

    public static GitHubPermissions admin(String login) {
        return new GitHubPermissions(login, Set.of(), Set.of(), true);
    }

    /**
     * The caller the pages see: an admin sees and does everything; anyone else is a reviewer who sees what they
     * can read, acts on what they can write to, and gets 404 for the rest, as GitHub answers for a private
     * repository one cannot read.
     */
    public Caller caller() {
        String name = "github:" + login;
        if (admin) {
            return new Caller(name, Role.admin, Set.of(Caller.ALL));
        }
        return new Caller(name, Role.reviewer, readable, writable, true);
    }

    /** The repositories of pages of {@code GET /user/repos}, by their {@code permissions}. */
    public static GitHubPermissions of(String login, Iterable<JsonNode> pages) {
        SortedSet<String> readable = new TreeSet<>();
        SortedSet<String> writable = new TreeSet<>();
        for (JsonNode page : pages) {
            for (JsonNode repository : page) {
                String name = repository.path("full_name").asText("").toLowerCase(Locale.ROOT);
                JsonNode p = repository.path("permissions");
                boolean write = p.path("push").asBoolean() || p.path("maintain").asBoolean()
                        || p.path("admin").asBoolean();
                if (name.isEmpty() || !(write || p.path("pull").asBoolean() || p.path("triage").asBoolean())) {
                    continue;
                }
                readable.add(name);
                if (write) {
                    writable.add(name);
                }
            }
        }
        return new GitHubPermissions(login, readable, writable, false);
    }
}
