package io.driftless.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.driftless.api.security.SecretCipher.CannotOpen;
import io.driftless.api.security.SecretCipher.Sealed;

class SecretCipherTest {

    private static final String REPO = "acme/shop";
    private static final String VALUE = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

    private final byte[] key = randomKey();
    private final SecretCipher cipher = new SecretCipher(key);

    @Test
    void aSealedValueOpensToTheSameValue() {
        Sealed sealed = cipher.seal(REPO, "STRIPE_KEY", 1, VALUE);

        assertThat(cipher.open(REPO, "STRIPE_KEY", 1, sealed)).isEqualTo(VALUE);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(new String(sealed.ciphertext(), StandardCharsets.UTF_8)).doesNotContain(VALUE);
    }

    @Test
    void nonAsciiAndEmptyValuesSurviveTheRoundTrip() {
        assertThat(cipher.open(REPO, "X", 3, cipher.seal(REPO, "X", 3, "pässwörd ✓\nline two"))).isEqualTo(
                "pässwörd ✓\nline two");
        assertThat(cipher.open(REPO, "X", 3, cipher.seal(REPO, "X", 3, ""))).isEmpty();
    }

    @Test
    void itIsPlainAes256GcmWithRepositoryNameAndVersionAsAdditionalData() throws Exception {
        Sealed sealed = cipher.seal(REPO, "STRIPE_KEY", 7, VALUE);

        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed.nonce()));
        jdk.updateAAD("acme/shop\nSTRIPE_KEY\n7".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(jdk.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8)).isEqualTo(VALUE);
        assertThat(sealed.ciphertext()).hasSize(VALUE.length() + 16);
    }

    @Test
    void aChangedByteOfTheCiphertextOrNonceDoesNotOpen() {
        Sealed sealed = cipher.seal(REPO, "STRIPE_KEY", 1, VALUE);
        for (int i = 0; i < sealed.ciphertext().length; i++) {
            byte[] tampered = sealed.ciphertext().clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(REPO, "STRIPE_KEY", 1, new Sealed(tampered, sealed.nonce())))
                    .as("byte %d flipped", i).isInstanceOf(CannotOpen.class);
        }
        byte[] nonce = sealed.nonce().clone();
        nonce[0] ^= 0x01;
        assertThatThrownBy(() -> cipher.open(REPO, "STRIPE_KEY", 1, new Sealed(sealed.ciphertext(), nonce)))
                .isInstanceOf(CannotOpen.class);
    }

    @Test
    void aCiphertextMovedToAnotherNameVersionOrRepositoryDoesNotOpen() {
        Sealed sealed = cipher.seal(REPO, "STRIPE_KEY", 1, VALUE);

        assertThatThrownBy(() -> cipher.open(REPO, "OTHER_KEY", 1, sealed)).isInstanceOf(CannotOpen.class)
                .hasMessageContaining("OTHER_KEY").hasMessageNotContaining(VALUE);
        assertThatThrownBy(() -> cipher.open(REPO, "STRIPE_KEY", 2, sealed)).isInstanceOf(CannotOpen.class);
        assertThatThrownBy(() -> cipher.open("acme/shop2", "STRIPE_KEY", 1, sealed)).isInstanceOf(CannotOpen.class);
        // the separator keeps "a/b" + "C_D" apart from "a/b\nC" + "D": names cannot hold a line break
        assertThat(SecretCipher.additionalData("a/b", "C_D", 1)).isNotEqualTo(SecretCipher.additionalData("a/b", "C", 1));
    }

    @Test
    void anotherKeyDoesNotOpen() {
        Sealed sealed = cipher.seal(REPO, "STRIPE_KEY", 1, VALUE);

        assertThatThrownBy(() -> new SecretCipher(randomKey()).open(REPO, "STRIPE_KEY", 1, sealed))
                .isInstanceOf(CannotOpen.class).hasMessageContaining("driftless.secrets.key");
    }

    @Test
    void twoWritesOfTheSameValueGiveDifferentNoncesAndCiphertexts() {
        Sealed first = cipher.seal(REPO, "STRIPE_KEY", 1, VALUE);
        Sealed second = cipher.seal(REPO, "STRIPE_KEY", 1, VALUE);

        assertThat(second.nonce()).isNotEqualTo(first.nonce());
        assertThat(second.ciphertext()).isNotEqualTo(first.ciphertext());
        assertThat(cipher.open(REPO, "STRIPE_KEY", 1, second)).isEqualTo(VALUE);
    }

    @Test
    void aKeyMustBe32BytesOfBase64AndTheErrorDoesNotRepeatIt() {
        String good = Base64.getEncoder().encodeToString(key);
        assertThat(SecretCipher.fromBase64(good + "\n", "driftless.secrets.key")
                .open(REPO, "A", 1, cipher.seal(REPO, "A", 1, VALUE))).isEqualTo(VALUE);

        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretCipher.fromBase64(shortKey, "driftless.secrets.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decodes to 16 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> SecretCipher.fromBase64("not base64!", "driftless.secrets.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not base64").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> new SecretCipher(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
