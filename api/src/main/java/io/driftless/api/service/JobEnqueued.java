package io.driftless.api.service;

import io.driftless.api.domain.Job;

/** Fired when a job is queued; observed after commit so an in-process worker wakes at once. */
public record JobEnqueued(long jobId, Job.Kind kind) {
}
