package io.driftless.api.events;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.RevisionRepository;
import io.driftless.api.naming.Urls;

/** Turns a bare notice (ids and a phase) into the event a stream sends. */
@ApplicationScoped
public class RevisionEvents {

    private final RevisionRepository revisions;
    private final Urls urls;

    public RevisionEvents(RevisionRepository revisions, Urls urls) {
        this.revisions = revisions;
        this.urls = urls;
    }

    /** The event of the notice; its phase is the notice's, which the revision may have left since. */
    @Transactional
    public Optional<RevisionEvent> describe(RevisionNotice notice) {
        return revisions.findByIdOptional(notice.revisionId()).map(r -> {
            Environment e = r.environment;
            return new RevisionEvent(e.id, r.id, r.number, e.repository, e.headRepository, e.branch, e.pullRequest,
                    r.commitSha, notice.phase(), urls.url(e.slug), urls.url(r.name));
        });
    }
}
