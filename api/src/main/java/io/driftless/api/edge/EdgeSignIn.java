package io.driftless.api.edge;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.security.Caller;
import io.driftless.api.security.Role;

/**
 * Carries a Driftless sign-in to a preview host, whose cookies Driftless's own host cannot set: the
 * signed-in browser gets a short-lived, single-use token bound to the preview host and is sent to
 * {@code /_driftless/callback} on that host, which trades the token for a cookie of that host only.
 */
@ApplicationScoped
public class EdgeSignIn {

    /** The preview host's cookie: a signed {@link EdgeCredential}, never the Driftless session itself. */
    public static final String COOKIE = "driftless_preview";
    /** The path every protected preview Ingress routes to Driftless. */
    public static final String CALLBACK_PATH = "/_driftless/callback";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EdgeSigner signer;
    private final PreviewHosts hosts;
    private final InstantSource clock;
    private final EdgeConfig config;
    private final EntityManager em;

    public EdgeSignIn(EdgeSigner signer, PreviewHosts hosts, InstantSource clock, EdgeConfig config, EntityManager em) {
        this.signer = signer;
        this.hosts = hosts;
        this.clock = clock;
        this.config = config;
        this.em = em;
    }

    /** Why a sign-in or a trade was refused, said to the person on a page. */
    public static class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * The callback URL that signs {@code caller} in to the preview host of {@code rd}.
     *
     * @throws Refused 400 when {@code rd} is no preview URL (no open redirect), 403 when the caller may not
     *                 open that repository's previews (a sign-in that would be refused again would loop)
     */
    @Transactional
    public String start(Caller caller, String rd) {
        String host = PreviewHosts.hostOf(rd)
                .orElseThrow(() -> new Refused(400, "The address to return to is not an http(s) URL."));
        String label = hosts.label(host).orElseThrow(() -> new Refused(400, "The address to return to, " + host
                + ", is not a preview host of this Driftless: sign-in only leads back to previews."));
        String repository = repositoryOf(label).orElseThrow(
                () -> new Refused(404, "No live preview has the host " + host + "."));
        boolean person = caller.role() == Role.reviewer || caller.role() == Role.admin;
        if (!person || !caller.covers(repository)) {
            throw new Refused(403, "You are signed in to Driftless as " + caller.name() + " (" + caller.role()
                    + "), who may not open the previews of " + repository + ": that takes a reviewer or an admin of it.");
        }
        String subject = caller.name().startsWith("user:") ? "u:" + userWithStamp(caller.name().substring(5))
                : "c:" + caller.role().name();
        if (subject.contains("|")) {
            throw new Refused(400, "The user name " + caller.name() + " cannot be carried to a preview host.");
        }
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        SignInToken token = new SignInToken(HexFormat.of().formatHex(nonce), subject, host,
                clock.instant().plus(config.signInTokenLifetime()));
        return hosts.scheme() + "://" + host + CALLBACK_PATH + "?token=" + encode(token.sign(signer)) + "&rd="
                + encode(rd);
    }

    /**
     * {@code <user name>#<session stamp>}: the preview cookie ends with the user's Driftless sessions (a password
     * reset, disabling), as {@link EdgeCheck} compares the stamp on each look-up.
     */
    private String userWithStamp(String username) {
        List<String> stamp = em.createQuery("select u.sessionStamp from AppUser u where u.username = :username",
                String.class).setParameter("username", username).getResultList();
        if (stamp.isEmpty()) {
            throw new Refused(403, "The user " + username + " no longer exists.");
        }
        return username + "#" + stamp.get(0);
    }

    /**
     * Trades a token for the cookie value of {@code requestHost}.
     *
     * @throws Refused 400 for a forged, expired, replayed or other-host token, or an {@code rd} off this host
     */
    @Transactional
    public Trade trade(String token, String rd, String requestHost) {
        SignInToken t = SignInToken.read(signer, token)
                .orElseThrow(() -> new Refused(400, "This sign-in link is not one Driftless made."));
        Instant now = clock.instant();
        if (!t.expiresAt().isAfter(now)) {
            throw new Refused(400, "This sign-in link has expired: they last " + config.signInTokenLifetime().toSeconds()
                    + " s. Open the preview again to sign in anew.");
        }
        if (!t.host().equals(requestHost)) {
            throw new Refused(400, "This sign-in link was made for " + t.host() + ", not " + requestHost + ".");
        }
        String back = sameHostPath(rd, requestHost);
        em.createNativeQuery("delete from edge_token_used where expires_at < :now").setParameter("now", now)
                .executeUpdate();
        int fresh = em.createNativeQuery("""
                insert into edge_token_used (nonce, expires_at) values (:nonce, :expires) on conflict do nothing""")
                .setParameter("nonce", t.nonce()).setParameter("expires", t.expiresAt()).executeUpdate();
        if (fresh == 0) {
            throw new Refused(400, "This sign-in link was used already: each is good once. Open the preview again.");
        }
        Instant expires = now.plus(config.loginCookieLifetime());
        return new Trade(new EdgeCredential(t.subject(), requestHost, expires).sign(signer), expires, back);
    }

    /** A cookie value to set, until when, and where to send the browser next (a path on the same host). */
    public record Trade(String cookie, Instant expiresAt, String location) {
    }

    /** A share link's credential for the preview host, when the secret is a usable link of its environment. */
    public Optional<Trade> share(ShareLinks.LinkView link, String requestHost) {
        return Optional.of(new Trade(new EdgeCredential("l:" + link.id(), requestHost, link.expiresAt()).sign(signer),
                link.expiresAt(), "/"));
    }

    /**
     * {@code rd} as a path on {@code host}: an absolute URL must name that host (no open redirect), a relative
     * one must be a path (not {@code //elsewhere}); nothing given leads to {@code /}.
     */
    static String sameHostPath(String rd, String host) {
        if (rd == null || rd.isBlank()) {
            return "/";
        }
        URI uri;
        try {
            uri = new URI(rd.trim());
        } catch (java.net.URISyntaxException e) {
            throw new Refused(400, "The address to return to does not read as a URL.");
        }
        if (uri.getScheme() != null || uri.getRawAuthority() != null) {
            if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(host)) {
                throw new Refused(400, "The address to return to is not on " + host + ": sign-in only returns "
                        + "to the preview it was made for.");
            }
        } else if (!rd.startsWith("/") || rd.startsWith("//") || rd.startsWith("/\\")) {
            throw new Refused(400, "The address to return to must be a path on " + host + ".");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    public boolean secureCookies() {
        return hosts.secure();
    }

    @SuppressWarnings("unchecked")
    private Optional<String> repositoryOf(String label) {
        List<String> rows = em.createNativeQuery("""
                select e.repository from environment e where e.status <> 'TORN_DOWN'
                and (e.slug = :label or e.id in (select r.environment_id from revision r where r.name = :label))
                limit 1""").setParameter("label", label).getResultList();
        return rows.stream().findFirst();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
