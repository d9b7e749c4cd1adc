package io.driftless.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stub of the GitHub REST API (WireMock on a free port) that Driftless is pointed at with a token;
 * the test class gets the server in its field marked {@link Server}.
 */
public class GitHubStub implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "ghp_test_token_for_the_stub";
    static final String PUBLIC_URL = "https://driftless.example.test";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        Map<String, String> config = new java.util.HashMap<>(credentials());
        config.put("driftless.github.api-url", server.baseUrl());
        config.put("driftless.public-url", PUBLIC_URL);
        return config;
    }

    /** How Driftless authenticates to the stub: a token. */
    protected Map<String, String> credentials() {
        return Map.of("driftless.github.token", TOKEN);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
    }

    protected WireMockServer server() {
        return server;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
