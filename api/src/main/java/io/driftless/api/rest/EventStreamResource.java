package io.driftless.api.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.security.Access;
import io.driftless.api.security.Role;

/**
 * {@code GET /api/v1/events}: a server-sent event stream of revision changes from every process, for
 * bots and dashboards that would rather be told than poll.
 */
@Path("/api/v1/events")
@Tag(name = "Bot API")
public class EventStreamResource {

    private final EventStreams streams;
    private final Access access;

    public EventStreamResource(EventStreams streams, Access access) {
        this.streams = streams;
        this.access = access;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Server-sent events of revision changes",
            description = "Each change is an event named revision.changed with JSON data: environmentId, "
                    + "revisionId, revisionNumber, repository, headRepository, branch, pullRequest, commit, phase, "
                    + "url (the environment's stable URL) and revisionUrl. ?repository=owner/name keeps one "
                    + "repository's; a token scoped to repositories sees only theirs. A comment line every driftless.events.heartbeat keeps idle streams open.")
    public void stream(@Context SseEventSink sink, @Context Sse sse,
            @QueryParam("repository") @Pattern(regexp = Patterns.REPOSITORY, message = Patterns.REPOSITORY_MESSAGE)
            String repository) {
        if (repository != null) {
            access.requireRepository(repository);
        }
        streams.open(sink, sse, repository, access.visibleRepositories().orElse(null));
    }
}
