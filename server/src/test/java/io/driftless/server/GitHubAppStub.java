package io.driftless.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * The GitHub stub, with Driftless acting as installation {@link #INSTALLATION} of GitHub App {@link #APP_ID}
 * whose private key (a fresh one, in a temporary PEM file) the stub's test can check JWTs against.
 */
public class GitHubAppStub extends GitHubStub {

    static final String APP_ID = "31337";
    static final long INSTALLATION = 99;

    private KeyPair keys;
    private Path keyFile;

    @Override
    protected Map<String, String> credentials() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            keyFile = Files.createTempFile("github-app", ".pem");
            Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(keys.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("driftless.github.app.id", APP_ID,
                "driftless.github.app.private-key", keyFile.toString(),
                "driftless.github.app.installation-id", String.valueOf(INSTALLATION));
    }

    @Override
    public void inject(TestInjector testInjector) {
        super.inject(testInjector);
        testInjector.injectIntoFields(keys.getPublic(),
                new TestInjector.AnnotatedAndMatchesType(Server.class, PublicKey.class));
    }

    @Override
    public void stop() {
        super.stop();
        try {
            if (keyFile != null) {
                Files.deleteIfExists(keyFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
