package io.driftless.api.edge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.policy.PreviewAccess;
import io.driftless.api.security.Caller;
import io.driftless.api.security.Role;

/**
 * Decides whether a request to a preview URL may pass, for the ingress controller's external auth
 * ({@code GET /edge/check}). It runs on every request to a preview, so a decision is kept for
 * {@code driftless.edge.cache-ttl} per (host, cookie), and {@link #cached} answers nearly every request
 * without blocking (on the event loop, no worker thread). A miss costs one SQL statement: the
 * environment of the host, both policy documents and the credential's subject are read together, over
 * plain JDBC (no persistence context to build for one row).
 *
 * <p>Who passes, by the effective {@code access}: {@code public} anyone; {@code login} a reviewer or admin
 * whose scope covers the repository, signed in to that host; {@code link} the holder of an unexpired,
 * unrevoked share link of that environment, or anyone {@code login} admits (they could make a link
 * anyway). A host that is no live preview never passes.
 */
@ApplicationScoped
public class EdgeCheck {

    /** The answer, and why (for logs and tests; the ingress controller sees only the status). */
    public record Decision(boolean allowed, String reason) {
    }

    private record Key(String host, String cookie) {
    }

    private final DataSource database;
    private final EdgeSigner signer;
    private final PreviewHosts hosts;
    private final InstantSource clock;
    private final Cache<Key, Decision> cache;
    private final ActivityClock activity;

