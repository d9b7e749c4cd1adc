package io.driftless.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.Views.EnvironmentQuery;

class ListFilterTest {

    @Test
    void aSearchAsTypedBecomesTheQueryAndItsLinks() {
        ListFilter filter = ListFilter.read(" acme/shop ", "login", "#42", "ready", "yes", "on", "abc");
        assertThat(filter.problems()).isEmpty();
        assertThat(filter.query()).isEqualTo(new EnvironmentQuery("acme/shop", "login", 42, RevisionPhase.READY, true,
                true));
        assertThat(filter.queryString()).isEqualTo("repository=acme%2Fshop&q=login&pr=%2342&phase=READY&fork=yes"
                + "&expiring=on");
        assertThat(filter.after()).isEqualTo("abc");
    }

    @Test
    void anEmptySearchFiltersNothing() {
        ListFilter filter = ListFilter.read(null, "", null, null, null, null, " ");
        assertThat(filter.query()).isEqualTo(EnvironmentQuery.ALL);
        assertThat(filter.queryString()).isEmpty();
        assertThat(filter.after()).isNull();
    }

    @Test
    void valuesThatDoNotReadAreNamedAndDoNotFilter() {
        ListFilter filter = ListFilter.read(null, null, "forty-two", "NAPPING", "maybe", null, null);
        assertThat(filter.problems()).hasSize(3);
        assertThat(filter.problems().get(0)).contains("'forty-two'");
        assertThat(filter.query()).isEqualTo(EnvironmentQuery.ALL);
    }
}
