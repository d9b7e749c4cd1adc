package io.driftless.worker.jobs;

import java.util.Set;

import io.driftless.api.domain.Job;

/**
 * Does the work of some kinds of {@link Job}. The worker loop finds every handler bean and gives each
 * claimed job to the one that names its kind. A handler must be idempotent: a job is run again after
 * a worker dies mid-way or after a passing failure. A runtime exception is classified by
 * {@link Failures}: passing ones are retried with backoff, permanent ones end the job.
 */
public interface JobHandler {

    Set<Job.Kind> kinds();

    void run(Job job);

    /**
     * Called once when the job has failed for good (a permanent failure, or the last try), e.g. to mark
     * its revision FAILED with the reason.
     */
    default void gaveUp(Job job, String reason) {
    }
}
