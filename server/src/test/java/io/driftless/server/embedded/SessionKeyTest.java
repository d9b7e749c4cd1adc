package io.driftless.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void theKeyIsMadeOnceKeptPrivateAndTheSameAfterARestart() throws Exception {
        String first = SessionKey.loadOrCreate(dataDir);
        String again = SessionKey.loadOrCreate(dataDir);

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(again).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(SessionKey.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void anotherDataDirectoryGetsAnotherKey() throws Exception {
        Path other = Files.createDirectories(dataDir.resolve("other"));
        assertThat(SessionKey.loadOrCreate(other)).isNotEqualTo(SessionKey.loadOrCreate(dataDir));
    }
}
