package io.driftless.worker.github;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.domain.Job;
import io.driftless.api.github.GitHubDeliveries;
import io.driftless.worker.jobs.JobHandler;

/** Processes stored GitHub webhook deliveries; the logic lives in {@link GitHubDeliveries}. */
@ApplicationScoped
public class GitHubDeliveryJobs implements JobHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubDeliveries deliveries;

    public GitHubDeliveryJobs(GitHubDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public Set<Job.Kind> kinds() {
        return EnumSet.of(Job.Kind.GITHUB_DELIVERY);
    }

    @Override
    public void run(Job job) {
        deliveries.process(deliveryOf(job));
    }

    static long deliveryOf(Job job) {
        try {
            JsonNode payload = JSON.readTree(job.payload);
            if (payload == null || !payload.path("delivery").canConvertToLong()) {
                throw new IllegalArgumentException("job " + job.id + " names no delivery: " + job.payload);
            }
            return payload.get("delivery").asLong();
        } catch (IOException e) {
            throw new IllegalArgumentException("job " + job.id + " has a payload that is not JSON: " + job.payload, e);
        }
    }
}
