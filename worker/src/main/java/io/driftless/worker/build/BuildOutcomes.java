package io.driftless.worker.build;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * What a build Job left behind: its log and the digest it pushed. On a real cluster both come from the
 * Job's pod (its log, and the termination message BuildKit's metadata file was written to); on the
 * simulated cluster, from the simulated builder.
 */
public interface BuildOutcomes {

    /** The log so far, or all of it once the Job ended; empty when there is none (yet). */
    String log(Job job);

    /** The pushed image's digest ({@code sha256:…}), once the Job succeeded. */
    Optional<String> digest(Job job);
}
