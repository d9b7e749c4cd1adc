package io.driftless.server.embedded;

import java.nio.file.Path;

/**
 * The HMAC key that signs preview sign-in tokens and preview hosts' cookies, when
 * {@code driftless.edge.key} is not set: made once and kept under the data directory like the session key,
 * so a restart does not sign everyone out of the previews. Its own file: rotating it signs people out of
 * previews only.
 */
public final class EdgeKey {

    static final String FILE = "edge.key";

    private EdgeKey() {
    }

    public static String loadOrCreate(Path dataDir) {
        return KeyFile.loadOrCreate(dataDir, FILE, "preview edge key");
    }
}
