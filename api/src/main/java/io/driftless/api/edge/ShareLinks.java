package io.driftless.api.edge;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.naming.Urls;
import io.driftless.api.policy.PolicyDuration;
import io.driftless.api.security.Secrets;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.NotFoundProblem;

/**
 * Share links of a preview: made by a reviewer or admin, shown once (only a hash of the secret is kept),
 * listed, revoked; each made and revoked link is in the audit trail with who did it. The link opens the
 * environment's stable URL through {@code /_driftless/share}, which trades the secret for a cookie of that
 * host and sends the browser on without the secret in its address bar.
 */
@ApplicationScoped
public class ShareLinks {

    /** Where a share link's secret is traded for a cookie, on the preview host itself. */
    public static final String SHARE_PATH = "/_driftless/share";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Urls urls;

    public ShareLinks(EntityManager em, AuditLog audit, InstantSource clock, Urls urls) {
        this.em = em;
        this.audit = audit;
        this.clock = clock;
        this.urls = urls;
    }

    /** A link as listed: never its secret. */
    public record LinkView(UUID id, UUID environmentId, String createdBy, Instant createdAt, Instant expiresAt,
            Instant revokedAt, String revokedBy, boolean usable) {
    }

    /** A new link: the only time its URL (holding the secret) is shown. */
    public record Created(LinkView link, String url) {
    }

    /** The repository of a live environment, for the caller's scope check. */
    @Transactional
    public String repositoryOf(UUID environmentId) {
        return environment(environmentId).repository;
    }

    @Transactional
    public Created create(UUID environmentId, Duration lifetime, String actor) {
        Environment e = environment(environmentId);
        if (e.status == EnvironmentStatus.TORN_DOWN) {
            throw new NotFoundProblem("The environment " + environmentId + " is torn down: it has no preview to share.");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        em.createNativeQuery("""
                insert into share_link (id, environment_id, secret_hash, created_by, created_at, expires_at)
                values (:id, :environment, :hash, :by, :at, :expires)""")
                .setParameter("id", id).setParameter("environment", environmentId)
                .setParameter("hash", Secrets.sha256Hex(secret)).setParameter("by", actor)
                .setParameter("at", now).setParameter("expires", expires).executeUpdate();
        audit.record(environmentId, null, actor, AuditLog.SHARE_LINK_CREATED, "share link " + id + " made, valid for "
                + PolicyDuration.format(lifetime) + " (until " + expires + ")");
        String url = urls.url(e.slug).replaceAll("/$", "") + SHARE_PATH + "?key=" + secret;
        return new Created(new LinkView(id, environmentId, actor, now, expires, null, null, true), url);
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<LinkView> list(UUID environmentId) {
        environment(environmentId);
        Instant now = clock.instant();
        List<Object[]> rows = em.createNativeQuery("""
                select id, environment_id, created_by, created_at, expires_at, revoked_at, revoked_by from share_link
                where environment_id = :environment order by created_at desc""")
                .setParameter("environment", environmentId).getResultList();
        return rows.stream().map(r -> view(r, now)).toList();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public LinkView revoke(UUID environmentId, UUID linkId, String actor) {
        environment(environmentId);
        Instant now = clock.instant();
        int changed = em.createNativeQuery("""
                update share_link set revoked_at = :at, revoked_by = :by
                where id = :id and environment_id = :environment and revoked_at is null""")
                .setParameter("at", now).setParameter("by", actor).setParameter("id", linkId)
                .setParameter("environment", environmentId).executeUpdate();
        List<Object[]> rows = em.createNativeQuery("""
                select id, environment_id, created_by, created_at, expires_at, revoked_at, revoked_by from share_link
                where id = :id and environment_id = :environment""")
                .setParameter("id", linkId).setParameter("environment", environmentId).getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundProblem("The environment " + environmentId + " has no share link " + linkId + ".");
        }
        if (changed == 1) {
            audit.record(environmentId, null, actor, AuditLog.SHARE_LINK_REVOKED, "share link " + linkId + " revoked");
        }
        return view(rows.get(0), now);
    }

    /** A usable link of the live environment whose alias is {@code slug}, by its secret. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<LinkView> usable(String slug, String secret) {
        Instant now = clock.instant();
        List<Object[]> rows = em.createNativeQuery("""
                select s.id, s.environment_id, s.created_by, s.created_at, s.expires_at, s.revoked_at, s.revoked_by
                from share_link s join environment e on e.id = s.environment_id
                where s.secret_hash = :hash and e.slug = :slug and e.status <> 'TORN_DOWN'""")
                .setParameter("hash", Secrets.sha256Hex(secret)).setParameter("slug", slug).getResultList();
        return rows.stream().map(r -> view(r, now)).filter(LinkView::usable).findFirst();
    }

    private Environment environment(UUID id) {
        Environment e = em.find(Environment.class, id);
        if (e == null) {
            throw new NotFoundProblem("No environment has the id " + id + ".");
        }
        return e;
    }

    private static LinkView view(Object[] r, Instant now) {
        Instant expires = time(r[4]);
        Instant revoked = time(r[5]);
        return new LinkView((UUID) r[0], (UUID) r[1], (String) r[2], time(r[3]), expires, revoked, (String) r[6],
                revoked == null && expires.isAfter(now));
    }

    private static Instant time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
