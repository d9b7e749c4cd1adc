package io.driftless.server.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

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
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getEncoder().encodeToString(bytes);
            Path fresh = Files.createTempFile(dataDir, FILE, ".new");
            try {
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the data directory's own protection applies
            }
            Files.writeString(fresh, key, StandardCharsets.UTF_8);
            Files.move(fresh, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the UI session key in " + file, e);
        }
    }
}
