package io.driftless.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real HTTP receiver for outbound webhooks, on a free port, with a shared secret. */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "t3st-s3cret";
    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        return Map.of(
                "driftless.notify.webhook-url", server.baseUrl() + "/hook",
                "driftless.notify.webhook-secret", SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
