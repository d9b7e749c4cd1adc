package io.driftless.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.driftless.api.service.NotFoundProblem;

/** Issues, lists, revokes and checks API tokens. */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    /** The bootstrap admin token's caller name. */
    public static final String BOOTSTRAP_ADMIN = "token:bootstrap-admin";
    /** last_used_at is written at most this often per token, so reading the API does not write per call. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final EntityManager em;
    private final AuthConfig config;

    public TokenService(EntityManager em, AuthConfig config) {
        this.em = em;
        this.config = config;
    }

    /** A token as listed: never its secret. */
    public record TokenView(UUID id, String name, Role role, Set<String> repositories, Instant createdAt,
            String createdBy, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, boolean usable) {
    }

    /** A new token: the only time its secret is shown. */
    public record Issued(TokenView token, String secret) {
    }

    @Transactional
    public Issued issue(String name, Role role, Collection<String> repositories, Optional<Instant> expiresAt,
            String actor) {
        Instant now = Instant.now();
        ApiToken token = new ApiToken();
        token.id = UUID.randomUUID();
        token.name = name.trim();
        token.role = role;
        Set<String> scope = Caller.scope(repositories);
        token.repositories = String.join("\n", scope);
        String secret = Secrets.newTokenSecret();
        token.secretHash = Secrets.sha256Hex(secret);
        token.createdAt = now;
        token.createdBy = actor;
        token.expiresAt = expiresAt.orElse(now.plus(config.tokenLifetime()));
        em.persist(token);
        LOG.infof("%s issued the %s token '%s' (%s) for %s, expiring %s", actor, role, token.name, token.id,
                scope, token.expiresAt);
        return new Issued(view(token, now), secret);
    }

    @Transactional
    public List<TokenView> list() {
        Instant now = Instant.now();
        return em.createQuery("from ApiToken order by createdAt desc", ApiToken.class).getResultList().stream()
                .map(t -> view(t, now)).toList();
    }

    @Transactional
    public TokenView revoke(UUID id, String actor) {
        ApiToken token = Optional.ofNullable(em.find(ApiToken.class, id))
                .orElseThrow(() -> new NotFoundProblem("No token has the id " + id + "."));
        if (token.revokedAt == null) {
            token.revokedAt = Instant.now();
            LOG.infof("%s revoked the token '%s' (%s)", actor, token.name, token.id);
        }
        return view(token, Instant.now());
    }

    /** The caller a secret stands for, if it is a known, unexpired, unrevoked token. */
    @Transactional
    public Optional<Caller> authenticate(String secret) {
        Optional<String> bootstrap = config.adminToken().filter(t -> !t.isBlank());
        if (bootstrap.isPresent() && Secrets.same(bootstrap.get(), secret)) {
            return Optional.of(new Caller(BOOTSTRAP_ADMIN, Role.admin, Set.of(Caller.ALL)));
        }
        if (!secret.startsWith(Secrets.TOKEN_PREFIX)) {
            return Optional.empty();
        }
        // the lookup is by hash: the secret itself never reaches the database
        List<ApiToken> found = em.createQuery("from ApiToken where secretHash = :hash", ApiToken.class)
                .setParameter("hash", Secrets.sha256Hex(secret))
                .getResultList();
        Instant now = Instant.now();
        if (found.isEmpty() || !found.get(0).usableAt(now)) {
            return Optional.empty();
        }
        ApiToken token = found.get(0);
        if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
            token.lastUsedAt = now;
        }
        return Optional.of(new Caller("token:" + token.name, token.role, token.repositorySet()));
    }

    private static TokenView view(ApiToken t, Instant now) {
        return new TokenView(t.id, t.name, t.role, t.repositorySet(), t.createdAt, t.createdBy, t.expiresAt,
                t.revokedAt, t.lastUsedAt, t.usableAt(now));
    }
}
