package io.driftless.api.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.spec.SpecParser;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads and compiles the spec's JSON Schema once at start, off the start-up path: the first parse in a
 * JVM costs one to three seconds, which the first person to validate a file (or the first webhook with
 * a spec) should not wait for.
 */
@ApplicationScoped
class SpecWarmup {

    private static final Logger LOG = Logger.getLogger(SpecWarmup.class);

    void warm(@Observes StartupEvent event) {
        Thread thread = new Thread(() -> {
            long started = System.nanoTime();
            SpecParser.parseYaml("version: 1\nservices:\n  app: {image: 'nginx:1', port: 8080, expose: true}\n");
            LOG.debugf("spec schema ready in %d ms", (System.nanoTime() - started) / 1_000_000);
        }, "spec-warmup");
        thread.setDaemon(true);
        thread.start();
    }
}
