package io.driftless.api.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals repository secrets at rest with AES-256-GCM.
 *
 * <p>Written on the JDK's own {@code javax.crypto}: every JDK ships AES/GCM/NoPadding, an authenticated
 * cipher, so a library (Tink, Bouncy Castle) would add a dependency for what is one {@code Cipher} call
 * each way. What such a library would otherwise take care of is done here: a fresh random 96-bit nonce
 * for every write (GCM must never see a nonce twice under one key; 2^-32 odds of a repeat only after
 * 2^32 writes), the full 128-bit tag, and additional authenticated data of repository, name and version,
 * so that a ciphertext copied onto another secret, repository or version fails to open instead of
 * quietly passing the wrong value.
 */
public final class SecretCipher {

    /** AES-256: 32 bytes. */
    public static final int KEY_BYTES = 32;
    /** The GCM nonce NIST SP 800-38D recommends: 96 bits. */
    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A sealed value: the ciphertext with its tag, and the nonce it was sealed with. Arrays compare by
     * identity in a record's equals; nothing compares these.
     */
    public record Sealed(byte[] ciphertext, byte[] nonce) {
    }

    /** The value could not be opened: another key sealed it, or it was moved or altered. */
    public static class CannotOpen extends RuntimeException {

        CannotOpen(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SecretKey key;

    public SecretCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /**
     * The cipher of a base64 key, as {@code driftless.secrets.key} holds it; {@code setting} names where
     * it came from in the error, which never repeats the key itself.
     */
    public static SecretCipher fromBase64(String key, String setting) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64; it must be " + KEY_BYTES
                    + " random bytes in base64, e.g. the output of: openssl rand -base64 32");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " decodes to " + bytes.length + " bytes; it must be "
                    + KEY_BYTES + " random bytes in base64, e.g. the output of: openssl rand -base64 32");
        }
        return new SecretCipher(bytes);
    }

    /** Seals a value under a fresh nonce, bound to the repository, name and version it is stored as. */
    public Sealed seal(String repository, String name, int version, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(additionalData(repository, name, version));
            return new Sealed(cipher.doFinal(value.getBytes(StandardCharsets.UTF_8)), nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + TRANSFORMATION, e);
        }
    }

    /** The value sealed as this repository's secret {@code name} at {@code version}. */
    public String open(String repository, String name, int version, Sealed sealed) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(additionalData(repository, name, version));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new CannotOpen("The secret " + name + " (version " + version + ") of " + repository
                    + " cannot be decrypted: it was sealed under another driftless.secrets.key, or its row was"
                    + " altered or copied from another secret. Put its value again.", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a nonce of the wrong length is refused by init before any tag is checked
            throw new CannotOpen("The secret " + name + " (version " + version + ") of " + repository
                    + " is not a sealed value: " + e.getMessage(), e);
        }
    }

    /** repository, name and version, one per line: none of them can contain a line break. */
    static byte[] additionalData(String repository, String name, int version) {
        return (repository + "\n" + name + "\n" + version).getBytes(StandardCharsets.UTF_8);
    }
}
