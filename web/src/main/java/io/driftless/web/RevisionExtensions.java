package io.driftless.web;

import java.util.Comparator;

import io.driftless.api.service.Views.EnvironmentView;
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
}
