package io.driftless.api.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class PhaseChangeRepository implements PanacheRepository<PhaseChange> {

    /** Oldest first. */
    public List<PhaseChange> listByRevisions(Collection<UUID> revisionIds) {
        if (revisionIds.isEmpty()) {
            return List.of();
        }
        return list("revisionId in ?1 order by id", revisionIds);
    }

    /** Whether the revision was ever in {@code phase}. */
    public boolean reached(UUID revisionId, RevisionPhase phase) {
        return count("revisionId = ?1 and phase = ?2", revisionId, phase) > 0;
    }
}
