package io.driftless.worker.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class GitHubAppJwtTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aJwtSignedWithGitHubsPkcs1KeyVerifiesWithTheAppsPublicKeyAndCarriesTheClaimsGitHubWants() throws Exception {
        PrivateKey key = GitHubAppJwt.readPrivateKey(resource("app-private-key-pkcs1.pem"));
        PublicKey publicKey = publicKey(resource("app-public-key.pem"));

        String jwt = GitHubAppJwt.sign("123456", key, NOW);

        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(verifies(parts, publicKey)).isTrue();
        JsonNode header = json(parts[0]);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        JsonNode claims = json(parts[1]);
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond() - 60);
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 9 * 60);
        assertThat(claims.path("iss").isNumber()).isTrue();
        assertThat(claims.path("iss").asLong()).isEqualTo(123456L);
    }

    @Test
    void aTamperedTokenDoesNotVerify() throws Exception {
        PrivateKey key = GitHubAppJwt.readPrivateKey(resource("app-private-key-pkcs1.pem"));
        String[] parts = GitHubAppJwt.sign("123456", key, NOW).split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"iat\":0,\"exp\":9999999999,\"iss\":123456}".getBytes(StandardCharsets.UTF_8));

        assertThat(verifies(new String[] { parts[0], otherClaims, parts[2] }, publicKey(resource("app-public-key.pem"))))
                .isFalse();
    }

    @Test
    void aPkcs8KeyWithEscapedNewlinesAsAnEnvironmentVariableHoldsItIsReadToo() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded()).replace("\n", "\\n")
                + "\\n-----END PRIVATE KEY-----\\n";

        String jwt = GitHubAppJwt.sign("Iv1.abc123", GitHubAppJwt.readPrivateKey(pem), NOW);

        assertThat(verifies(jwt.split("\\."), pair.getPublic())).isTrue();
        assertThat(json(jwt.split("\\.")[1]).path("iss").asText()).isEqualTo("Iv1.abc123");
    }

    @Test
    void somethingThatIsNotAPemKeyIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> GitHubAppJwt.readPrivateKey("ssh-rsa AAAA..."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be PEM");
        assertThatThrownBy(() -> GitHubAppJwt.readPrivateKey("-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read");
    }

    private static boolean verifies(String[] parts, PublicKey key) throws Exception {
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static JsonNode json(String base64url) throws IOException {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(base64url));
    }

    private static PublicKey publicKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GitHubAppJwtTest.class.getResourceAsStream("/github/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
