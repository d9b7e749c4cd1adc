package io.driftless.api.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class DriftEventRepository implements PanacheRepository<DriftEvent> {

    /** Oldest first. */
    public List<DriftEvent> listByRevisions(Collection<UUID> revisionIds) {
        if (revisionIds.isEmpty()) {
            return List.of();
        }
        return list("revisionId in ?1 order by id", revisionIds);
    }
}
