package io.driftless.server;

import static io.driftless.server.Requests.ADMIN_TOKEN;
import static io.driftless.server.Requests.IMAGE;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.driftless.api.events.RevisionFeed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The bot API: environments by branch, long-poll waits and the event stream. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class BotApiTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    @Inject
    RevisionFeed feed;

    /** Paths are sent as written: the branch segment is URL-encoded by the test, not by REST Assured. */
    private static RequestSpecification raw() {
        return given().urlEncodingEnabled(false);
    }

    private static String path(String repository, String branchSegment) {
        return "/api/v1/repos/" + repository + "/branches/" + branchSegment + "/environment";
    }

    private static Map<String, Object> put(String commit) {
        Map<String, Object> body = new HashMap<>();
        body.put("commit", commit);
        body.put("image", IMAGE);
        return body;
    }

    private static Response put(String path, Map<String, Object> body) {
        return raw().contentType(ContentType.JSON).body(body).put(path);
    }

    @Test
    void putCreatesTheEnvironmentOfAnEncodedBranchAnswersTheSameRevisionForTheSameCommitAndAddsOneForANewCommit() {
        String repository = uniqueRepository();
        String path = path(repository, "feature%2Flogin");
        String first = commit();
        Map<String, Object> body = put(first.toUpperCase());
        body.put("pullRequest", 42);
        body.put("port", 3000);

        Response created = put(path, body);
        created.then().statusCode(202)
                .header("Location", containsString("/api/v1/environments/"))
                .body("created", equalTo(true))
                .body("revisionNumber", equalTo(1))
                .body("phase", equalTo("QUEUED"));
        String environmentId = created.path("environmentId");
        String revisionId = created.path("revisionId");

        put(path, body).then().statusCode(200)
                .body("created", equalTo(false))
                .body("environmentId", equalTo(environmentId))
                .body("revisionId", equalTo(revisionId));

        put(path, put(commit())).then().statusCode(202)
                .body("created", equalTo(true))
                .body("environmentId", equalTo(environmentId))
                .body("revisionNumber", equalTo(2));

        // the environment is the one POST /api/v1/environments knows, with the decoded branch
        raw().get(path).then().statusCode(200)
                .body("id", equalTo(environmentId))
                .body("repository", equalTo(repository))
                .body("headRepository", equalTo(repository))
                .body("branch", equalTo("feature/login"))
                .body("pullRequest", equalTo(42))
                .body("revisions.commit", hasItem(first))
                .body("revisions.port", hasItems(3000, 8080));
        // an unencoded slash names the same branch
        raw().get(path(repository, "feature/login")).then().statusCode(200).body("id", equalTo(environmentId));
        // and so does POST with repository and branch in the body
        Map<String, Object> same = Requests.body(repository, "feature/login", first);
        same.put("port", 3000);
        Requests.post(same).then().statusCode(200).body("revisionId", equalTo(revisionId));
    }

    @Test
    void getAndDeleteFindAPlainBranchAndAForkByHeadRepository() {
        String repository = uniqueRepository();
        String fork = "alice" + UUID.randomUUID().toString().substring(0, 6) + "/shop";
        Map<String, Object> forkBody = put(commit());
        forkBody.put("headRepository", fork);
        String forkEnvironment = put(path(repository, "main"), forkBody).then().statusCode(202)
                .extract().path("environmentId");

        // the repository's own main has none: only the fork's
        raw().get(path(repository, "main")).then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("has no environment"));
        raw().get(path(repository, "main") + "?headRepository=" + fork).then().statusCode(200)
                .body("id", equalTo(forkEnvironment))
                .body("headRepository", equalTo(fork));

        String own = put(path(repository, "main"), put(commit())).then().statusCode(202)
                .extract().path("environmentId");
        assertThat(own).isNotEqualTo(forkEnvironment);

        raw().delete(path(repository, "main")).then().statusCode(202)
                .body("id", equalTo(own))
                .body("status", equalTo("TEARING_DOWN"));
        // the fork's stays
        raw().get(path(repository, "main") + "?headRepository=" + fork).then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
        // once torn down, GET still shows the last environment the branch had
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "TORN_DOWN".equals(raw().get(path(repository, "main")).path("status")));
        raw().delete(path(repository, "main") + "?headRepository=" + fork).then().statusCode(202)
                .body("id", equalTo(forkEnvironment));
        raw().delete(path(repository, "never%2Fasked")).then().statusCode(404);
    }

    @Test
    void badBodiesPathsAndQueriesAreRefusedWithEveryFieldNamed() {
        String repository = uniqueRepository();
        Map<String, Object> bad = new HashMap<>();
        bad.put("commit", "abc");
        bad.put("port", 0);
        bad.put("headRepository", "not a repository");
        put(path(repository, "main"), bad).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItems("commit", "image", "port", "headRepository"));

        put(path(repository, "feature..x"), put(commit())).then().statusCode(400)
                .body("errors.field", equalTo(List.of("branch")));
        put(path(repository, "feature%2F..%2Fx"), put(commit())).then().statusCode(400)
                .body("errors.field", equalTo(List.of("branch")));
        put("/api/v1/repos/-bad/shop/branches/main/environment", put(commit())).then().statusCode(400)
                .body("errors.field", equalTo(List.of("repository")));
        raw().get(path(repository, "main") + "?headRepository=x").then().statusCode(400)
                .body("errors.field", equalTo(List.of("headRepository")));
        raw().contentType(ContentType.JSON).body("{\"commit\":").put(path(repository, "main")).then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
        Map<String, Object> unknown = put(commit());
        unknown.put("branch", "main");
        put(path(repository, "main"), unknown).then().statusCode(400)
                .body("errors[0].field", equalTo("branch"))
                .body("errors[0].message", equalTo("is not a known field"));
    }

    /**
     * The median of five waits, so that one pause of a shared, noisy machine does not decide it; each
     * one really waits (the kubelet delay keeps the revision from READY when the wait begins).
     */
    @Test
    void aWaitForReadyAnswersWithin100msOfTheRevisionBecomingReady() {
        String repository = uniqueRepository();
        List<Duration> lags = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String revisionId = put(path(repository, "main"), put(commit())).then().statusCode(202)
                    .extract().path("revisionId");

            Instant asked = Instant.now();
            Response answer = given().get("/api/v1/revisions/" + revisionId + "?wait=READY&timeout=20s");
            Instant arrived = Instant.now();

            answer.then().statusCode(200)
                    .header("Driftless-Wait", "reached")
                    .body("phase", equalTo("READY"));
            Instant ready = Instant.parse(answer.path("phases.find { it.phase == 'READY' }.at"));
            assertThat(ready).isAfter(asked);
            assertThat(arrived).isAfterOrEqualTo(ready);
            lags.add(Duration.between(ready, arrived));
        }
        lags.sort(null);
        assertThat(lags.get(lags.size() / 2)).as("median of " + lags).isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aWaitOnARevisionThatIsThereAlreadyAnswersAtOnceAndOneThatTimesOutSaysSo() {
        String repository = uniqueRepository();
        String revisionId = put(path(repository, "main"), put(commit())).then().statusCode(202)
                .extract().path("revisionId");
        given().get("/api/v1/revisions/" + revisionId + "?wait=ready&timeout=20s").then()
                .statusCode(200).header("Driftless-Wait", "reached");

        long started = System.nanoTime();
        given().get("/api/v1/revisions/" + revisionId + "?wait=READY").then()
                .statusCode(200).header("Driftless-Wait", "reached").body("phase", equalTo("READY"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        given().get("/api/v1/revisions/" + revisionId + "?wait=DEPLOYING").then()
                .statusCode(200).header("Driftless-Wait", "reached");

        started = System.nanoTime();
        given().get("/api/v1/revisions/" + revisionId + "?wait=TORN_DOWN&timeout=400ms").then()
                .statusCode(200)
                .header("Driftless-Wait", "timeout")
                .body("phase", equalTo("READY"));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        // no wait: no header
        assertThat(given().get("/api/v1/revisions/" + revisionId).header("Driftless-Wait")).isNull();
    }

    @Test
    void badWaitsAreRefusedAndAnUnknownRevisionIsNotFound() {
        given().get("/api/v1/revisions/" + UUID.randomUUID() + "?wait=SOON&timeout=forever").then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItems("wait", "timeout"));
        given().get("/api/v1/revisions/" + UUID.randomUUID() + "?wait=READY&timeout=11m").then()
                .statusCode(400).body("errors[0].field", equalTo("timeout"));
        given().get("/api/v1/revisions/" + UUID.randomUUID() + "?timeout=5s").then()
                .statusCode(400).body("errors[0].field", equalTo("timeout"));
        given().get("/api/v1/revisions/" + UUID.randomUUID() + "?wait=READY&timeout=5s").then()
                .statusCode(404).contentType(startsWith("application/problem+json"));
    }

    /**
     * A change committed by another process reaches this one only through PostgreSQL NOTIFY: here it is
     * written on a plain JDBC connection, past every CDI event, and the wait still answers.
     */
    @Test
    void aWaitIsAnsweredByAChangeAnotherProcessCommits() throws Exception {
        String repository = uniqueRepository();
        Response created = put(path(repository, "main"), put(commit()));
        String revisionId = created.path("revisionId");
        String environmentId = created.path("environmentId");
        given().get("/api/v1/revisions/" + revisionId + "?wait=READY&timeout=20s").then()
                .header("Driftless-Wait", "reached").body("phase", equalTo("READY"));

        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(
                () -> given().get("/api/v1/revisions/" + revisionId + "?wait=SUPERSEDED&timeout=20s"));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(
                    "update revision set phase = 'SUPERSEDED' where id = ?::uuid");
                    PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                update.setString(1, revisionId);
                update.executeUpdate();
                notify.setString(1, "driftless_revisions");
                notify.setString(2, revisionId + ":" + environmentId + ":SUPERSEDED");
                notify.execute();
            }
            connection.commit();
        }
        Response answer = waiting.get(5, TimeUnit.SECONDS);
        answer.then().statusCode(200).header("Driftless-Wait", "reached").body("phase", equalTo("SUPERSEDED"));
    }

    /**
     * More waits than the server has worker threads (200): were a wait to hold a thread, the plain GET
     * below would queue behind them until they timed out.
     */
    @Test
    void waitingHoldsNoWorkerThread() throws Exception {
        String repository = uniqueRepository();
        Response created = put(path(repository, "main"), put(commit()));
        String revisionId = created.path("revisionId");
        String environmentId = created.path("environmentId");
        given().get("/api/v1/revisions/" + revisionId + "?wait=READY&timeout=20s").then()
                .header("Driftless-Wait", "reached");

        int waits = 250;
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest wait = HttpRequest.newBuilder(
                base.resolve("/api/v1/revisions/" + revisionId + "?wait=TEARING_DOWN&timeout=30s"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        int before = feed.waiting();
        for (int i = 0; i < waits; i++) {
            answers.add(client.sendAsync(wait, HttpResponse.BodyHandlers.ofString()));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> feed.waiting() >= before + waits);

        long started = System.nanoTime();
        given().get("/api/v1/environments/" + environmentId).then().statusCode(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(answers).noneMatch(CompletableFuture::isDone);

        given().delete("/api/v1/environments/" + environmentId).then().statusCode(202);
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.get().statusCode()).isEqualTo(200);
            assertThat(answer.get().headers().firstValue("Driftless-Wait")).contains("reached");
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> feed.waiting() == before);
    }

    /**
     * The LISTEN connection is killed and a change is committed while no one listens: once the listener
     * is back, it reads the phases of what is waited on and answers the wait.
     */
    @Test
    void aChangeMissedWhileTheListenerReconnectsStillAnswersTheWait() throws Exception {
        String repository = uniqueRepository();
        Response created = put(path(repository, "main"), put(commit()));
        String revisionId = created.path("revisionId");
        given().get("/api/v1/revisions/" + revisionId + "?wait=READY&timeout=20s").then()
                .header("Driftless-Wait", "reached");
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(
                () -> given().get("/api/v1/revisions/" + revisionId + "?wait=SUPERSEDED&timeout=30s"));
        Thread.sleep(300);

        String listening = "select pid from pg_stat_activity where query = 'LISTEN driftless_revisions'";
        try (Connection connection = dataSource.getConnection()) {
            int killed;
            try (var statement = connection.createStatement(); var pids = statement.executeQuery(listening)) {
                assertThat(pids.next()).as("a LISTEN connection").isTrue();
                killed = pids.getInt(1);
            }
            try (var statement = connection.createStatement()) {
                statement.execute("select pg_terminate_backend(" + killed + ")");
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !hasRow(connection, listening));
            // nobody listens now: this notification is lost
            try (PreparedStatement update = connection.prepareStatement(
                    "update revision set phase = 'SUPERSEDED' where id = ?::uuid")) {
                update.setString(1, revisionId);
                update.executeUpdate();
            }
            try (var statement = connection.createStatement()) {
                statement.execute("select pg_notify('driftless_revisions', 'lost')");
            }
            assertThat(waiting).isNotDone();
            waiting.get(10, TimeUnit.SECONDS).then().statusCode(200)
                    .header("Driftless-Wait", "reached").body("phase", equalTo("SUPERSEDED"));
            assertThat(hasRow(connection, listening)).as("listening again").isTrue();
        }
    }

    private static boolean hasRow(Connection connection, String query) throws java.sql.SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(query)) {
            return rows.next();
        }
    }

    @Test
    void theEventStreamTellsTheChangesOfTheRepositoryAskedForWithHeartbeats() throws Exception {
        String repository = uniqueRepository();
        String other = uniqueRepository();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/events?repository=" + repository))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // the server says it is subscribed before anything is asked for
            String first;
            do {
                first = lines.poll(5, TimeUnit.SECONDS);
            } while (first != null && first.isEmpty());
            assertThat(first).isNotNull().matches(":\\s*subscribed");

            put(path(other, "main"), put(commit())).then().statusCode(202);
            String revisionId = put(path(repository, "feature%2Fsse"), put(commit())).then().statusCode(202)
                    .extract().path("revisionId");

            List<Map<String, String>> events = new ArrayList<>();
            boolean heartbeat = false;
            Map<String, String> event = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline
                    && !(heartbeat && events.stream().anyMatch(e -> e.get("data").contains("\"READY\"")))) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line.matches(":\\s*heartbeat")) {
                    heartbeat = true;
                } else if (line.isEmpty()) {
                    if (event.containsKey("data")) {
                        events.add(event);
                    }
                    event = new HashMap<>();
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    event.merge(line.substring(0, colon), line.substring(colon + 1).stripLeading(), (a, b) -> a + b);
                }
            }
            assertThat(heartbeat).as("a heartbeat comment").isTrue();
            assertThat(events).extracting(e -> e.get("event")).containsOnly("revision.changed");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.get("id")).matches("\\d+");
                assertThat(e.get("data")).contains("\"repository\":\"" + repository + "\"")
                        .contains("\"revisionId\":\"" + revisionId + "\"")
                        .contains("\"branch\":\"feature/sse\"")
                        .contains("\"url\":\"http://")
                        .contains("\"revisionUrl\":\"http://");
            });
            assertThat(events).extracting(e -> e.get("data").replaceAll(".*\"phase\":\"([A-Z_]+)\".*", "$1"))
                    .containsExactly("QUEUED", "DEPLOYING", "READY");
        } finally {
            response.body().close();
        }
    }

    /**
     * Many streams opened at once, each told of the one change made after they all said "subscribed". The
     * first bytes of a stream and the events used to be written from two threads, and a stream that lost
     * that race was dropped without a word, its client connected and waiting for ever.
     */
    @Test
    void everyStreamThatSaidSubscribedHearsTheNextChange() throws Exception {
        String repository = uniqueRepository();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/events?repository=" + repository))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        int count = 40;
        List<CompletableFuture<HttpResponse<Stream<String>>>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()));
        }
        List<HttpResponse<Stream<String>>> responses = new ArrayList<>();
        try {
            List<BlockingQueue<String>> lines = new ArrayList<>();
            for (CompletableFuture<HttpResponse<Stream<String>>> open : opening) {
                HttpResponse<Stream<String>> response = open.get(20, TimeUnit.SECONDS);
                responses.add(response);
                BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                Thread reader = new Thread(() -> response.body().forEach(queue::add), "sse-reader");
                reader.setDaemon(true);
                reader.start();
                lines.add(queue);
            }
            for (BlockingQueue<String> queue : lines) {
                assertThat(queue.poll(10, TimeUnit.SECONDS)).as("each stream says it is subscribed")
                        .matches(":\\s*subscribed");
            }

            put(path(repository, "main"), put(commit())).then().statusCode(202);

            for (int i = 0; i < count; i++) {
                String line;
                do {
                    line = lines.get(i).poll(10, TimeUnit.SECONDS);
                } while (line != null && !line.startsWith("event:"));
                assertThat(line).as("stream %d of %d hears the change", i + 1, count).isEqualTo("event:revision.changed");
            }
        } finally {
            responses.forEach(response -> response.body().close());
        }
    }

    @Test
    void anEventStreamRefusesABadRepositoryFilter() {
        given().accept("text/event-stream").get("/api/v1/events?repository=nope").then().statusCode(400)
                .body(containsString("repository"));
    }
}
