package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftless.server.embedded.EmbeddedDatabase;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * {@code ./mvnw quarkus:dev -pl server -am}, the contributors' live-reload command, starts Driftless on its
 * embedded defaults and reloads a changed template (web) and a changed resource class (api) on the next
 * request. It runs in a copy of the sources beside the classes this build made, so that it can edit files
 * without touching the work tree, and skips compiling them again ({@code -Dmaven.main.skip}): dev mode
 * compiles what changes by itself. Offline when this build is; otherwise the first run on a machine fetches
 * what only dev mode uses (the Dev UI, the Qute debugger) from Maven Central.
 */
@ExtendWith(KeepServerLogs.class)
class DevModeIT {

    /** Maven, the build of the augmented application and the first start of PostgreSQL. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> MODULES = List.of("kubernetes-schemas", "api", "worker", "web", "server");
    private static final Pattern CLUSTER_STARTED = Pattern.compile("simulated cluster API server at \\S+ \\(kubeconfig");
    private static final Pattern CLUSTER_STOPPED = Pattern.compile("simulated cluster API server at \\S+ stopped");

    private Path copy;
    private Path dataDir;
    private Path log;
    private int port;
    private Process maven;

    @BeforeEach
    void copyTheSources() throws IOException {
        Path root = Path.of(System.getProperty("driftless.project-root", "..")).toAbsolutePath().normalize();
        assertThat(root.resolve("mvnw")).as("the project's root").exists();
        copy = Path.of("target", "dev-mode-it").toAbsolutePath();
        if (Files.exists(copy)) {
            ServerProcess.deleteRecursively(copy);
        }
        copyTree(root.resolve(".mvn"), copy.resolve(".mvn"));
        for (String file : List.of("mvnw", "pom.xml", "charts/pom.xml")) {
            copyTree(root.resolve(file), copy.resolve(file));
        }
        for (String module : MODULES) {
            // the tests stay out: dev mode would compile them for continuous testing
            for (String part : List.of("pom.xml", "src/main", "target/classes")) {
                copyTree(root.resolve(module).resolve(part), copy.resolve(module).resolve(part));
            }
        }
        dataDir = Files.createTempDirectory("driftless-devmode-");
        log = Files.createDirectories(Path.of(System.getProperty("driftless.it-logs", "target/it-logs")))
                .resolve("dev-mode-" + java.time.LocalTime.now().toString().replace(":", "") + ".log").toAbsolutePath();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void stopTheProcessTree() throws Exception {
        if (maven != null) {
            List<ProcessHandle> tree = new ArrayList<>(maven.descendants().toList());
            tree.add(maven.toHandle());
            tree.forEach(ProcessHandle::destroy); // SIGTERM: dev mode's shutdown hooks stop PostgreSQL
            for (ProcessHandle process : tree) {
                try {
                    process.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    process.destroyForcibly();
                }
            }
        }
        if (dataDir != null) {
            EmbeddedDatabase.stopOrphan(dataDir.resolve("postgres")); // left running if a JVM had to be killed
            ServerProcess.deleteRecursively(dataDir);
        }
        if (copy != null && Files.exists(copy)) {
            ServerProcess.deleteRecursively(copy);
        }
    }

    @Test
    void startsOnTheEmbeddedDefaultsAndReloadsChangedTemplatesAndClasses() throws Exception {
        startDevMode();
        assertThat(log()).contains("Profile dev activated. Live Coding activated")
                .contains("embedded PostgreSQL 15 is up").containsPattern(CLUSTER_STARTED);

        edit("web/src/main/resources/templates/LoginPage/login.html", "<h1>Log in</h1>", "<h1>Log in (reloaded)</h1>");
        awaitReload(() -> app().get("/login").then().extract().asString().contains("Log in (reloaded)"));

        edit("api/src/main/java/io/driftless/api/rest/SpecResource.java", "return SpecParser.schema();",
                "return \"{\\\"reloaded\\\": true}\";");
        awaitReload(() -> app().get("/api/v1/schemas/driftless.schema.json").then().extract().asString()
                .equals("{\"reloaded\": true}"));

        app().get("/q/health/ready").then().statusCode(200);
        // each reload runs DriftlessMain again: one simulated cluster runs at a time, one database throughout
        assertThat(count(CLUSTER_STARTED)).isGreaterThanOrEqualTo(3).isEqualTo(count(CLUSTER_STOPPED) + 1);
        assertThat(count(Pattern.compile("embedded PostgreSQL 15 is up"))).isEqualTo(1);
    }

    private void startDevMode() throws IOException {
        List<String> command = new ArrayList<>(List.of(copy.resolve("mvnw").toString(), "-B", "-ntp"));
        if (System.getProperty("driftless.maven.offline", "").endsWith("true")) {
            command.add("-o");
        }
        String repository = System.getProperty("driftless.maven.repo.local", "");
        if (!repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.addAll(List.of("quarkus:dev", "-pl", "server", "-am", "-Dmaven.main.skip=true", "-Ddebug=false",
                "-Dquarkus.analytics.disabled=true", "-Djvm.args=-Xmx768m",
                // Maven's own lines timed too, so that the log tells where a slow start spent its time
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DRIFTLESS_DATA_DIR", dataDir.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_TEST_CONTINUOUS_TESTING", "disabled");
        maven = builder.start();
        maven.getOutputStream().close(); // no console: dev mode reads no keys
        KeepServerLogs.keep(log);
        Awaitility.await("dev mode ready on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .failFast("Maven exited; see " + log, () -> !maven.isAlive())
                .ignoreExceptions()
                .until(() -> app().get("/q/health/ready").statusCode() == 200);
    }

    /** Dev mode looks for changes when a request comes: each poll is that request. */
    private void awaitReload(java.util.concurrent.Callable<Boolean> changeShows) {
        Awaitility.await("the change served").atMost(RELOAD_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .failFast("Maven exited; see " + log, () -> !maven.isAlive())
                .ignoreExceptions()
                .until(changeShows);
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = copy.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as("%s, which this test edits", file).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    private RequestSpecification app() {
        return RestAssured.given().baseUri("http://localhost").port(port);
    }

    private String log() throws IOException {
        return Files.readString(log);
    }

    private long count(Pattern pattern) throws IOException {
        Matcher matcher = pattern.matcher(log());
        return matcher.results().count();
    }

    /** A file or a folder, with its times, so that Maven and dev mode see nothing new. */
    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
