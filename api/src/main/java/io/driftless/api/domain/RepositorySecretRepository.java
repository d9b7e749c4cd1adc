package io.driftless.api.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RepositorySecretRepository implements PanacheRepositoryBase<RepositorySecret, RepositorySecret.Key> {

    /** The row, tombstone or not, locked until the transaction ends so that two writes cannot share a version. */
    public Optional<RepositorySecret> findForUpdate(String repository, String name) {
        return findByIdOptional(new RepositorySecret.Key(repository, name), LockModeType.PESSIMISTIC_WRITE);
    }

    /** The secrets that have a value (no tombstones), by name. */
    public List<RepositorySecret> listLive(String repository) {
        return list("repository = ?1 and deletedAt is null order by name", repository);
    }

    /** Those of the names that have a value. */
    public List<RepositorySecret> listLive(String repository, Collection<String> names) {
        return list("repository = ?1 and name in ?2 and deletedAt is null order by name", repository, names);
    }
}