    public EdgeCheck(DataSource database, EdgeSigner signer, PreviewHosts hosts, InstantSource clock,
            EdgeConfig config, ActivityClock activity) {
        this.activity = activity;
        this.database = database;
        this.signer = signer;
        this.hosts = hosts;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).maximumSize(config.cacheSize()).build();
    }

    /**
     * @param originalUrl the preview URL asked for ({@code X-Original-URL})
     * @param cookie      the preview host's cookie, if any
     */
    public Decision check(String originalUrl, String cookie) {
        Optional<String> host = PreviewHosts.hostOf(originalUrl);
        if (host.isEmpty()) {
            return new Decision(false, "no preview URL in X-Original-URL");
        }
        Decision decision = cache.get(new Key(host.get(), cookie == null ? "" : cookie), this::decide);
        if (decision.allowed()) {
            activity.seen(host.get()); // the activity clock that sleepAfter and idleExpiry count from
        }
        return decision;
    }

    /**
     * The decision for a request that needs no blocking work: one cached for this (host, cookie), when the
     * activity clock need not be written for it either. Empty means "call {@link #check}" on a thread that
     * may block.
     */
    public Optional<Decision> cached(String originalUrl, String cookie) {
        Optional<String> host = PreviewHosts.hostOf(originalUrl);
        if (host.isEmpty()) {
            return Optional.of(new Decision(false, "no preview URL in X-Original-URL"));
        }
        Decision decision = cache.getIfPresent(new Key(host.get(), cookie == null ? "" : cookie));
        if (decision == null || decision.allowed() && !activity.recentlySeen(host.get())) {
            return Optional.empty();
        }
        return Optional.of(decision);
    }

    /** Forgets every decision, as if the TTL had passed (tests, and an admin's change of access in this process). */
    public void forget() {
        cache.invalidateAll();
    }

    private Decision decide(Key key) {
        Optional<String> label = hosts.label(key.host());
        if (label.isEmpty()) {
            return new Decision(false, "not a preview host");
        }
        Instant now = clock.instant();
        Optional<EdgeCredential> credential = EdgeCredential.read(signer, key.cookie())
                .filter(c -> c.host().equals(key.host()) && c.expiresAt().isAfter(now))
                .filter(EdgeCheck::wellFormed);
        Optional<Row> row = lookup(label.get(), credential, now);
        if (row.isEmpty()) {
            return new Decision(false, "no live environment has the host " + key.host());
        }
        Row r = row.get();
        PreviewAccess access = access(r);
        return switch (access) {
            case PUBLIC -> new Decision(true, "public");
            case LOGIN -> person(r, credential) ? new Decision(true, "signed in")
                    : new Decision(false, "login: no reviewer or admin of " + r.repository() + " signed in");
            case LINK -> r.subject() != null && credential.map(EdgeCredential::kind).orElse(' ') == 'l'
                    ? new Decision(true, "share link")
                    : person(r, credential) ? new Decision(true, "signed in")
                            : new Decision(false, "link: no valid share link of this environment");
        };
    }

    private static PreviewAccess access(Row r) {
        PreviewAccess own = r.repositoryPolicy() == null ? null
                : PolicyDocument.fromJson(r.repositoryPolicy(), false).access();
        if (own != null) {
            return own;
        }
        PreviewAccess global = r.globalPolicy() == null ? null : PolicyDocument.fromJson(r.globalPolicy(), true).access();
        return global != null ? global : PreviewAccess.PUBLIC;
    }

    /** Whether the credential is a reviewer or admin covering the repository, as the database says now. */
    private static boolean person(Row r, Optional<EdgeCredential> credential) {
        if (credential.isEmpty() || r.subject() == null) {
            return false;
        }
        EdgeCredential c = credential.get();
        return switch (c.kind()) {
            case 'c' -> reviewerOrAdmin(r.subject());
            // a user and a token alike: a role and the repositories it covers, as the database says now
            case 'u', 't' -> {
                String[] roleAndScope = r.subject().split("\n", 2);
                Caller caller = new Caller("edge", Role.parse(roleAndScope[0]).orElse(Role.bot),
                        Arrays.asList(roleAndScope.length > 1 ? roleAndScope[1].split("\n") : new String[0])
                                .stream().collect(java.util.stream.Collectors.toSet()));
                yield reviewerOrAdmin(roleAndScope[0]) && caller.covers(r.repository());
            }
            default -> false;
        };
    }

    private static boolean reviewerOrAdmin(String role) {
        return Role.parse(role).map(x -> x == Role.reviewer || x == Role.admin).orElse(false);
    }

    private static boolean wellFormed(EdgeCredential c) {
        if (c.subject().length() < 3 || c.subject().charAt(1) != ':') {
            return false;
        }
        if (c.kind() == 't' || c.kind() == 'l') {
            try {
                UUID.fromString(c.id());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return "utlc".indexOf(c.kind()) >= 0;
    }

    /**
     * @param subject what the database says of the credential's subject: a user's role, a token's role and
     *                scope (lines), {@code ok} for a usable share link of this environment, the role of a
     *                caller without record; null when it is no longer usable or there is no credential
     */
    private record Row(String repository, String globalPolicy, String repositoryPolicy, String subject) {
    }

    private Optional<Row> lookup(String label, Optional<EdgeCredential> credential, Instant now) {
        char kind = credential.map(EdgeCredential::kind).orElse(' ');
        String subject = switch (kind) {
            case 'u' -> "(select role || chr(10) || repositories from app_user where username = ? and session_stamp = ?"
                    + " and disabled_at is null)";
            case 't' -> "(select role || chr(10) || repositories from api_token where id = ? and revoked_at is null"
                    + " and expires_at > ?)";
            case 'l' -> "(select 'ok' from share_link s where s.id = ? and s.environment_id = e.id"
                    + " and s.revoked_at is null and s.expires_at > ?)";
            case 'c' -> "cast(? as text)";
            default -> "cast(null as text)";
        };
        String sql = "select e.repository, (select document from policy where scope = '" + PolicyService.GLOBAL + "'),"
                + " (select document from policy where scope = lower(e.repository)), " + subject
                + " from environment e where e.status <> 'TORN_DOWN'"
                + " and (e.slug = ? or e.id in (select r.environment_id from revision r where r.name = ?)) limit 1";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            switch (kind) {
                case 'u' -> {
                    // <user name>#<session stamp>: a reset or disabling ends the preview cookie as well
                    String id = credential.get().id();
                    int separator = id.lastIndexOf('#');
                    statement.setString(i++, separator < 0 ? id : id.substring(0, separator));
                    statement.setString(i++, separator < 0 ? "" : id.substring(separator + 1));
                }
                case 'c' -> statement.setString(i++, credential.get().id());
                case 't', 'l' -> {
                    statement.setObject(i++, UUID.fromString(credential.get().id()));
                    statement.setTimestamp(i++, Timestamp.from(now));
                }
                default -> {
                }
            }
            statement.setString(i++, label);
            statement.setString(i, label);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2), rs.getString(3),
                        rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the edge check could not read the database: " + e.getMessage(), e);
        }
    }
}
