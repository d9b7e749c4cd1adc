package io.driftless.api.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class NamesTest {

    static final String SPEC_HASH = "711e4c17bcb429216ae9b67db8c2341bfdf48515b064e52876a32ce95550ef47";

    /** Branch names git accepts, the stranger the better. */
    static Stream<String> strangeBranches() {
        return Stream.of(
                "main",
                "feature/login",
                "feature-login",
                "Feature/Login",
                "release/v1.2.3",
                "user@host/fix",
                "a_b_c",
                "fix/ünïcödé-brånch",
                "日本語/ブランチ",
                "emoji/🚀-launch",
                "--",
                "a..b".replace("..", "."),
                "x",
                "deeply/nested/branch/with/many/parts/and/more/parts",
                "UPPER_CASE_BRANCH",
                "trailing-dash-",
                "9-starts-with-digit",
                "ends.with.dot.x",
                "a".repeat(250),
                "ß".repeat(120),
                "feature/" + "long-".repeat(48) + "end");
    }

    @ParameterizedTest
    @MethodSource("strangeBranches")
    void everyNameIsAValidDns1123Label(String branch) {
        String slug = Names.environmentSlug("acme/shop", "acme/shop", branch);
        String revision = Names.revisionName(slug, SPEC_HASH);

        assertThat(Names.isDns1123Label(slug)).as("slug %s", slug).isTrue();
        assertThat(Names.isDns1123Label(revision)).as("revision %s", revision).isTrue();
        assertThat(revision).startsWith("r-711e4c17--");
    }

    @Test
    void theSameInputAlwaysGivesTheSameName() {
        assertThat(Names.environmentSlug("acme/shop", "acme/shop", "feature/login"))
                .isEqualTo(Names.environmentSlug("acme/shop", "acme/shop", "feature/login"))
                .startsWith("feature-login--shop-");
    }

    @Test
    void aTwoCharacterBranchIsJoinedByOneHyphenSoTheHostIsNotInTheReservedForm() {
        assertThat(Names.environmentSlug("acme/shop", "acme/shop", "ui")).matches("ui-shop-[0-9a-f]{10}");
        assertThat(Names.environmentSlug("acme/shop", "acme/shop", "xn")).matches("xn-shop-[0-9a-f]{10}");
        assertThat(Names.environmentSlug("acme/shop", "acme/shop", "abc")).matches("abc--shop-[0-9a-f]{10}");
        assertThat(Names.hasReservedForm("ui--shop")).isTrue();
        assertThat(Names.hasReservedForm("ui-shop")).isFalse();
    }

    @Test
    void branchesThatSanitiseAlikeStillGetDifferentNames() {
        List<String> lookAlikes = List.of("feature/login", "feature-login", "feature_login", "Feature/Login",
                "feature.login", "feature//login".replace("//", "/-"), "feature@login");
        Set<String> slugs = new HashSet<>();
        for (String branch : lookAlikes) {
            slugs.add(Names.environmentSlug("acme/shop", "acme/shop", branch));
        }
        assertThat(slugs).hasSize(lookAlikes.size());
    }

    @Test
    void forksAndOtherOwnersOfTheSameBranchGetDifferentNames() {
        String base = Names.environmentSlug("acme/shop", "acme/shop", "main");
        String fork = Names.environmentSlug("acme/shop", "alice/shop", "main");
        String otherOwner = Names.environmentSlug("bob/shop", "bob/shop", "main");

        assertThat(Set.of(base, fork, otherOwner)).hasSize(3);
    }

    @Test
    void longBranchesThatDifferOnlyAtTheEndGetDifferentNames() {
        String prefix = "feature/" + "x".repeat(200);
        String a = Names.environmentSlug("acme/shop", "acme/shop", prefix + "-a");
        String b = Names.environmentSlug("acme/shop", "acme/shop", prefix + "-b");

        assertThat(a).hasSizeLessThanOrEqualTo(63).isNotEqualTo(b);
        assertThat(Names.revisionName(a, SPEC_HASH)).isNotEqualTo(Names.revisionName(b, SPEC_HASH));
    }

    @Test
    void differentSpecsOfOneEnvironmentGetDifferentRevisionNames() {
        String slug = Names.environmentSlug("acme/shop", "acme/shop", "main");
        String other = "0" + SPEC_HASH.substring(1);

        assertThat(Names.revisionName(slug, SPEC_HASH)).isNotEqualTo(Names.revisionName(slug, other));
    }

    @Test
    void aBranchWithNoLatinLettersStillGetsAReadableRepositoryPart() {
        assertThat(Names.environmentSlug("acme/shop", "acme/shop", "日本語")).matches("shop-[0-9a-f]{10}");
    }

    @Test
    void accentsAreFoldedIntoTheirLetters() {
        assertThat(Names.sanitize("Ünïcödé Brånch")).isEqualTo("unicode-branch");
    }

    @Test
    void hostsAreMadeUnderTheBaseDomain() {
        assertThat(Names.host("feature-login--shop-1234567890", "preview.localhost"))
                .isEqualTo("feature-login--shop-1234567890.preview.localhost");
    }

    @Test
    void dns1123CheckRejectsWhatKubernetesRejects() {
        assertThat(Names.isDns1123Label("-a")).isFalse();
        assertThat(Names.isDns1123Label("a-")).isFalse();
        assertThat(Names.isDns1123Label("A")).isFalse();
        assertThat(Names.isDns1123Label("a".repeat(64))).isFalse();
        assertThat(Names.isDns1123Label("a".repeat(63))).isTrue();
    }
}
