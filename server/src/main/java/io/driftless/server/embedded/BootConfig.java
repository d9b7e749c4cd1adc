package io.driftless.server.embedded;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The few settings needed before Quarkus starts (the embedded database and simulated cluster must be
 * up before the datasource and Kubernetes client are configured), read from the same places Quarkus
 * reads: system properties, environment, config/application.properties and application.properties.
 */
public record BootConfig(Path dataDir, ClusterMode cluster, int simulatedPort, Optional<String> jdbcUrl,
        Optional<String> sessionKey, Optional<String> secretsKey, Optional<String> edgeKey) {

    public enum ClusterMode {
        simulated,
        kubeconfig,
        in_cluster;

        public static ClusterMode parse(String value) {
            for (ClusterMode mode : values()) {
                if (mode.display().equals(value.trim())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("driftless.cluster is '" + value
                    + "'; it must be one of simulated, kubeconfig, in-cluster");
        }

        public String display() {
            return name().replace('_', '-');
        }
    }

    public static BootConfig read() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, loader))
                .withSources(PropertiesConfigSourceLoader.inFileSystem(
                        Path.of("config", "application.properties").toUri().toString(), 260, loader))
                .withProfile(System.getProperty("quarkus.profile",
                        Optional.ofNullable(System.getenv("QUARKUS_PROFILE")).orElse("prod")))
                .build();
        return new BootConfig(
                Path.of(config.getOptionalValue("driftless.data-dir", String.class).orElse("data")),
                ClusterMode.parse(config.getOptionalValue("driftless.cluster", String.class).orElse("simulated")),
                config.getOptionalValue("driftless.cluster.simulated.port", Integer.class).orElse(0),
                config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue("quarkus.http.auth.session.encryption-key", String.class)
                        .filter(s -> !s.isBlank()),
                config.getOptionalValue("driftless.secrets.key", String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue("driftless.edge.key", String.class).filter(s -> !s.isBlank()));
    }
}
