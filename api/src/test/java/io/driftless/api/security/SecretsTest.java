package io.driftless.api.security;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aPasswordHashIsSaltedAndOnlyTheRightPasswordMatches() {
        String first = Secrets.hashPassword("correct horse");
        String second = Secrets.hashPassword("correct horse");

        assertThat(first).startsWith("pbkdf2-sha256$600000$").isNotEqualTo(second);
        assertThat(Secrets.passwordMatches("correct horse", first)).isTrue();
        assertThat(Secrets.passwordMatches("correct horse", second)).isTrue();
        assertThat(Secrets.passwordMatches("correct horsf", first)).isFalse();
        assertThat(Secrets.passwordMatches("", first)).isFalse();
        assertThat(Secrets.passwordMatches("correct horse", "plain-text")).isFalse();
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
