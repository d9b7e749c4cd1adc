package io.driftless.api.service;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.service.Views.Page;

/** Reads the audit trail across environments and repositories, newest first. */
@ApplicationScoped
public class AuditQuery {

    /**
     * One event: about an environment (its repository and branch named), a repository, or Driftless as a
     * whole (both null). {@code before} and {@code after} are JSON for changes, else null.
     */
    public record AuditView(long id, Instant at, String actor, String kind, String repository, UUID environmentId,
            String branch, String detail, String before, String after) {
    }

    /** Every action the trail records. */
    public static final Set<String> KINDS = kinds();

    private final EntityManager em;

    public AuditQuery(EntityManager em) {
        this.em = em;
    }

    /** @param kind one of {@link #KINDS}, or null for all */
    @Transactional
    public Page<AuditView> list(String kind, String repository, String actor, int page, int size) {
        String action = kind == null ? null : kind.toUpperCase(Locale.ROOT);
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (action != null) {
            where.append(" and a.action = :action");
        }
        if (repository != null) {
            where.append(" and (lower(a.repository) = :repository or lower(e.repository) = :repository)");
        }
        if (actor != null) {
            where.append(" and a.actor = :actor");
        }
        String from = " from audit_event a left join environment e on e.id = a.environment_id";
        var count = em.createNativeQuery("select count(*)" + from + where);
        var select = em.createNativeQuery("""
                select a.id, a.at, a.actor, a.action, coalesce(e.repository, a.repository), a.environment_id,
                       e.branch, a.detail, a.before_value, a.after_value""" + from + where
                + " order by a.id desc limit :limit offset :offset");
        for (var q : List.of(count, select)) {
            if (action != null) {
                q.setParameter("action", action);
            }
            if (repository != null) {
                q.setParameter("repository", repository.toLowerCase(Locale.ROOT));
            }
            if (actor != null) {
                q.setParameter("actor", actor);
            }
        }
        select.setParameter("limit", size).setParameter("offset", (long) page * size);
        long total = ((Number) count.getSingleResult()).longValue();
        List<AuditView> items = new ArrayList<>();
        for (Object o : select.getResultList()) {
            Object[] r = (Object[]) o;
            items.add(new AuditView(((Number) r[0]).longValue(), toInstant(r[1]), (String) r[2], (String) r[3],
                    (String) r[4], (UUID) r[5], (String) r[6], (String) r[7], (String) r[8], (String) r[9]));
        }
        return new Page<>(items, page, size, total);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    private static Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        for (Field f : AuditLog.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    kinds.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return java.util.Collections.unmodifiableSet(kinds);
    }
}
