package io.driftless.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.LoggerFactory;

import io.driftless.server.embedded.BootConfig;
import io.driftless.server.embedded.EdgeKey;
import io.driftless.server.embedded.EmbeddedDatabase;
import io.driftless.server.embedded.SecretsKey;
import io.driftless.server.embedded.SessionKey;
import io.driftless.server.embedded.SimulatedCluster;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts Driftless. Before Quarkus comes up it starts what the embedded defaults need: PostgreSQL when
 * no {@code quarkus.datasource.jdbc.url} is given, and the simulated cluster when
 * {@code driftless.cluster=simulated} (the default). Production sets both and starts neither.
 */
@QuarkusMain
public final class DriftlessMain {

    private DriftlessMain() {
    }

    public static void main(String... args) throws Exception {
        BootConfig boot = BootConfig.read();
        // SLF4J binds itself on first use; when two threads (the database's, below, and this one's Vert.x)
        // get there at once it prints a page of "substitute loggers" warnings: bind it here, first
        LoggerFactory.getILoggerFactory();
        // PostgreSQL's start is mostly waiting for its processes: the simulated cluster starts meanwhile
        CompletableFuture<EmbeddedPostgres> database = boot.jdbcUrl().isPresent() ? null
                : CompletableFuture.supplyAsync(() -> {
                    try {
                        return EmbeddedDatabase.start(boot.dataDir());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        SimulatedCluster cluster = null;
        if (boot.cluster() == BootConfig.ClusterMode.simulated) {
            cluster = SimulatedCluster.start(boot.dataDir(), boot.simulatedPort());
            // fabric8 reads this kubeconfig exactly as it reads a real one: the same code path for both
            System.setProperty("kubeconfig", cluster.kubeconfig().toString());
            System.setProperty("driftless.cluster.simulated.url", cluster.url());
            System.setProperty("driftless.cluster.simulated.kubeconfig", cluster.kubeconfig().toString());
        }
        if (database != null) {
            EmbeddedPostgres postgres = join(database);
            System.setProperty("quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"));
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
            System.setProperty("driftless.database.embedded", "true");
        }
        if (boot.sessionKey().isEmpty()) {
            System.setProperty("quarkus.http.auth.session.encryption-key", SessionKey.loadOrCreate(boot.dataDir()));
        }
        if (boot.secretsKey().isEmpty()) {
            System.setProperty("driftless.secrets.key", SecretsKey.loadOrCreate(boot.dataDir()));
        }
        if (boot.edgeKey().isEmpty()) {
            System.setProperty("driftless.edge.key", EdgeKey.loadOrCreate(boot.dataDir()));
        }
        try {
            Quarkus.run(args);
        } finally {
            // Quarkus.run returns without the JVM exiting on each live reload of `quarkus:dev`, which then
            // calls main again: the next start makes a cluster of its own, so this one must not run on.
            // The database stays: its URL is a system property now, so the next start takes it as given.
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    /** The started database, or what stopped it, as if it had been started on this thread. */
    private static EmbeddedPostgres join(CompletableFuture<EmbeddedPostgres> database) throws IOException {
        try {
            return database.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }
}
