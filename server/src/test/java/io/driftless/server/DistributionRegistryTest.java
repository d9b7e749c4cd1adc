package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.driftless.worker.jobs.PassingFailure;
import io.driftless.worker.registry.DigestResolver;
import io.driftless.worker.registry.DistributionRegistry;

/** Whether a registry stub speaking the distribution API has an image, as asked before a build (plain unit test). */
class DistributionRegistryTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String KEY_TAG = "key-" + "0f".repeat(32);

    private WireMockServer registry;
    private String host;

    @BeforeEach
    void start() {
        registry = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        registry.start();
        host = "localhost:" + registry.port();
    }

    @AfterEach
    void stop() {
        registry.stop();
    }

    private DistributionRegistry registry(Map<String, DigestResolver.Credentials> credentials) {
        return new DistributionRegistry(new DigestResolver(Set.of(host), credentials, Duration.ofSeconds(2)));
    }

    @Test
    void anImageThatIsThereAnswersItsDigestFromAHeadOfItsManifest() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));

        assertThat(registry(Map.of()).digestOf(host + "/acme/shop/web:" + KEY_TAG)).contains(DIGEST);
        registry.verify(1, headRequestedFor(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG)));
    }

    @Test
    void anImageThatIsNotThereIsEmptyNotAFailure() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG)).willReturn(aResponse().withStatus(404)));

        assertThat(registry(Map.of()).digestOf(host + "/acme/shop/web:" + KEY_TAG)).isEmpty();
    }

    @Test
    void anImageIsLookedForWithATokenFromTheRealmTheRegistryNamesAndTheConfiguredCredentials() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG))
                .withHeader("Authorization", equalTo("Bearer push-token")).atPriority(1)
                .willReturn(aResponse().withStatus(404)));
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG)).atPriority(2)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer realm=\"http://" + host + "/token\",service=\"registry.test\"")));
        registry.stubFor(get(urlPathEqualTo("/token")).withBasicAuth("builder", "s3cret")
                .withQueryParam("scope", equalTo("repository:acme/shop/web:pull"))
                .willReturn(aResponse().withStatus(200).withBody("{\"token\":\"push-token\"}")));

        assertThat(registry(Map.of(host, new DigestResolver.Credentials("builder", "s3cret")))
                .digestOf(host + "/acme/shop/web:" + KEY_TAG)).isEmpty();
    }

    @Test
    void aRegistryInTroubleIsAPassingFailureNotAnAbsentImage() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3")));

        assertThatThrownBy(() -> registry(Map.of()).digestOf(host + "/acme/shop/web:" + KEY_TAG))
                .isInstanceOfSatisfying(PassingFailure.class,
                        f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(3)))
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void refusedCredentialsAreAPassingFailureNamingTheCredentialsToCheck() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG)).willReturn(aResponse().withStatus(403)));
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/api/manifests/" + KEY_TAG)).willReturn(aResponse()
                .withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));

        assertThatThrownBy(() -> registry(Map.of()).digestOf(host + "/acme/shop/web:" + KEY_TAG))
                .isInstanceOf(PassingFailure.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("driftless.registry.credentials.\"" + host + "\"");
        assertThatThrownBy(() -> registry(Map.of()).digestOf(host + "/acme/shop/api:" + KEY_TAG))
                .isInstanceOf(PassingFailure.class)
                .hasMessageContaining("asks for credentials");
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsAPassingFailure() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/web/manifests/" + KEY_TAG))
                .willReturn(aResponse().withStatus(200).withFixedDelay(4000)));

        assertThatThrownBy(() -> registry(Map.of()).digestOf(host + "/acme/shop/web:" + KEY_TAG))
                .isInstanceOf(PassingFailure.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void whatIsNotAnImageReferenceIsRefusedWithoutAskingTheRegistry() {
        assertThatThrownBy(() -> registry(Map.of()).digestOf("Not A Reference"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.getAllServeEvents()).isEmpty();
    }
}
