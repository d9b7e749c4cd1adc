package io.driftless.api.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import io.driftless.api.service.RevisionChanged;

/**
 * Publishes every revision change with {@code pg_notify} in the transaction that made it, so that it
 * reaches long polls and event streams in every process once, and only if, the change commits.
 */
@ApplicationScoped
public class RevisionNotifier {

    private final EntityManager em;

    public RevisionNotifier(EntityManager em) {
        this.em = em;
    }

    void publish(@Observes RevisionChanged change) {
        RevisionNotice notice = new RevisionNotice(change.revisionId(), change.environmentId(), change.phase());
        em.createNativeQuery("select pg_notify(:channel, :payload)")
                .setParameter("channel", RevisionNotice.CHANNEL)
                .setParameter("payload", notice.payload())
                .getSingleResult();
    }
}
