package io.driftless.server.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A key made once and kept under the data directory, readable by its owner only, for when none is
 * configured: 32 random bytes in base64, written to a temporary file and moved into place so that a
 * crash never leaves half a key, and never printed to the log.
 */
final class KeyFile {

    private KeyFile() {
    }

    /** The key in {@code dataDir/file}, made first if there is none; {@code what} names it in errors. */
    static String loadOrCreate(Path dataDir, String file, String what) {
        Path path = dataDir.resolve(file);
        try {
            if (Files.exists(path)) {
                return Files.readString(path, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getEncoder().encodeToString(bytes);
            Path fresh = Files.createTempFile(dataDir, file, ".new");
            try {
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the data directory's own protection applies
            }
            Files.writeString(fresh, key, StandardCharsets.UTF_8);
            Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the " + what + " in " + path, e);
        }
    }
}
