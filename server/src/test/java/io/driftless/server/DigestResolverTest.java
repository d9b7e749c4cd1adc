package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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

import io.driftless.api.spec.ImageReference;
import io.driftless.worker.jobs.PassingFailure;
import io.driftless.worker.registry.DigestResolver;
import io.driftless.worker.registry.ImageNotResolvable;

/** Tag → digest resolution against a registry stub speaking the distribution API (plain unit test). */
class DigestResolverTest {

    private static final String DIGEST = "sha256:" + "5e".repeat(32);

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

    /**
     * A resolver that waits long enough for any answer: a loaded machine may take seconds for WireMock's
     * first one, and only the test of an unanswering registry is about the timeout.
     */
    private DigestResolver resolver(Map<String, DigestResolver.Credentials> credentials) {
        return new DigestResolver(Set.of(host), credentials, Duration.ofSeconds(30));
    }

    private ImageReference image(String reference) {
        return ImageReference.parse(host + "/" + reference).orElseThrow();
    }

    @Test
    void resolvesATagToTheDigestTheRegistryNamesAskingForEveryManifestKind() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/v1"))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));

        assertThat(resolver(Map.of()).resolve(image("acme/shop:v1"))).isEqualTo(DIGEST);
        registry.verify(headRequestedFor(urlEqualTo("/v2/acme/shop/manifests/v1"))
                .withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "application/vnd.oci.image.index.v1+json"))
                .withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "application/vnd.docker.distribution.manifest.list.v2+json"))
                .withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "application/vnd.docker.distribution.manifest.v2+json")));
    }

    @Test
    void answersABearerChallengeWithAnAnonymousTokenFromTheRealm() {
        String realm = "http://" + host + "/token";
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/v2"))
                .withHeader("Authorization", equalTo("Bearer t0ken"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/v2")).atPriority(2)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer realm=\"" + realm + "\",service=\"registry.test\",scope=\"repository:acme/shop:pull\"")));
        registry.stubFor(get(urlPathEqualTo("/token"))
                .withQueryParam("service", equalTo("registry.test"))
                .withQueryParam("scope", equalTo("repository:acme/shop:pull"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"token\":\"t0ken\",\"expires_in\":300}")));

        assertThat(resolver(Map.of()).resolve(image("acme/shop:v2"))).isEqualTo(DIGEST);
        registry.verify(getRequestedFor(urlPathEqualTo("/token")).withoutHeader("Authorization"));
    }

    @Test
    void sendsConfiguredBasicCredentialsToTheTokenService() {
        registry.stubFor(head(urlEqualTo("/v2/acme/private/manifests/v1"))
                .withHeader("Authorization", equalTo("Bearer secret-token")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));
        registry.stubFor(head(urlEqualTo("/v2/acme/private/manifests/v1")).atPriority(2)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer realm=\"http://" + host + "/token\",service=\"registry.test\"")));
        registry.stubFor(get(urlPathEqualTo("/token"))
                .withBasicAuth("bot", "hunter2")
                .withQueryParam("scope", equalTo("repository:acme/private:pull"))
                .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"secret-token\"}")));

        assertThat(resolver(Map.of(host, new DigestResolver.Credentials("bot", "hunter2")))
                .resolve(image("acme/private:v1"))).isEqualTo(DIGEST);
    }

    @Test
    void computesTheDigestFromTheManifestWhenTheRegistryNamesNone() {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/v3")).willReturn(aResponse().withStatus(200)));
        registry.stubFor(get(urlEqualTo("/v2/acme/shop/manifests/v3"))
                .willReturn(aResponse().withStatus(200).withBody(manifest)));

        assertThat(resolver(Map.of()).resolve(image("acme/shop:v3")))
                .isEqualTo("sha256:" + io.driftless.api.naming.Names.sha256Hex("{\"schemaVersion\":2}"));
    }

    @Test
    void anUnknownTagFailsForGoodWithAClearReason() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/nope")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> resolver(Map.of()).resolve(image("acme/shop:nope")))
                .isInstanceOf(ImageNotResolvable.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(host + "/acme/shop:nope")
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void aRegistryErrorOrRateLimitIsAPassingFailureHonouringRetryAfter() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/busy"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/down")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> resolver(Map.of()).resolve(image("acme/shop:busy")))
                .isInstanceOfSatisfying(PassingFailure.class,
                        f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(7)));
        assertThatThrownBy(() -> resolver(Map.of()).resolve(image("acme/shop:down")))
                .isInstanceOf(PassingFailure.class)
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsAPassingFailure() {
        registry.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/slow"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(4000)));

        assertThatThrownBy(() -> new DigestResolver(Set.of(host), Map.of(), Duration.ofSeconds(1))
                .resolve(image("acme/shop:slow")))
                .isInstanceOf(PassingFailure.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void anImageGivenByDigestIsUsedAsIsWithoutAskingTheRegistry() {
        assertThat(resolver(Map.of()).resolve(image("acme/shop@" + DIGEST))).isEqualTo(DIGEST);
        assertThat(registry.getAllServeEvents()).isEmpty();
    }
}
