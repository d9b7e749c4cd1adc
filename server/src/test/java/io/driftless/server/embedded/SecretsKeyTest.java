package io.driftless.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void theKeyIsAnAes256KeyMadeOnceKeptPrivateAndTheSameAfterARestart() throws Exception {
        String first = SecretsKey.loadOrCreate(dataDir);
        String again = SecretsKey.loadOrCreate(dataDir);

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(again).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(SecretsKey.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void itIsNotTheSessionKey() {
        assertThat(SecretsKey.loadOrCreate(dataDir)).isNotEqualTo(SessionKey.loadOrCreate(dataDir));
        assertThat(dataDir.resolve(SecretsKey.FILE)).exists();
        assertThat(dataDir.resolve(SessionKey.FILE)).exists();
    }
}
