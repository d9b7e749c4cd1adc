package io.driftless.api.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;

/**
 * How much requested CPU and memory sleep frees now: what the Deployments of every SLEEPING revision that an
 * active environment's alias serves would request if awake, per repository and in total. One query finds them;
 * each one's manifests are rendered again ({@link ManifestSource}, pure and in memory) and their requests summed
 * ({@link RequestedResources}). Rendering rather than the stored spec makes it exact for what runs (the seal's
 * LimitRange defaults included), and at a few hundred environments asleep costs milliseconds per page. A WAKING
 * revision frees nothing any more: its pods are on their way back.
 */
@ApplicationScoped
public class FreedBySleep {

    private final EntityManager em;
    private final ManifestSource manifests;

    public FreedBySleep(EntityManager em, ManifestSource manifests) {
        this.em = em;
        this.manifests = manifests;
    }

    /** One repository's sleeping environments and what they free. */
    public record Line(String repository, int environments, RequestedResources freed) {
    }

    /** Per repository (by name) and in total. */
    public record Freed(List<Line> repositories, Line total) {
    }

    /** What sleep frees now in the {@code visible} repositories (empty: all). */
    @Transactional
    public Freed now(Optional<Set<String>> visible) {
        List<Object[]> asleep = em.createQuery("""
                select e.repository, c.id from Environment e join e.currentRevision c
                where e.status = :active and c.phase = :sleeping""", Object[].class)
                .setParameter("active", EnvironmentStatus.ACTIVE).setParameter("sleeping", RevisionPhase.SLEEPING)
                .getResultList();
        Map<String, Line> byRepository = new TreeMap<>();
        for (Object[] row : asleep) {
            String repository = (String) row[0];
            if (visible.isPresent() && !visible.get().contains(repository.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            RequestedResources freed = RequestedResources.ofDeployments(manifests.manifests((UUID) row[1]));
            byRepository.merge(repository, new Line(repository, 1, freed),
                    (a, b) -> new Line(repository, a.environments() + b.environments(), a.freed().plus(b.freed())));
        }
        Line total = byRepository.values().stream().reduce(new Line(null, 0, RequestedResources.NONE),
                (a, b) -> new Line(null, a.environments() + b.environments(), a.freed().plus(b.freed())));
        return new Freed(List.copyOf(byRepository.values()), total);
    }
}
