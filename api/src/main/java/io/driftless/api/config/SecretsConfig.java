package io.driftless.api.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code driftless.secrets}: how repository secrets are sealed at rest. */
@ConfigMapping(prefix = "driftless.secrets")
public interface SecretsConfig {

    /** The property, as named in errors. */
    String KEY = "driftless.secrets.key";

    /**
     * {@code driftless.secrets.key} (env DRIFTLESS_SECRETS_KEY): 32 random bytes in base64, the
     * AES-256 key of every repository secret; the same in every api and worker process. When unset,
     * Driftless makes one once and keeps it in {@code <data-dir>/secrets.key}, as it does the UI session
     * key. Losing it loses every stored secret (they must then be put again).
     */
    Optional<String> key();
}
