package io.driftless.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aTokenSecretIsPrefixedUrlSafeAndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = Secrets.newTokenSecret();
            assertThat(secret).startsWith("dl_").hasSize(3 + 43).matches("dl_[A-Za-z0-9_-]+");
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void aTokenIsKeptAsItsSha256() {
        // the SHA-256 of "abc", from FIPS 180-2
        assertThat(Secrets.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aPasswordHashIsASaltedBcryptAndOnlyTheRightPasswordMatches() {
        String first = Secrets.hashPassword("correct horse");
        String second = Secrets.hashPassword("correct horse");

        assertThat(first).startsWith("$2b$12$").hasSize(60).isNotEqualTo(second);
        assertThat(Secrets.passwordMatches("correct horse", first)).isTrue();
        assertThat(Secrets.passwordMatches("correct horse", second)).isTrue();
        assertThat(Secrets.passwordMatches("correct horsf", first)).isFalse();
        assertThat(Secrets.passwordMatches("", first)).isFalse();
        assertThat(Secrets.passwordMatches("correct horse", "plain-text")).isFalse();
        assertThat(Secrets.passwordMatches("correct horse", "$2b$12$not-a-hash")).isFalse();
        assertThat(Secrets.needsNewHash(first)).isFalse();
    }

    @Test
    void aPbkdf2HashOfBeforeStillMatchesAndAsksToBeReplaced() {
        byte[] salt = new byte[16];
        // made as hashPassword made it before bcrypt (PBKDF2-HMAC-SHA256), with fewer iterations to be quick
        String old = Secrets.format(1000, salt, Secrets.pbkdf2("correct horse", salt, 1000));

        assertThat(Secrets.passwordMatches("correct horse", old)).isTrue();
        assertThat(Secrets.passwordMatches("correct horsf", old)).isFalse();
        assertThat(Secrets.needsNewHash(old)).isTrue();
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedRatherThanCutOff() {
        assertThat(Secrets.hashPassword("é".repeat(36))).startsWith("$2b$");
        assertThatThrownBy(() -> Secrets.hashPassword("é".repeat(36) + "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("72 bytes");
    }

    @Test
    void aGeneratedPasswordHasTwentyCharactersWithoutLookAlikes() {
        String password = Secrets.newPassword();
        assertThat(password).hasSize(20).doesNotContainPattern("[0O1lI]");
    }

    @Test
    void constantTimeComparisonStillTellsEqualFromUnequal() {
        assertThat(Secrets.same("dl_abc", "dl_abc")).isTrue();
        assertThat(Secrets.same("dl_abc", "dl_abd")).isFalse();
        assertThat(Secrets.same("dl_abc", "dl_ab")).isFalse();
    }

    @Test
    void aCallersScopeCoversItsRepositoriesWithoutCaseOrAllWithAStar() {
        Caller bot = new Caller("token:ci", Role.bot, Set.of("acme/shop"));
        assertThat(bot.covers("acme/shop")).isTrue();
        assertThat(bot.covers("Acme/Shop")).isTrue();
        assertThat(bot.covers("acme/shop-fork")).isFalse();
        assertThat(bot.covers("evil/shop")).isFalse();
        assertThat(bot.covers(null)).isFalse();
        assertThat(new Caller("token:all", Role.reviewer, Set.of(Caller.ALL)).covers("any/thing")).isTrue();
    }
}
