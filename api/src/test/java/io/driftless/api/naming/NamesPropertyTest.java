package io.driftless.api.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

import io.driftless.api.rest.GitBranch;

/**
 * Names over generated branch names git accepts: each a host label a certificate can be issued for,
 * never two alike, the same every time. The examples in {@link NamesTest} say what names look like; these
 * say it holds for whatever a repository may push.
 */
class NamesPropertyTest {

    private static final String SPEC_HASH = NamesTest.SPEC_HASH;

    @Property(tries = 10_000)
    void everyNameIsADns1123LabelWithoutTheReservedForm(@ForAll("branches") String branch,
            @ForAll("repositories") String repository) {
        String slug = Names.environmentSlug(repository, repository, branch);
        String revision = Names.revisionName(slug, SPEC_HASH);

        assertThat(List.of(slug, revision)).allSatisfy(name -> {
            assertThat(Names.isDns1123Label(name)).as("%s is a DNS-1123 label", name).isTrue();
            assertThat(Names.hasReservedForm(name)).as("%s has hyphens in places 3 and 4", name).isFalse();
        });
    }

    @Property(tries = 10_000)
    void theSameBranchAlwaysGetsTheSameName(@ForAll("branches") String branch) {
        // a copy, so that nothing can be remembered by identity
        String again = new String(branch.toCharArray());
        assertThat(Names.environmentSlug("acme/shop", "acme/shop", again))
                .isEqualTo(Names.environmentSlug("acme/shop", "acme/shop", branch));
    }

    @Property(tries = 3)
    void tenThousandBranchesGetTenThousandNames(
            @ForAll @Size(10_000) @UniqueElements List<@net.jqwik.api.From("branches") String> branches) {
        Map<String, String> byName = new HashMap<>();
        for (String branch : branches) {
            String earlier = byName.put(Names.environmentSlug("acme/shop", "acme/shop", branch), branch);
            assertThat(earlier).as("a name shared by %s and %s", earlier, branch).isNull();
        }
    }

    /**
     * Branch names of one to five components from an alphabet that mixes what sanitising keeps, drops and
     * folds (ASCII, punctuation git allows, accents, other scripts, emoji), filtered through the rules git
     * itself applies to ref names. Short components are frequent: two-character branches are where the
     * reserved form used to come from.
     */
    @Provide
    Arbitrary<String> branches() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.chars().range('a', 'z')),
                net.jqwik.api.Tuple.of(3, Arbitraries.chars().range('A', 'Z')),
                net.jqwik.api.Tuple.of(3, Arbitraries.chars().range('0', '9')),
                net.jqwik.api.Tuple.of(3, Arbitraries.of('-', '_', '.', '+', '@', '#', '!', '=', ',', '\'')),
                net.jqwik.api.Tuple.of(1, Arbitraries.of('é', 'ü', 'ß', 'ñ', 'ø', 'Å', 'ı', 'ﬁ', 'Ⅻ')),
                net.jqwik.api.Tuple.of(1, Arbitraries.of('日', '本', 'ブ', 'д', 'λ', 'ع')));
        Arbitrary<String> component = Arbitraries.oneOf(
                chars.list().ofMinSize(1).ofMaxSize(3).map(NamesPropertyTest::join),
                chars.list().ofMinSize(1).ofMaxSize(40).map(NamesPropertyTest::join),
                Arbitraries.of("🚀", "ui", "xn", "a-", "-b", "--"));
        return component.list().ofMinSize(1).ofMaxSize(5)
                .map(parts -> String.join("/", parts))
                .filter(GitBranch.Validator::isValid);
    }

    @Provide
    Arbitrary<String> repositories() {
        Arbitrary<String> part = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.")
                .ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return Combinators.combine(part, part).as((owner, name) -> owner + "/" + name);
    }

    private static String join(List<Character> chars) {
        StringBuilder out = new StringBuilder(chars.size());
        chars.forEach(out::append);
        return out.toString();
    }
}
