package io.driftless.api.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RevisionRepository implements PanacheRepositoryBase<Revision, UUID> {

    public Optional<Revision> findBySpec(Environment environment, String specHash) {
        return find("environment = ?1 and specHash = ?2", environment, specHash).firstResultOptional();
    }

    /** Newest first. */
    public List<Revision> listByEnvironment(UUID environmentId) {
        return list("environment.id = ?1 order by number desc", environmentId);
    }

    public Optional<UUID> environmentIdOf(UUID revisionId) {
        return columnOf("r.environment.id", UUID.class, revisionId);
    }

    /** The revision's phase alone: one column, no entity loaded. */
    public Optional<RevisionPhase> phaseOf(UUID revisionId) {
        return columnOf("r.phase", RevisionPhase.class, revisionId);
    }

    /** One column of one revision ({@code path} is a fixed HQL path, never input). */
    private <T> Optional<T> columnOf(String path, Class<T> type, UUID revisionId) {
        return getEntityManager()
                .createQuery("select " + path + " from Revision r where r.id = :id", type)
                .setParameter("id", revisionId)
                .getResultStream()
                .findFirst();
    }

    public int nextNumber(Environment environment) {
        Integer max = getEntityManager()
                .createQuery("select max(r.number) from Revision r where r.environment = :e", Integer.class)
                .setParameter("e", environment)
                .getSingleResult();
        return max == null ? 1 : max + 1;
    }
}
