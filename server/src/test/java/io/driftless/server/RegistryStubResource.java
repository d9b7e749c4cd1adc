package io.driftless.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A registry stub on loopback (WireMock), reached over http through driftless.registry.insecure-hosts. */
public class RegistryStubResource implements QuarkusTestResourceLifecycleManager {

    static WireMockServer registry;

    @Override
    public Map<String, String> start() {
        registry = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        registry.start();
        return Map.of("driftless.registry.insecure-hosts", host());
    }

    static String host() {
        return "localhost:" + registry.port();
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.stop();
        }
    }
}
