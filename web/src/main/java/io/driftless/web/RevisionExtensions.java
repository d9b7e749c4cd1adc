package io.driftless.web;

import java.time.Instant;
import java.util.Comparator;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.PhaseChangeView;
import io.driftless.api.service.Views.RevisionView;
import io.quarkus.qute.TemplateExtension;

/** What the pages ask of an environment's revisions. */
@TemplateExtension
public final class RevisionExtensions {

    private RevisionExtensions() {
    }

    /** The revision before this one (the highest lower number), which it is compared with; null for the first. */
    static RevisionView previous(EnvironmentView environment, RevisionView revision) {
        return environment.revisions().stream().filter(r -> r.number() < revision.number())
                .max(Comparator.comparingInt(RevisionView::number)).orElse(null);
    }

    /** The revision the alias serves; null when none does yet. */
    static RevisionView current(EnvironmentView environment) {
        return environment.revisions().stream().filter(r -> r.id().equals(environment.currentRevisionId()))
                .findFirst().orElse(null);
    }

    /** When the revision last went to sleep; null when it never did. */
    static Instant asleepSince(RevisionView revision) {
        return revision.phases().stream().filter(c -> c.phase() == RevisionPhase.SLEEPING)
                .map(PhaseChangeView::at).max(Comparator.naturalOrder()).orElse(null);
    }
}
