package io.driftless.api.domain;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class EnvironmentRepository implements PanacheRepositoryBase<Environment, UUID> {

    /** The environment of this branch that is not torn down, locked for the caller's transaction. */
    public Optional<Environment> findLiveForUpdate(String repository, String headRepository, String branch) {
        return find("repository = ?1 and headRepository = ?2 and branch = ?3 and status <> ?4",
                repository, headRepository, branch, EnvironmentStatus.TORN_DOWN)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }
}
