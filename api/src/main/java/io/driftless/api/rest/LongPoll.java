package io.driftless.api.rest;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.driftless.api.events.RevisionFeed;
import io.driftless.api.events.WaitFor;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.Views.RevisionView;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code GET /api/v1/revisions/{id}?wait=READY&timeout=120s}: answers as soon as the revision gets
 * there, or with its current state when the time is up. No thread is held while it waits: the answer
 * is a Uni completed by the revision's change notification (or a timer).
 */
@ApplicationScoped
public class LongPoll {

    /** The header that tells how a wait ended: {@link #REACHED} or {@link #TIMEOUT}. */
    public static final String HEADER = "Driftless-Wait";
    public static final String REACHED = "reached";
    public static final String TIMEOUT = "timeout";

    private final RevisionFeed feed;
    private final EnvironmentService environments;

    public LongPoll(RevisionFeed feed, EnvironmentService environments) {
        this.feed = feed;
        this.environments = environments;
    }

    /** Call on a worker thread: it reads the revision once before it starts waiting. */
    public Uni<Response> await(UUID revisionId, WaitFor waitFor, Duration timeout) {
        // register first, then read: a change committed in between completes the waiter, none is lost
        RevisionFeed.Waiter waiter = feed.register(revisionId, waitFor);
        RevisionView now;
        try {
            now = environments.getRevision(revisionId);
        } catch (RuntimeException e) {
            feed.cancel(waiter);
            throw e;
        }
        if (waitFor.isReachedBy(now.phase()) || timeout.isZero()) {
            feed.cancel(waiter);
            return Uni.createFrom().item(answer(now, waitFor.isReachedBy(now.phase())));
        }
        return Uni.createFrom().completionStage(waiter.reached())
                .replaceWith(Boolean.TRUE)
                .ifNoItem().after(timeout).recoverWithItem(Boolean.FALSE)
                // the notification came on a listener or committing thread: read on a worker
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(reached -> {
                    RevisionView view = environments.getRevision(revisionId);
                    return answer(view, reached || waitFor.isReachedBy(view.phase()));
                })
                .onTermination().invoke(() -> feed.cancel(waiter));
    }

    private static Response answer(RevisionView view, boolean reached) {
        return Response.ok(view).header(HEADER, reached ? REACHED : TIMEOUT).build();
    }
}
