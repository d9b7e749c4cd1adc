package io.driftless.server.embedded;

import java.nio.file.Path;

/**
 * The key that seals UI login sessions, when none is configured: made once, kept under the data
 * directory (readable by its owner only), so that a restart does not log everyone out and the key is
 * never printed to the log.
 */
public final class SessionKey {

    static final String FILE = "session.key";

    private SessionKey() {
    }

    public static String loadOrCreate(Path dataDir) {
        return KeyFile.loadOrCreate(dataDir, FILE, "UI session key");
    }
}
