package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.Job;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.NewRevision;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The durable queue on embedded PostgreSQL, with no worker of this process taking jobs. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(JobQueueTest.QueueOnly.class)
class JobQueueTest {

    public static class QueueOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("driftless.roles", "api,web");
        }
    }

    static final Duration LEASE = Duration.ofMinutes(2);

    @Inject
    JobStore jobs;

    @Inject
    EnvironmentService environments;

    /** Queues one DEPLOY job, for a new environment, and returns that environment. */
    UUID queueDeploy(String repository, String branch) {
        return environments.request(new NewRevision(repository, repository, branch, null, Requests.commit(),
                Requests.IMAGE, 8080), "test").environment().id();
    }

    /** Claims everything claimable now, for an owner that finishes nothing. */
    List<Job> claimAll(String owner) {
        return jobs.claim(owner, 1000, LEASE);
    }

    @Test
    void concurrentClaimersNeverTakeTheSameJob() throws Exception {
        claimAll("drain"); // earlier tests' leftovers
        for (int i = 0; i < 60; i++) {
            queueDeploy(Requests.uniqueRepository(), "main");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<List<Long>>> claimers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String owner = "worker-" + w;
            claimers.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (List<Job> batch = jobs.claim(owner, 3, LEASE); !batch.isEmpty(); batch = jobs.claim(owner, 3, LEASE)) {
                    batch.forEach(j -> mine.add(j.id));
                }
                return mine;
            });
        }
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<Long>> result : pool.invokeAll(claimers)) {
            all.addAll(result.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    void anExpiredLeaseHandsTheJobToAnotherWorkerAndTheOldOneCannotFinishIt() {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        Job first = jobs.claim("dead-worker", 1, Duration.ZERO).get(0);

        Job taken = jobs.claim("live-worker", 1, LEASE).get(0);

        assertThat(taken.id).isEqualTo(first.id);
        assertThat(taken.attempts).isEqualTo(2);
        assertThat(taken.leaseOwner).isEqualTo("live-worker");
        jobs.finish(first.id, "dead-worker", null);
        assertThat(state(first.environmentId)).isEqualTo(Job.State.RUNNING);
        jobs.finish(first.id, "live-worker", null);
        assertThat(state(first.environmentId)).isEqualTo(Job.State.DONE);
    }

    @Test
    void aHeartbeatKeepsTheLease() {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        Job job = jobs.claim("slow-worker", 1, Duration.ZERO).get(0);

        assertThat(jobs.renew("slow-worker", List.of(job.id), LEASE)).isEqualTo(1);

        assertThat(claimAll("thief")).extracting(j -> j.id).doesNotContain(job.id);
    }

    @Test
    void jobsOfOneEnvironmentRunOneAtATimeInOrder() {
        claimAll("drain");
        UUID environment = queueDeploy(Requests.uniqueRepository(), "main");
        environments.teardown(environment, "test");

        List<Job> first = claimAll("w1");
        assertThat(first).extracting(j -> j.kind).containsExactly(Job.Kind.DEPLOY);
        assertThat(claimAll("w2")).as("the teardown waits for the deploy").isEmpty();

        jobs.finish(first.get(0).id, "w1", null);

        assertThat(claimAll("w2")).extracting(j -> j.kind).containsExactly(Job.Kind.TEARDOWN);
    }

    @Test
    void jobsWithOneSerialKeyRunOneAtATimeInOrderEvenWithoutAnEnvironment() {
        claimAll("drain");
        String pull = "github:" + Requests.uniqueRepository() + "#7";
        Job first = QuarkusTransaction.requiringNew().call(
                () -> jobs.enqueue(Job.Kind.GITHUB_DELIVERY, null, null, "{}", pull));
        Job second = QuarkusTransaction.requiringNew().call(
                () -> jobs.enqueue(Job.Kind.GITHUB_DELIVERY, null, null, "{}", pull));
        Job other = QuarkusTransaction.requiringNew().call(
                () -> jobs.enqueue(Job.Kind.GITHUB_DELIVERY, null, null, "{}", pull + "8"));

        assertThat(claimAll("w1")).extracting(j -> j.id).containsExactlyInAnyOrder(first.id, other.id);
        assertThat(claimAll("w2")).as("the second delivery of the pull request waits").isEmpty();

        jobs.finish(first.id, "w1", null);
        assertThat(claimAll("w2")).extracting(j -> j.id).containsExactly(second.id);
    }

    @Test
    void aRetriedJobWaitsForItsBackoffAndKeepsItsError() {
        claimAll("drain");
        UUID environment = queueDeploy(Requests.uniqueRepository(), "main");
        Job job = claimAll("w").get(0);

        jobs.retry(job.id, "w", Duration.ofHours(1), "try 1: 503");
        assertThat(claimAll("w")).isEmpty();
        jobs.retry(job.id, "w", Duration.ZERO, "never applied: not running");

        List<Job> listed = jobs.listByEnvironment(environment);
        assertThat(listed.get(0).state).isEqualTo(Job.State.QUEUED);
        assertThat(listed.get(0).lastError).isEqualTo("try 1: 503");
        assertThat(listed.get(0).runAfter).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(59)));
    }

    @Test
    void differentEnvironmentsProceedInParallel() {
        claimAll("drain");
        Set<UUID> queued = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            queued.add(queueDeploy(Requests.uniqueRepository(), "main"));
        }

        assertThat(claimAll("w")).extracting(j -> j.environmentId).containsExactlyInAnyOrderElementsOf(queued);
    }

    private Job.State state(UUID environment) {
        return jobs.listByEnvironment(environment).get(0).state;
    }
}
