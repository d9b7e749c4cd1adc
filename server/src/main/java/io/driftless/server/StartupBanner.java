package io.driftless.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.server.simulated.SimulatedClusterConfig;
import io.quarkus.vertx.http.HttpServerStart;

/** Says, once the HTTP server listens, where the UI is and which cluster this process drives. */
@ApplicationScoped
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    private final SimulatedClusterConfig cluster;
    private final RolesConfig roles;
    private final boolean embeddedDatabase;

    public StartupBanner(SimulatedClusterConfig cluster, RolesConfig roles,
            @ConfigProperty(name = "driftless.database.embedded", defaultValue = "false") boolean embeddedDatabase) {
        this.cluster = cluster;
        this.roles = roles;
        this.embeddedDatabase = embeddedDatabase;
    }

    void started(@ObservesAsync HttpServerStart event) {
        int port = event.options().getPort();
        if (port <= 0) {
            port = Integer.getInteger("quarkus.http.port", port);
        }
        String base = "http://localhost:" + port + "/";
        StringBuilder banner = new StringBuilder("\n\n  Driftless is up (roles: ").append(roles.enabled()).append(")\n");
        if (roles.has(RolesConfig.Role.web)) {
            banner.append("  UI:       ").append(base).append('\n');
        }
        if (roles.has(RolesConfig.Role.api)) {
            banner.append("  API:      ").append(base).append("api/v1/environments   (OpenAPI: ").append(base)
                    .append("q/openapi)\n");
        }
        banner.append("  Database: ").append(embeddedDatabase ? "embedded PostgreSQL (data under driftless.data-dir)"
                : "PostgreSQL at quarkus.datasource.jdbc.url").append('\n');
        if (cluster.isSimulated()) {
            banner.append("  Cluster:  SIMULATED - nothing really runs; an in-process API server at ")
                    .append(cluster.simulated().url().orElse("(the test server)"))
                    .append(cluster.simulated().kubeconfig().map(k -> ", kubeconfig " + k).orElse(""))
                    .append('\n');
        } else {
            banner.append("  Cluster:  ").append(cluster.mode()).append('\n');
        }
        LOG.info(banner);
    }
}
