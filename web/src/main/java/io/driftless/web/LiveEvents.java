package io.driftless.web;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.rest.EventStreams;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.EnvironmentService;

/**
 * The event stream of {@code /api/v1/events} for the pages: the same revision.changed events, opened with
 * the UI session instead of a bearer token (an EventSource cannot send one). The pages use it only as a
 * signal to fetch their live fragment again (htmx's SSE extension), so the events carry nothing the
 * fragment does not show, and a page that nothing happens to makes no requests.
 */
@Path("/ui/events")
@RolesAllowed({ Role.REVIEWER, Role.ADMIN })
public class LiveEvents {

    private final EventStreams streams;
    private final Access access;
    private final EnvironmentService environments;

    public LiveEvents(EventStreams streams, Access access, EnvironmentService environments) {
        this.streams = streams;
        this.access = access;
        this.environments = environments;
    }

    /**
     * Every change the viewer may see, or one environment's ({@code ?environment=<id>}, for its page). The
     * list page takes them all, whatever its filters, and lets the fragment apply them: the filters are
     * the list's to interpret, and a change may move an environment into or out of them.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public void stream(@Context SseEventSink sink, @Context Sse sse, @QueryParam("environment") UUID environment) {
        if (environment != null) {
            access.requireRepository(environments.repositoryOf(environment));
        }
        streams.open(sink, sse, null, environment, access.visibleRepositories().orElse(null));
    }
}
