package io.driftless.server;

import static io.driftless.server.Requests.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import io.restassured.specification.RequestSpecification;

/**
 * The packaged server (README command A's jar) as a real process, for tests that kill and restart it.
 * Its output goes to {@code target/it-logs}, which outlives the test's data directory, so a failed
 * run can be explained afterwards; {@link KeepServerLogs} prints the tails of a failed test's logs.
 */
final class ServerProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final Path dataDir;
    final Path log;
    final int port;
    private final List<String> options;
    private final Map<String, String> environment;
    private Process process;

    ServerProcess(Path dataDir, List<String> options, Map<String, String> environment) throws IOException {
        this.dataDir = dataDir;
        Path logs = Files.createDirectories(Path.of(System.getProperty("driftless.it-logs", "target/it-logs")));
        this.log = logs.resolve("server-" + java.time.LocalTime.now().toString().replace(":", "") + "-"
                + System.nanoTime() % 100_000 + ".log").toAbsolutePath();
        this.options = options;
        this.environment = environment;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    void start() throws IOException {
        String jar = System.getProperty("driftless.runner", "target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException("the packaged server is missing: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-Ddriftless.auth.admin-token=" + Requests.ADMIN_TOKEN, "-Ddriftless.data-dir=" + dataDir, "-Dquarkus.http.port=" + port));
        command.addAll(options);
        command.addAll(List.of("-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        KeepServerLogs.keep(log);
        Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("the server exited; see " + log, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> api().get("/q/health/ready").statusCode() == 200);
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful stop. */
    boolean stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    RequestSpecification api() {
        return given().baseUri("http://localhost").port(port);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** The JDBC URL of the embedded PostgreSQL this server started, read from its log. */
    String embeddedJdbcUrl() throws IOException {
        Matcher port = Pattern.compile("embedded PostgreSQL 15 is up on port (\\d+)").matcher(log());
        if (!port.find()) {
            throw new IllegalStateException("no embedded PostgreSQL in " + log);
        }
        return "jdbc:postgresql://localhost:" + port.group(1) + "/postgres";
    }

    void awaitPhase(String environmentId, String phase, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> phase.equals(api().get("/api/v1/environments/" + environmentId).path("phase")));
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
