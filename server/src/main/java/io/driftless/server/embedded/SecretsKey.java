package io.driftless.server.embedded;

import java.nio.file.Path;

/**
 * The AES-256 key that seals repository secrets, when {@code driftless.secrets.key} is not set: made
 * once and kept under the data directory (readable by its owner only) exactly as the session key is, so
 * that secrets stored before a restart still open after it. Its own file, not the session key's: the two
 * are rotated for different reasons (rotating the session key logs people out; rotating this one
 * means putting every secret again).
 */
public final class SecretsKey {

    static final String FILE = "secrets.key";

    private SecretsKey() {
    }

    public static String loadOrCreate(Path dataDir) {
        return KeyFile.loadOrCreate(dataDir, FILE, "repository secrets key");
    }
}
