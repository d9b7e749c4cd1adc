package io.driftless.api.rest;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.domain.Job;
import io.driftless.api.security.Role;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.NotFoundProblem;

/**
 * The level-triggered resync for operators: ask for one now (workers also run one at start and every
 * {@code driftless.worker.resync-interval}) and read what the last one found.
 */
@Path("/api/v1/resync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
@RolesAllowed(Role.ADMIN)
public class ResyncResource {

    private final JobStore jobs;

    public ResyncResource(JobStore jobs) {
        this.jobs = jobs;
    }

    /** A resync job: its state and, once done, what it compared and found. */
    public record ResyncView(long jobId, Job.State state, Instant queuedAt, Instant finishedAt, String summary) {
        static ResyncView of(Job job) {
            return new ResyncView(job.id, job.state, job.createdAt, job.finishedAt, job.lastError);
        }
    }

    @POST
    @Operation(summary = "Compare the whole cluster with the database now",
            description = "202 with the resync job queued; 200 with the one already queued or running.")
    public Response resync() {
        return jobs.enqueueResync(java.util.Optional.empty())
                .map(job -> Response.accepted(ResyncView.of(job)).build())
                .orElseGet(() -> Response.ok(ResyncView.of(jobs.latestResync().orElseThrow())).build());
    }

    @GET
    @Operation(summary = "The newest resync: queued, running or what it found")
    public ResyncView latest() {
        return jobs.latestResync().map(ResyncView::of)
                .orElseThrow(() -> new NotFoundProblem("No resync has run yet."));
    }
}
