package io.driftless.api.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Making and checking secrets: API token secrets, their hashes, and password hashes.
 *
 * <p>An API token secret has 256 random bits, so one SHA-256 (the JDK's) is enough to keep it unguessable
 * at rest (a slow hash buys nothing and would cost every API call). Passwords are people's: they are
 * hashed with bcrypt (cost 12) from Bouncy Castle, a maintained implementation of a slow, salted hash made
 * for passwords. Hashes written before, PBKDF2-HMAC-SHA256 with 600,000 iterations, are still checked, and
 * {@link #needsNewHash} tells the login to replace them with bcrypt once it has the password.
 */
public final class Secrets {

    /** API token secrets start with this, so scanners and people recognise them. */
    public static final String TOKEN_PREFIX = "dl_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** bcrypt's work factor: 2^12 rounds, about a quarter of a second on one core of a small server. */
    private static final int BCRYPT_COST = 12;
    /** bcrypt reads this many bytes of a password and ignores the rest. */
    static final int BCRYPT_MAX_BYTES = 72;
    private static final String BCRYPT_PREFIX = "$2b$" + BCRYPT_COST + "$";
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Secrets() {
    }

    /** A new API token secret: the prefix and 256 random bits, URL-safe. */
    public static String newTokenSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A password a person can type: 20 characters without look-alikes (about 117 bits). */
    public static String newPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    /** A UI user's session stamp: 128 random bits, URL-safe (see {@link AppUser#sessionStamp}). */
    public static String newSessionStamp() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Compares in constant time, so the answer's timing tells nothing about how much matched. */
    public static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A bcrypt hash ({@code $2b$12$<salt><hash>}).
     *
     * @throws IllegalArgumentException for a password longer than bcrypt reads (72 bytes in UTF-8), which it
     *         would otherwise cut off without a word, so that two passwords alike in their first 72 bytes
     *         would both match
     */
    public static String hashPassword(String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            throw new IllegalArgumentException("a password may have at most " + BCRYPT_MAX_BYTES
                    + " bytes (in UTF-8): bcrypt ignores the rest");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, BCRYPT_COST);
    }

    /** Whether the password is the one the stored hash was made of (bcrypt, or a PBKDF2 hash of before). */
    public static boolean passwordMatches(String password, String stored) {
        if (stored.startsWith("$2")) {
            try {
                return OpenBSDBCrypt.checkPassword(stored, password.toCharArray());
            } catch (RuntimeException e) {
                // not a bcrypt string Bouncy Castle can read (DataLengthException, IllegalArgumentException)
                return false;
            }
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
    }

    /** Whether a stored hash is of another algorithm or cost than new ones, to be replaced at the next login. */
    public static boolean needsNewHash(String stored) {
        return !stored.startsWith(BCRYPT_PREFIX);
    }

    static String format(int iterations, byte[] salt, byte[] hash) {
        return "pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        }
    }
}
