package io.driftless.server.simulated;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.driftless.worker.build.BuildOutcomes;
import io.driftless.worker.build.PodBuildOutcomes;

/** Where a build's log and digest come from: the simulated builder, or the build Job's pod on a real cluster. */
@ApplicationScoped
public class BuildOutcomesProducer {

    @Produces
    @ApplicationScoped
    BuildOutcomes outcomes(SimulatedClusterConfig config, SimulatedBuilder simulated, PodBuildOutcomes pods) {
        return config.isSimulated() ? simulated : pods;
    }
}
