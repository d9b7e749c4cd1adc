package io.driftless.server.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Application;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL 15 from the binaries shipped in a jar, its data kept under the data directory so that
 * everything survives a restart. The same engine as production: one database everywhere.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    private EmbeddedDatabase() {
    }

    public static EmbeddedPostgres start(Path dataDir) throws IOException {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(pgData.getParent());
        stopOrphan(pgData);
        long started = System.nanoTime();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData.toFile())
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false) // stopped after Driftless, see stopAfterQuarkus
                .start();
        stopAfterQuarkus(postgres);
        LOG.infof("embedded PostgreSQL 15 is up on port %d in %d ms, data in %s", postgres.getPort(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), pgData);
        return postgres;
    }

    /**
     * Stops PostgreSQL when the process ends, but only once Quarkus has stopped: a database stopped beside
     * it (the library's own shutdown hook) ended the connections of jobs and informers still finishing, and
     * every stop logged their errors. Waits at most 30 s for Quarkus.
     */
    private static void stopAfterQuarkus(EmbeddedPostgres postgres) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread quarkus = new Thread(() -> {
                Application application = Application.currentApplication();
                if (application != null) {
                    application.awaitShutdown();
                }
            }, "embedded-postgres-waits-for-quarkus");
            quarkus.setDaemon(true);
            quarkus.start();
            try {
                quarkus.join(TimeUnit.SECONDS.toMillis(30));
                postgres.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                LOG.warnf("could not stop the embedded PostgreSQL: %s", e.getMessage());
            }
        }, "embedded-postgres-closer"));
    }

    /**
     * After a {@code kill -9} of the server its PostgreSQL lives on and holds the data directory. Stop
     * that orphan (after checking it is a postgres process) so this start can take the directory.
     */
    public static void stopOrphan(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (process.isEmpty()) {
                return; // a stale pid file: PostgreSQL itself ignores it
            }
            LOG.warnf("stopping PostgreSQL %d left running by an earlier Driftless", pid);
            ProcessHandle postgres = process.get();
            postgres.destroy(); // SIGTERM: a smart shutdown; its clients died with the old server
            try {
                postgres.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                postgres.destroyForcibly();
                postgres.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warnf("could not stop an earlier PostgreSQL on %s: %s", pgData, e.getMessage());
        }
    }
}
