package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.driftless.api.domain.Job;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.NewRevision;
import io.driftless.api.service.WorkerSession;
import io.driftless.worker.jobs.Liveness;
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

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** The live session of each worker of this test, opened at its first claim. */
    private final Map<String, WorkerSession> sessions = new ConcurrentHashMap<>();

    @AfterEach
    void workersOfThisTestEnd() {
        sessions.values().forEach(WorkerSession::close);
        sessions.clear();
    }

    WorkerSession session(String owner) {
        return sessions.computeIfAbsent(owner, o -> open(jdbcUrl));
    }

    @Inject
    DataSource database;

    /**
     * Closes the worker's session as kill -9 would, and waits until PostgreSQL has let go of its lock: that
     * happens when the connection's backend process exits, a moment after the client closed it (a claim in
     * between, once in CI, still found the jobs held). What the tests measure is what follows, not that moment.
     */
    void endSession(String owner) {
        end(sessions.remove(owner));
    }

    void end(WorkerSession ended) {
        ended.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> !lockHeld(ended.key()));
    }

    private boolean lockHeld(long key) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement held = connection.prepareStatement("""
                        select count(*) from pg_locks where locktype = 'advisory' and classid = ?::bigint::oid
                          and objid = ?::bigint::oid and objsubid = 2""")) {
            held.setLong(1, Integer.toUnsignedLong(WorkerSession.LOCK_SPACE));
            held.setLong(2, key);
            try (ResultSet rs = held.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    static WorkerSession open(String url) {
        try {
            return WorkerSession.open(url, "postgres", "postgres", Duration.ofSeconds(10));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Job> claim(String owner, int limit, Duration lease) {
        return jobs.claim(owner, session(owner).key(), limit, lease);
    }

    /** Claims everything claimable now, for an owner that finishes nothing. */
    List<Job> claimAll(String owner) {
        return claim(owner, 1000, LEASE);
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
                for (List<Job> batch = claim(owner, 3, LEASE); !batch.isEmpty(); batch = claim(owner, 3, LEASE)) {
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
        Job first = claim("dead-worker", 1, Duration.ZERO).get(0);

        Job taken = claim("live-worker", 1, LEASE).get(0);

        assertThat(taken.id).isEqualTo(first.id);
        assertThat(taken.attempts).isEqualTo(2);
        assertThat(taken.leaseOwner).isEqualTo("live-worker");
        assertThat(taken.lastError).isEqualTo("taken over from dead-worker: its lease ran out");
        jobs.finish(first.id, "dead-worker", null);
        assertThat(state(first.environmentId)).isEqualTo(Job.State.RUNNING);
        jobs.finish(first.id, "live-worker", null);
        assertThat(state(first.environmentId)).isEqualTo(Job.State.DONE);
    }

    @Test
    void aDeadWorkersJobsAreFreeTheMomentItsSessionEndsAndItCannotFinishThem() {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        queueDeploy(Requests.uniqueRepository(), "main");
        List<Job> held = claimAll("crashing-worker");
        assertThat(held).hasSize(2);
        assertThat(claimAll("other")).as("a live worker's jobs are its own for the whole lease").isEmpty();

        endSession("crashing-worker"); // what kill -9 does to its connection

        List<Job> taken = claimAll("other");
        assertThat(taken).extracting(j -> j.id).containsExactlyInAnyOrderElementsOf(held.stream().map(j -> j.id).toList());
        assertThat(taken).allSatisfy(j -> {
            assertThat(j.leaseKey).isEqualTo(session("other").key());
            assertThat(j.lastError).isEqualTo("taken over from crashing-worker: its database session ended");
        });
        jobs.finish(held.get(0).id, "crashing-worker", null);
        assertThat(state(held.get(0).environmentId)).isEqualTo(Job.State.RUNNING);
    }

    @Test
    void aDeadWorkersStartedJobsAreTakenOverBeforeOlderQueuedOnes() {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        queueDeploy(Requests.uniqueRepository(), "main");
        List<Job> both = claim("crashing-worker", 2, LEASE);
        Job queuedAgain = both.get(0);
        Job started = both.get(1);
        jobs.retry(queuedAgain.id, "crashing-worker", Duration.ZERO, "try 1: 503"); // older, queued, due now
        endSession("crashing-worker");

        assertThat(claim("other", 1, LEASE)).as("abandoned work first, not sent to the back of the queue")
                .extracting(j -> j.id).containsExactly(started.id);
        assertThat(claim("other", 1, LEASE)).extracting(j -> j.id).containsExactly(queuedAgain.id);
    }

    @Test
    void aWorkerWhoseSessionIsGoneClaimsNothing() {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        WorkerSession lost = open(jdbcUrl);
        end(lost);

        assertThat(jobs.claim("lost-worker", lost.key(), 10, LEASE)).isEmpty();
        assertThat(lost.alive(Duration.ofSeconds(1))).isFalse();
        assertThat(claimAll("live")).hasSize(1);
    }

    @Test
    void aNewSessionAdoptsTheJobsStillRunningHereUnlessTakenOver() {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        queueDeploy(Requests.uniqueRepository(), "main");
        List<Job> mine = claimAll("flaky-network");
        endSession("flaky-network");
        Job stolen = claim("other", 1, LEASE).get(0);

        WorkerSession again = session("flaky-network");
        int adopted = jobs.adopt("flaky-network", mine.stream().map(j -> j.id).toList(), again.key());

        assertThat(adopted).as("the job nobody took").isEqualTo(1);
        assertThat(claimAll("third")).as("adopted jobs are the live worker's again").isEmpty();
        assertThat(mine).extracting(j -> j.id).contains(stolen.id);
    }

    @Test
    void aHalfOpenSessionIsNoticedByItsWorkerWhileItsJobsFallBackToTheLease() throws Exception {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        queueDeploy(Requests.uniqueRepository(), "main");
        try (FreezableProxy proxy = new FreezableProxy("localhost", port(jdbcUrl));
                WorkerSession halfOpen = open(jdbcUrl.replace(":" + port(jdbcUrl) + "/", ":" + proxy.port() + "/"))) {
            Job leased = jobs.claim("partitioned", halfOpen.key(), 1, LEASE).get(0);
            Job expired = jobs.claim("partitioned", halfOpen.key(), 1, Duration.ZERO).get(0);

            proxy.freeze(); // the database still believes the session open, and its lock held

            assertThat(halfOpen.alive(Duration.ofMillis(500))).as("the worker notices and stops claiming").isFalse();
            assertThat(claimAll("other")).as("only the job whose lease ran out is taken over")
                    .extracting(j -> j.id).containsExactly(expired.id).doesNotContain(leased.id);
        }
    }

    @Test
    void livenessOpensANewSessionAndAdoptsBeforeClaimingAgain() throws Exception {
        try (FreezableProxy proxy = new FreezableProxy("localhost", port(jdbcUrl))) {
            String proxied = jdbcUrl.replace(":" + port(jdbcUrl) + "/", ":" + proxy.port() + "/");
            List<Long> adoptedWith = new CopyOnWriteArrayList<>();
            List<String> urls = new ArrayList<>(List.of(proxied, jdbcUrl));
            Liveness liveness = new Liveness(() -> open(urls.remove(0)), Duration.ofMillis(500), adoptedWith::add);
            liveness.check();
            long first = liveness.key().orElseThrow();

            proxy.freeze();
            liveness.check();

            long second = liveness.key().orElseThrow();
            assertThat(second).isNotEqualTo(first);
            assertThat(adoptedWith).containsExactly(first, second);
            liveness.close();
            assertThat(liveness.key()).isEmpty();
        }
    }

    private static int port(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^:/]+:(\\d+)/").matcher(url);
        if (!m.find()) {
            throw new IllegalArgumentException("no port in " + url);
        }
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aHeartbeatKeepsTheLease() {
        claimAll("drain");
        queueDeploy(Requests.uniqueRepository(), "main");
        Job job = claim("slow-worker", 1, Duration.ZERO).get(0);

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
