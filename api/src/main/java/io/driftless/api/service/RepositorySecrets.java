package io.driftless.api.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.driftless.api.config.SecretsConfig;
import io.driftless.api.domain.RepositorySecret;
import io.driftless.api.domain.RepositorySecretRepository;
import io.driftless.api.security.SecretCipher;
import io.driftless.api.security.SecretCipher.Sealed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Secrets an admin stores per repository and a stack refers to by name. Values are write-only: they are
 * sealed with {@link SecretCipher} before they reach the database, and only {@link #values} (for the
 * worker at deploy time) opens them. Each value put gets the next version, never one used before for the
 * name (a delete leaves a tombstone), so that a revision's spec, which covers each secret's name and
 * version and never its value, changes when a secret is rotated.
 *
 * <p>Repositories are compared without case, as GitHub compares them: they are kept lower-case.
 */
@ApplicationScoped
public class RepositorySecrets {

    /** What a secret may be called: an environment variable name, at most 64 characters. */
    public static final String NAME_PATTERN = "^[A-Z_][A-Z0-9_]{0,63}$";
    public static final String NAME_MESSAGE = "must match " + NAME_PATTERN
            + ": upper-case letters, digits and _, not starting with a digit, at most 64 characters";
    /** The largest value, in UTF-8 bytes: 64 KiB. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    public static final String VALUE_MESSAGE = "must be at most " + MAX_VALUE_BYTES + " bytes (64 KiB) in UTF-8";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    /** Two first puts of one name at once: one inserts, the other retries and finds its row. */
    private static final int ATTEMPTS = 3;

    /** A secret as anyone may see it: never its value. */
    public record SecretView(String name, int version, Instant updatedAt, String updatedBy) {
    }

    /** The secret as a put left it, and whether the put created it (it had no value before). */
    public record Written(SecretView secret, boolean created) {
    }

    private final RepositorySecretRepository secrets;
    private final AuditLog audit;
    private final SecretCipher cipher;

    public RepositorySecrets(RepositorySecretRepository secrets, AuditLog audit, SecretsConfig config) {
        this.secrets = secrets;
        this.audit = audit;
        this.cipher = SecretCipher.fromBase64(config.key().filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalStateException(SecretsConfig.KEY + " is not set: set it (env "
                        + "DRIFTLESS_SECRETS_KEY) to 32 random bytes in base64, e.g. openssl rand -base64 32")),
                SecretsConfig.KEY);
    }

    /** A missing or malformed key is a configuration error: say so at start, not at the first secret. */
    void check(@Observes StartupEvent event) {
        // observing the event is enough: the constructor has checked the key
    }

    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static boolean fits(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length <= MAX_VALUE_BYTES;
    }

    /** Stores a value as the next version of the secret; the audit trail gets its name and version only. */
    public Written put(String repository, String name, String value, String actor) {
        if (!isName(name)) {
            throw new IllegalArgumentException("secret name " + NAME_MESSAGE);
        }
        if (!fits(value)) {
            throw new IllegalArgumentException("secret value " + VALUE_MESSAGE);
        }
        String key = key(repository);
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> putOnce(key, name, value, actor));
            } catch (PersistenceException e) {
                if (attempt >= ATTEMPTS || !isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private Written putOnce(String repository, String name, String value, String actor) {
        Instant now = Instant.now();
        RepositorySecret secret = secrets.findForUpdate(repository, name).orElse(null);
        boolean created = secret == null || secret.deletedAt != null;
        if (secret == null) {
            secret = new RepositorySecret();
            secret.repository = repository;
            secret.name = name;
            secret.version = 0;
            secret.createdAt = now;
        } else if (secret.deletedAt != null) {
            secret.createdAt = now;
            secret.deletedAt = null;
        }
        boolean insert = secret.version == 0;
        secret.version++;
        Sealed sealed = cipher.seal(repository, name, secret.version, value);
        secret.ciphertext = sealed.ciphertext();
        secret.nonce = sealed.nonce();
        secret.updatedAt = now;
        secret.updatedBy = actor;
        if (insert) {
            secrets.persist(secret);
            secrets.flush();
        }
        audit.recordForRepository(repository, actor, AuditLog.SECRET_PUT, name + " version " + secret.version);
        return new Written(view(secret), created);
    }

    /** The repository's secrets by name: names and versions, never values. */
    @Transactional
    public List<SecretView> list(String repository) {
        return secrets.listLive(key(repository)).stream().map(RepositorySecrets::view).toList();
    }

    /**
     * Deletes the secret's value; its version stays reserved, so putting the name again gives the next
     * one. 404 when it has no value.
     */
    @Transactional
    public void delete(String repository, String name, String actor) {
        String key = key(repository);
        RepositorySecret secret = secrets.findForUpdate(key, name).filter(s -> s.deletedAt == null)
                .orElseThrow(() -> new NotFoundProblem("The repository " + key + " has no secret named " + name + "."));
        Instant now = Instant.now();
        secret.ciphertext = null;
        secret.nonce = null;
        secret.deletedAt = now;
        secret.updatedAt = now;
        secret.updatedBy = actor;
        audit.recordForRepository(key, actor, AuditLog.SECRET_DELETED, name + " version " + secret.version);
    }

    /** The current version of each of the names that has a value; names without one are left out. */
    @Transactional
    public Map<String, Integer> versions(String repository, Collection<String> names) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        if (!names.isEmpty()) {
            secrets.listLive(key(repository), names).forEach(s -> versions.put(s.name, s.version));
        }
        return versions;
    }

    /**
     * The plain values of the names that have one, for the worker at deploy time; names without one are
     * left out. A value that cannot be opened (another key, an altered row) throws
     * {@link SecretCipher.CannotOpen}, whose message names the secret and never holds a value.
     */
    @Transactional
    public Map<String, String> values(String repository, Collection<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!names.isEmpty()) {
            for (RepositorySecret s : secrets.listLive(key(repository), names)) {
                values.put(s.name, cipher.open(s.repository, s.name, s.version, new Sealed(s.ciphertext, s.nonce)));
            }
        }
        return values;
    }

    private static String key(String repository) {
        return repository.toLowerCase(Locale.ROOT);
    }

    private static SecretView view(RepositorySecret s) {
        return new SecretView(s.name, s.version, s.updatedAt, s.updatedBy);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
