package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Tracer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * OpenTelemetry tracing ships in the server but stays off until an operator turns it on
 * ({@code QUARKUS_OTEL_SDK_DISABLED=false}, the chart's {@code tracing.enabled}). Turned on, the SDK starts a
 * batch span processor, a batch log processor and a metric reader, each a thread exporting to a collector (and
 * logging a warning every few seconds when none listens at the default localhost:4317); off, none of them.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class TracingTest {

    @Inject
    Tracer tracer;

    @Test
    void tracingStartsNoExporterUntilAnOperatorTurnsItOn() {
        // the SDK bean is built on first use: use it, so that an enabled SDK would have started its exporters
        tracer.spanBuilder("driftless-tracing-test").startSpan().end();

        List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
        assertThat(threads).as("threads of the OpenTelemetry SDK's exporters")
                .noneMatch(name -> name.startsWith("BatchSpanProcessor") || name.startsWith("BatchLogRecordProcessor")
                        || name.startsWith("PeriodicMetricReader"));
    }
}
